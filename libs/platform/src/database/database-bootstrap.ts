import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { createDatabase, databaseExists, lockMigrations, unlockMigrations } from './server.repository';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Creates the database named in the URL if it does not exist (connects to `postgres` to do it); true when it did. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Refusing to create database with name "${name}"`);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    if (!(await databaseExists(admin, name))) {
      try {
        await createDatabase(admin, name);
        return true;
      } catch (e) {
        // another process created it between the check and the create
        if ((e as { code?: string }).code !== '42P04') throw e;
      }
    }
    return false;
  } finally {
    await admin.end();
  }
}

/**
 * Runs pending migrations under a Postgres advisory lock so that two instances starting at
 * once cannot race; the second waits, then finds nothing to do. Returns the names applied.
 */
export async function migrate(options: DataSourceOptions & { url: string }): Promise<string[]> {
  await ensureDatabase(options.url);
  const lock = new Client({ connectionString: options.url });
  await lock.connect();
  try {
    await lockMigrations(lock);
    const ds = new DataSource({ ...options, migrationsRun: false, synchronize: false, logging: false });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await unlockMigrations(lock).catch(() => undefined);
    await lock.end();
  }
}
