import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { AuthUser } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { fromBuffer } from 'file-type';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource, IsNull } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { CaseReader } from './case-reader';
import { documentView } from './case-views';
import { DocumentEntity } from './document.entity';

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Uploads, checked against the requirement (declared and real type, size), stored by SHA-256. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async upload(user: AuthUser, id: string, requirement: string, file: UploadedFile | undefined): Promise<Record<string, unknown>> {
    const app = await this.reader.load(user, id);
    if (app.applicantId !== user.id) throw new DomainError('forbidden', 'not-the-applicant', 'Only the applicant uploads documents');
    const def = (await this.reader.permitType(app)).definition;
    assertTakesDocuments(def, app);
    const req = def.requirements.find((r) => r.code === requirement);
    if (!req) {
      throw new DomainError('unprocessable', 'unknown-requirement', `"${requirement}" is not a requirement of ${def.code}`, {
        errors: [{ field: 'requirement', message: `must be one of: ${def.requirements.map((r) => r.code).join(', ')}` }],
      });
    }
    if (!file || file.size === 0) {
      throw new DomainError('invalid', 'file-missing', 'Send the document as the multipart field "file"', { errors: [{ field: 'file', message: 'required' }] });
    }
    if (file.size > req.maxBytes) {
      throw new DomainError('unprocessable', 'file-too-large', `${req.name} may be at most ${req.maxBytes} bytes; this file has ${file.size}`, {
        errors: [{ field: 'file', message: `larger than ${req.maxBytes} bytes` }],
      });
    }
    const sniffed = await fromBuffer(file.buffer);
    const realType = sniffed?.mime ?? (looksLikeText(file.buffer) ? 'text/plain' : 'application/octet-stream');
    if (!req.mediaTypes.includes(realType) || (file.mimetype && !req.mediaTypes.includes(file.mimetype) && file.mimetype !== 'application/octet-stream')) {
      throw new DomainError('unprocessable', 'unsupported-media-type', `${req.name} must be one of ${req.mediaTypes.join(', ')}; the file is ${realType}`, {
        errors: [{ field: 'file', message: `content is ${realType}, declared ${file.mimetype || 'nothing'}` }],
      });
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    await this.store(sha256, file.buffer);
    const now = this.clock.now();
    const fileName = cleanFileName(file.originalname, requirement);
    const doc = await this.db.transaction(async (m) => {
      // checked again under the lock: a submission (or resubmission) may have committed meanwhile
      const locked = await m.query<Pick<ApplicationEntity, 'status' | 'state'>[]>('SELECT status, state FROM applications WHERE id = $1 FOR UPDATE', [app.id]);
      assertTakesDocuments(def, locked[0]);
      const previous = await m.findOneBy(DocumentEntity, { applicationId: app.id, requirementCode: requirement, supersededAt: IsNull() });
      if (previous) await m.update(DocumentEntity, { id: previous.id }, { supersededAt: now });
      const saved = await m.save(
        m.create(DocumentEntity, {
          applicationId: app.id,
          requirementCode: requirement,
          fileName,
          mediaType: realType,
          sizeBytes: file.size,
          sha256,
          uploadedBy: user.id,
          uploadedAt: now,
        }),
      );
      await this.audit.append(m, {
        stream: `case:${app.id}`,
        caseId: app.id,
        actorId: user.id,
        actorRole: 'applicant',
        action: previous ? 'document.replaced' : 'document.uploaded',
        entityType: 'document',
        entityId: saved.id,
        before: previous ? { documentId: previous.id, sha256: previous.sha256 } : null,
        after: { requirement, sha256, sizeBytes: file.size, mediaType: realType },
        at: now,
      });
      return saved;
    });
    return documentView(doc);
  }

  async list(user: AuthUser, id: string): Promise<Record<string, unknown>[]> {
    const app = await this.reader.load(user, id);
    const docs = await this.db.manager.find(DocumentEntity, { where: { applicationId: app.id }, order: { uploadedAt: 'ASC' } });
    return docs.map((d) => ({ ...documentView(d), current: d.supersededAt === null }));
  }

  async download(user: AuthUser, id: string, documentId: string): Promise<{ doc: DocumentEntity; stream: Readable }> {
    const app: ApplicationEntity = await this.reader.load(user, id);
    const doc = await this.db.manager.findOneBy(DocumentEntity, { id: documentId, applicationId: app.id });
    if (!doc) throw new DomainError('not-found', 'document-not-found', `Document ${documentId} was not found`);
    const path = this.pathOf(doc.sha256);
    await access(path); // a stored file gone missing is the server's fault (500, logged), not a half-sent download
    return { doc, stream: createReadStream(path) };
  }

  private pathOf(sha: string): string {
    return join(this.config.get('STORAGE_DIR'), sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  /** Content-addressed: written once via a temporary file and an atomic rename. */
  private async store(sha: string, data: Buffer): Promise<void> {
    const path = this.pathOf(sha);
    try {
      await access(path);
      return;
    } catch {
      /* not stored yet */
    }
    await mkdir(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }
}

/** Documents change only while a draft, or while the clock is stopped for a deficiency notice. */
function assertTakesDocuments(def: PermitTypeDefinition, app: Pick<ApplicationEntity, 'status' | 'state'> | undefined): void {
  const answering = app?.status === 'open' && def.states[app.state]?.clock === 'stopped';
  if (app?.status !== 'draft' && !answering) {
    throw new DomainError('conflict', 'documents-locked', 'Documents can be added or replaced only while a draft or answering a deficiency notice');
  }
}

/**
 * The client's file name, kept for display only (files are stored by hash): without control
 * and bidirectional-formatting characters, broken surrogates, quotes or path separators, which
 * Postgres, headers or a reader's screen would choke on.
 */
export function cleanFileName(name: string, fallback: string): string {
  const dropped = (c: number): boolean =>
    c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x22 || c === 0x2f || c === 0x5c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  let out = '';
  for (const ch of name) {
    // iterating by code point leaves a lone surrogate as a one-unit string: drop it
    const c = ch.codePointAt(0) ?? 0;
    if (dropped(c) || (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)) continue;
    if (out.length + ch.length > 255) break;
    out += ch;
  }
  out = out.trim();
  return out === '' || out === '.' || out === '..' ? fallback : out;
}

function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  return !sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').equals(sample);
}
