import type { components } from '@tenggat/api-client';
import { ApiError, readCookie, type Problem } from '../api/client';

type UploadedDocument = components['schemas']['DocumentView'];

const isProblem = (x: unknown): x is Problem => typeof x === 'object' && x !== null && 'status' in x && 'code' in x && 'detail' in x;
const isDocument = (x: unknown): x is UploadedDocument => typeof x === 'object' && x !== null && 'id' in x && 'sha256' in x && 'requirement' in x;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Uploads one document with XMLHttpRequest, which (unlike fetch) reports upload progress. Same
 * session cookie and CSRF header as every other write; the requirement goes before the file so
 * the API refuses an oversized file while it arrives.
 */
export function uploadDocument(caseId: string, requirement: string, file: File, onProgress: (share: number) => void): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/applications/${encodeURIComponent(caseId)}/documents`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-CSRF-Token', readCookie('tenggat_csrf') ?? '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && isDocument(body)) {
        onProgress(1);
        resolve(body);
      } else reject(new ApiError(xhr.status, isProblem(body) ? body : undefined));
    };
    xhr.onerror = () => reject(new TypeError('network'));
    const form = new FormData();
    form.append('requirement', requirement);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
