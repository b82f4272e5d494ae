/**
 * The database and Redis the e2e suite uses. Each run gets its own database (its name
 * contains "test" and the runner's pid), so parallel runs never drop each other's data.
 */
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tenggat_e2e_test';

export function runDatabaseUrl(): string {
  if (process.env.TENGGAT_RUN_DATABASE_URL) return process.env.TENGGAT_RUN_DATABASE_URL;
  const u = new URL(base);
  u.pathname = `${u.pathname}_${process.pid}`;
  return u.toString();
}

/** A database of a test file's own, named after the run's (so it still contains "test"), with a suffix. */
export function ownDatabaseUrl(suffix: string): string {
  const u = new URL(runDatabaseUrl());
  u.pathname = `${u.pathname}_${suffix}`;
  return u.toString();
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test')) throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
}
