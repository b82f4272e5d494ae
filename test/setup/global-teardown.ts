import { Redis } from 'ioredis';
import { dropDatabase } from './global-setup';
import { TEST_REDIS_URL } from './test-env';

/** Drops the run's database and deletes the run's keys on the shared Redis (never a FLUSH). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TENGGAT_RUN_DATABASE_URL && !process.env.KEEP_TEST_DATABASE) await dropDatabase(process.env.TENGGAT_RUN_DATABASE_URL);
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    // in band, the tests ran in this process, under this pid's prefix (test/setup/env.ts)
    const stream = redis.scanStream({ match: `tenggat-test-${process.pid}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } catch {
    // Redis being down must not fail a run whose tests passed
  } finally {
    redis.disconnect();
  }
}
