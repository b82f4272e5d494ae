import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

/** Any 64-bit key unique to Tenggat's migrations. */
const MIGRATION_LOCK_KEY = 7_305_190_421;

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
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
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
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ds = new DataSource({ ...options, migrationsRun: false, synchronize: false, logging: false });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
