import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (process.env.TENGGAT_RUN_DATABASE_URL && !process.env.KEEP_TEST_DATABASE) await dropDatabase(process.env.TENGGAT_RUN_DATABASE_URL);
}
