import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { AuthUser } from '@tenggat/identity';
import { AppConfig, DomainError } from '@tenggat/platform';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { finished } from 'node:stream';
import { finalize, Observable } from 'rxjs';
import { DocumentsService } from './documents.service';
import { UploadSlots } from './upload-slots';
import { HashingDiskStorage, removeQuietly } from './upload-storage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a third concurrent upload is told to wait, in seconds. */
const UPLOAD_RETRY_AFTER_S = 5;

/**
 * Runs an upload in the order that keeps a stranger from costing the server anything: the
 * caller is authenticated (the access guard), the case must exist, be the caller's and take
 * documents, and the caller may have only a few uploads in progress, all before a byte of the
 * body is read. Only then is the body parsed, the file streamed to a temporary file (never
 * held in memory) and stopped as soon as it passes the server's cap (413) or the requirement's
 * limit (422). The temporary file is deleted whatever happens next.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly documents: DocumentsService,
    private readonly slots: UploadSlots,
    private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const user = req.user;
    if (!user) throw new Error('DocumentUploadInterceptor needs a route with @Access(...)');
    const id = String(req.params.id);
    if (!UUID.test(id)) {
      throw new DomainError('invalid', 'validation-failed', 'id must be a UUID', { errors: [{ field: 'id', message: 'must be a UUID' }] });
    }

    const admission = await this.documents.admit(user, id);

    const release = this.slots.tryAcquire(user.id);
    if (!release) {
      throw new DomainError('too-many-requests', 'too-many-uploads', `You already have ${this.slots.perUser} uploads in progress; send the next one when one has finished`, {
        retryAfter: UPLOAD_RETRY_AFTER_S,
      });
    }
    finished(res, () => release()); // response sent or connection gone

    const cap = this.config.get('MAX_UPLOAD_BYTES');
    const parse = multer({
      storage: new HashingDiskStorage(admission.tempDir, admission.limitFor),
      limits: { fileSize: cap, files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 20 },
      defParamCharset: 'utf8', // curl and browsers send UTF-8 file names
    }).single('file');
    try {
      await run(parse, req, res);
    } catch (e) {
      throw multipartError(e, cap);
    }
    const stored = req.file?.path;
    // taken into storage by the service (renamed away) or refused: either way nothing is left behind
    return next.handle().pipe(finalize(() => void removeQuietly(stored)));
  }
}

function run(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    middleware(req, res, (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error('multipart parsing failed')) : resolve()));
  });
}

/** The client's malformed or oversized body is a 4xx; the server's own failure (disk full) stays a 500. */
function multipartError(e: unknown, cap: number): unknown {
  if (e instanceof DomainError || e instanceof HttpException) return e;
  if (e instanceof MulterError) {
    if (e.code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeException(`The file is larger than the ${cap} bytes this server takes in one upload`);
    return new DomainError('invalid', 'malformed-upload', e.field ? `${e.message}: ${e.field}` : e.message);
  }
  const systemError = typeof (e as { syscall?: unknown } | null)?.syscall === 'string';
  if (e instanceof Error && !systemError) return new DomainError('invalid', 'malformed-upload', `The multipart body could not be read: ${e.message}`);
  return e;
}
