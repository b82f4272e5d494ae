import 'tsconfig-paths/register';
import { Client } from 'pg';
import { runMigrations } from '@tenggat/schema';
import { assertTestDatabase, runDatabaseUrl } from './test-env';

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

/** A fresh database per run, migrated once (no synchronize). */
export default async function globalSetup(): Promise<void> {
  const url = runDatabaseUrl();
  assertTestDatabase(url);
  process.env.TENGGAT_RUN_DATABASE_URL = url; // inherited by the test workers
  await dropDatabase(url);
  await runMigrations(url);
}
