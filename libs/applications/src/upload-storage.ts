import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** How many leading bytes of an upload are kept in memory to tell text from binary. */
export const UPLOAD_HEAD_BYTES = 4096;

/** An upload streamed to a temporary file: never held in memory as a whole. */
export interface StoredUpload {
  originalname: string;
  /** The type the client declared. */
  mimetype: string;
  size: number;
  /** The temporary file; whoever takes the upload moves or deletes it. */
  path: string;
  sha256: string;
  /** The first bytes, for sniffing. */
  head: Buffer;
}

/** The most bytes the file may have, and the error that refuses it when it has more. */
export interface UploadLimit {
  maxBytes: number;
  exceeded(): Error;
}

/**
 * A multer storage engine that streams the file to `<dir>/<uuid>.part` while hashing it
 * (SHA-256), counting its bytes and keeping its first bytes for sniffing. It stops, deletes the
 * partial file and fails the request as soon as the file passes `limitFor(requirement)` (the
 * requirement field is known by then when the form sends it before the file, as browsers and
 * curl do when it comes first). Every failure deletes the temporary file.
 */
export class HashingDiskStorage implements StorageEngine {
  constructor(
    private readonly dir: string,
    private readonly limitFor: (requirement: string | undefined) => UploadLimit,
  ) {}

  _handleFile(req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    const body = req.body as Record<string, unknown> | undefined;
    const requirement = typeof body?.requirement === 'string' ? body.requirement : undefined;
    this.store(file, this.limitFor(requirement)).then(
      (stored) => callback(null, stored as unknown as Partial<Express.Multer.File>),
      (e: unknown) => callback(e),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    removeQuietly(file.path).then(
      () => callback(null),
      () => callback(null),
    );
  }

  private async store(file: Express.Multer.File, limit: UploadLimit): Promise<Omit<StoredUpload, 'originalname' | 'mimetype'>> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${randomUUID()}.part`);
    const meter = new UploadMeter(limit);
    try {
      await pipeline(file.stream, meter, createWriteStream(path, { flags: 'wx' }));
    } catch (e) {
      await removeQuietly(path);
      file.stream.resume(); // let the parser go on to the end of the request (multer drains it)
      throw e;
    }
    return { path, size: meter.size, sha256: meter.sha256(), head: meter.head() };
  }
}

/** Counts, hashes and keeps the head of what passes through; fails once past the limit. */
class UploadMeter extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly limit: UploadLimit) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit.maxBytes) return done(this.limit.exceeded());
    this.hash.update(chunk);
    if (this.headLength < UPLOAD_HEAD_BYTES) {
      const part = chunk.subarray(0, UPLOAD_HEAD_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part)); // a copy: never pin the whole chunk
      this.headLength += part.length;
    }
    done(null, chunk);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

export async function removeQuietly(path: string | undefined): Promise<void> {
  if (!path) return;
  await unlink(path).catch(() => undefined);
}
