import { createReadStream } from 'node:fs';
import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DocumentStore } from './document-store';

/** Documents on the local disk (or a shared volume): `<dir>/ab/cd/<sha256>`. */
export class LocalDocumentStore extends DocumentStore {
  constructor(private readonly dir: string) {
    super();
  }

  /** The temporary file is renamed into place (atomic), unless the same content is stored already. */
  async put(sha256: string, tempPath: string): Promise<void> {
    const path = this.pathOf(sha256);
    if (await exists(path)) return;
    await mkdir(join(path, '..'), { recursive: true });
    await rename(tempPath, path);
  }

  async open(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    await access(path); // a stored file gone missing is the server's fault (500, logged), not a half-sent download
    return createReadStream(path);
  }

  private pathOf(sha: string): string {
    return join(this.dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
