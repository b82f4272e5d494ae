import { canonicalJson } from '@tenggat/canonical-json';
import { createHash, Hash } from 'node:crypto';

/** SHA-256 of a JSON body, canonicalised (key order and spacing do not matter). */
export function jsonFingerprint(body: unknown): string {
  let text: string;
  try {
    text = canonicalJson(body ?? null);
  } catch {
    text = JSON.stringify(body ?? null);
  }
  return createHash('sha256').update(text).digest('hex');
}

/**
 * SHA-256 of a multipart body without its boundary (which a client draws afresh for every
 * request), fed chunk by chunk: a boundary split across two chunks is still removed.
 */
export class MultipartFingerprint {
  private readonly hash: Hash = createHash('sha256');
  private carry = Buffer.alloc(0);
  private readonly boundary: Buffer;

  constructor(boundary: string) {
    this.boundary = Buffer.from(boundary);
  }

  update(chunk: Buffer): void {
    let buf = Buffer.concat([this.carry, chunk]);
    for (let i = buf.indexOf(this.boundary); i >= 0; i = buf.indexOf(this.boundary)) {
      this.hash.update(buf.subarray(0, i));
      buf = buf.subarray(i + this.boundary.length);
    }
    const keep = Math.min(buf.length, this.boundary.length - 1);
    this.hash.update(buf.subarray(0, buf.length - keep));
    this.carry = Buffer.from(buf.subarray(buf.length - keep));
  }

  digest(): string {
    this.hash.update(this.carry);
    return this.hash.digest('hex');
  }
}

/** The boundary of a multipart/form-data content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}
