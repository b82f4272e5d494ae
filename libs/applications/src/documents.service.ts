import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { AuthUser } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { fromFile } from 'file-type';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { CaseRepository } from './case.repository';
import { caseEvent } from './case-event';
import { CaseReader } from './case-reader';
import { documentView } from './case-views';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentStore } from './document-store';
import { documentFileName } from './document-names';
import { removeQuietly, StoredUpload, UploadLimit } from './upload-storage';
import { DocumentListItem, DocumentView } from './applications.views';

export { cleanFileName } from './document-names';

/** Where a case stands for an upload, known before its body is read. */
export interface UploadAdmission {
  /** Where the body is streamed to before it is checked and moved into place. */
  tempDir: string;
  /** The limit a file for `requirement` must keep while it streams (the requirement may not be known yet). */
  readonly limitFor: (requirement: string | undefined) => UploadLimit;
}

/**
 * Uploads, checked against the requirement (declared and real type, size) and the case's
 * quotas (versions per requirement, bytes per case), stored once by SHA-256.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: CaseReader,
    private readonly cases: CaseRepository,
    private readonly documents: DocumentRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: DocumentStore,
  ) {}

  /**
   * Whether the caller may upload to this case at all: it exists and is theirs (404 otherwise,
   * as for any case one may not see), it takes documents now (409), and it has room left (422).
   * Called before the request body is read.
   */
  async admit(user: AuthUser, id: string): Promise<UploadAdmission> {
    const app = await this.reader.load(user, id);
    if (app.applicantId !== user.id) throw new DomainError('forbidden', 'not-the-applicant', 'Only the applicant uploads documents');
    const def = (await this.reader.permitType(app)).definition;
    assertTakesDocuments(def, app);
    const maxCaseBytes = this.config.get('MAX_APPLICATION_BYTES');
    const used = await this.documents.bytesOf(app.id);
    const room = Math.max(0, maxCaseBytes - used);
    if (room === 0) throw storageExceeded(maxCaseBytes, used);
    return {
      tempDir: join(this.config.get('STORAGE_DIR'), 'tmp'),
      limitFor: (requirement) => {
        const req = def.requirements.find((r) => r.code === requirement);
        if (req && req.maxBytes <= room) return { maxBytes: req.maxBytes, exceeded: () => fileTooLarge(req.name, req.maxBytes) };
        return { maxBytes: room, exceeded: () => storageExceeded(maxCaseBytes, used) };
      },
    };
  }

  /** Takes a streamed upload into storage, or refuses it; the temporary file never outlives the call. */
  async upload(user: AuthUser, id: string, requirement: string, file: StoredUpload | undefined): Promise<DocumentView> {
    try {
      return await this.accept(user, id, requirement, file);
    } finally {
      await removeQuietly(file?.path); // gone already when it was moved into place
    }
  }

  private async accept(user: AuthUser, id: string, requirement: string, file: StoredUpload | undefined): Promise<DocumentView> {
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
    if (file.size > req.maxBytes) throw fileTooLarge(req.name, req.maxBytes);
    const sniffed = await fromFile(file.path);
    const realType = sniffed?.mime ?? (looksLikeText(file.head) ? 'text/plain' : 'application/octet-stream');
    if (!req.mediaTypes.includes(realType) || (file.mimetype && !req.mediaTypes.includes(file.mimetype) && file.mimetype !== 'application/octet-stream')) {
      throw new DomainError('unprocessable', 'unsupported-media-type', `${req.name} must be one of ${req.mediaTypes.join(', ')}; the file is ${realType}`, {
        errors: [{ field: 'file', message: `content is ${realType}, declared ${file.mimetype || 'nothing'}` }],
      });
    }
    const { sha256, size } = file;
    const now = this.clock.now();
    const fileName = documentFileName(file.originalname, realType, requirement);
    const doc = await this.db.transaction(async (m) => {
      // checked again under the lock: a submission (or resubmission) may have committed meanwhile
      assertTakesDocuments(def, (await this.cases.lockForDocuments(m, app.id)) ?? undefined);
      await this.assertRoom(m, app.id, req.code, req.name, size);
      const { saved, previous } = await this.documents.replace(m, {
        applicationId: app.id,
        requirementCode: requirement,
        fileName,
        mediaType: realType,
        sizeBytes: size,
        sha256,
        uploadedBy: user.id,
        uploadedAt: now,
      });
      await this.audit.append(m, caseEvent(app.id, {
        actor: { id: user.id, role: 'applicant' },
        action: previous ? 'document.replaced' : 'document.uploaded',
        entityType: 'document',
        entityId: saved.id,
        before: previous ? { documentId: previous.id, sha256: previous.sha256 } : null,
        after: { requirement, sha256, sizeBytes: size, mediaType: realType },
        at: now,
      }));
      // last, so a refusal above leaves no stored file behind
      await this.store.put(sha256, file.path, size, realType);
      return saved;
    });
    return documentView(doc);
  }

  /** Replaced documents are kept (they are evidence), within a cap of versions per requirement and of bytes per case. */
  private async assertRoom(m: EntityManager, applicationId: string, requirementCode: string, requirementName: string, size: number): Promise<void> {
    const maxVersions = this.config.get('MAX_DOCUMENT_VERSIONS');
    const versions = await this.documents.versionsOf(m, applicationId, requirementCode);
    if (versions >= maxVersions) {
      throw new DomainError(
        'unprocessable',
        'document-versions-exceeded',
        `${requirementName} has been uploaded ${versions} times, the most this case keeps; earlier versions stay on record and cannot be removed`,
        { maxVersions, errors: [{ field: 'requirement', message: `at most ${maxVersions} versions per requirement` }] },
      );
    }
    const maxCaseBytes = this.config.get('MAX_APPLICATION_BYTES');
    const used = await this.documents.bytesOf(applicationId, m);
    if (used + size > maxCaseBytes) throw storageExceeded(maxCaseBytes, used);
  }

  async list(user: AuthUser, id: string): Promise<DocumentListItem[]> {
    const app = await this.reader.load(user, id);
    const docs = await this.documents.allOf(app.id);
    return docs.map((d) => ({ ...documentView(d), current: d.supersededAt === null }));
  }

  async download(user: AuthUser, id: string, documentId: string): Promise<{ doc: DocumentEntity; stream: Readable }> {
    const app: ApplicationEntity = await this.reader.load(user, id);
    const doc = await this.documents.byId(app.id, documentId);
    if (!doc) throw new DomainError('not-found', 'document-not-found', `Document ${documentId} was not found`);
    // a stored document gone missing is the server's fault (500, logged), not a half-sent download
    return { doc, stream: await this.store.open(doc.sha256) };
  }
}

const fileTooLarge = (name: string, maxBytes: number): DomainError =>
  new DomainError('unprocessable', 'file-too-large', `${name} may be at most ${maxBytes} bytes; this file is larger`, {
    errors: [{ field: 'file', message: `larger than ${maxBytes} bytes` }],
  });

const storageExceeded = (maxBytes: number, used: number): DomainError =>
  new DomainError(
    'unprocessable',
    'application-storage-exceeded',
    `The documents of an application may take at most ${maxBytes} bytes, replaced versions included; ${used} are used, too few are left for this file`,
    { maxBytes, usedBytes: used, errors: [{ field: 'file', message: `more than the ${Math.max(0, maxBytes - used)} bytes left for this application` }] },
  );

/** Documents change only while a draft, or while the clock is stopped for a deficiency notice. */
function assertTakesDocuments(def: PermitTypeDefinition, app: Pick<ApplicationEntity, 'status' | 'state'> | undefined): void {
  if (!app || !ApplicationEntity.takesDocuments(app, def)) {
    throw new DomainError('conflict', 'documents-locked', 'Documents can be added or replaced only while a draft or answering a deficiency notice');
  }
}

function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  return !sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').equals(sample);
}
