import 'tsconfig-paths/register';
import { Client } from 'pg';
import { runMigrations } from '@tenggat/schema';
import { assertTestDatabase, TEST_DATABASE_URL } from './test-env';

/** A fresh database per run, migrated once (no synchronize). */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(TEST_DATABASE_URL);
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await runMigrations(TEST_DATABASE_URL);
}
