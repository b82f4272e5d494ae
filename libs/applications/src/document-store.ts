import type { Readable } from 'node:stream';

/**
 * Where document contents live, addressed by their SHA-256 (the same bytes are stored once).
 * The local-disk adapter keeps them under STORAGE_DIR; the S3 adapter in a bucket of any
 * S3-compatible service (STORAGE_BACKEND=s3). Uploads reach `put` as a temporary file that was
 * streamed (and hashed) to disk, never as a buffer of the whole document.
 */
export abstract class DocumentStore {
  /** Stores the temporary file's content under `sha256` unless it is there already; the caller removes the file. */
  abstract put(sha256: string, tempPath: string, sizeBytes: number, mediaType: string): Promise<void>;

  /** The content, as a stream; rejects when it is missing (the server's fault: it was stored). */
  abstract open(sha256: string): Promise<Readable>;
}
