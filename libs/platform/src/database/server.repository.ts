import { Client } from 'pg';

/**
 * The SQL Tenggat sends to the Postgres server itself, before any module or table exists:
 * probing it, creating the database, and the advisory lock migrations run under.
 */

/** Any 64-bit key unique to Tenggat's migrations. */
const MIGRATION_LOCK_KEY = 7_305_190_421;

export async function ping(client: Client): Promise<void> {
  await client.query('SELECT 1');
}

export async function databaseExists(admin: Client, name: string): Promise<boolean> {
  return ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
}

/** `name` must have been checked to be a plain identifier. */
export async function createDatabase(admin: Client, name: string): Promise<void> {
  await admin.query(`CREATE DATABASE "${name}"`);
}

/** Waits until no other process runs migrations (session-level: until unlockMigrations or the connection ends). */
export async function lockMigrations(client: Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

export async function unlockMigrations(client: Client): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
}
