import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { OnApplicationShutdown } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { AppConfig } from '@tenggat/platform';
import { DocumentStore } from './document-store';
import { LocalDocumentStore } from './local-document-store';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service's URL (MinIO, Ceph, a cloud's object storage); unset: AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default chain (environment, instance role, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Documents in an S3 bucket, `documents/ab/cd/<sha256>`, through the AWS SDK v3. The temporary
 * file is streamed to PutObject with its length (never read into memory); the SHA-256 is kept as
 * object metadata beside the key that already is it.
 */
export class S3DocumentStore extends DocumentStore implements OnApplicationShutdown {
  private readonly s3: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    super();
    this.s3 = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // no default CRC checksums (sent as aws-chunked bodies): many S3-compatible services store
      // them as part of the object; the key is the content's SHA-256 anyway
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(sha256: string, tempPath: string, sizeBytes: number, mediaType: string): Promise<void> {
    const key = this.keyOf(sha256);
    if (await this.has(key)) return;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: createReadStream(tempPath),
        ContentLength: sizeBytes,
        ContentType: mediaType,
        Metadata: { sha256 },
      }),
    );
  }

  async open(sha256: string): Promise<Readable> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
    if (!(out.Body instanceof Readable)) throw new Error(`S3 answered no stream for document ${sha256}`);
    return out.Body;
  }

  onApplicationShutdown(): void {
    this.s3.destroy();
  }

  private async has(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (e) {
      if (e instanceof NotFound || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw e;
    }
  }

  private keyOf(sha: string): string {
    return `documents/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
  }
}

/** The store STORAGE_BACKEND names: the local disk (STORAGE_DIR) or an S3 bucket (S3_*). */
export function documentStoreFor(c: AppConfig): DocumentStore {
  if (c.get('STORAGE_BACKEND') === 'local') return new LocalDocumentStore(c.get('STORAGE_DIR'));
  const accessKeyId = c.get('S3_ACCESS_KEY_ID');
  const secretAccessKey = c.get('S3_SECRET_ACCESS_KEY');
  return new S3DocumentStore({
    bucket: c.get('S3_BUCKET'),
    region: c.get('S3_REGION'),
    endpoint: c.get('S3_ENDPOINT') || undefined,
    forcePathStyle: c.get('S3_FORCE_PATH_STYLE'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}
