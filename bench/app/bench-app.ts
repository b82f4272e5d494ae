import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AdjustableClock, Clock, createRedis } from '@tenggat/platform';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { BareModule } from './bare.module';

/** The real API (AppModule, configured by configureApp) plus the bench-only baseline endpoints. */
@Module({ imports: [AppModule, BareModule] })
class BenchAppModule {}

export interface BenchApp {
  app: INestApplication;
  url: string;
  db: DataSource;
  clock: AdjustableClock;
  close(): Promise<void>;
}

/**
 * Starts the application in this process, listening on a free port of 127.0.0.1, with the SLA
 * processors and the reconciler in-process (RUN_WORKERS=true, as the README's one command runs
 * it). Its clock is set to the instant the seeded data describes, so that the snapshot is
 * "now" however long ago it was seeded; it then ticks with real time.
 */
export async function startBenchApp(at: Date): Promise<BenchApp> {
  const app = await NestFactory.create(BenchAppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const clock = app.get<Clock, AdjustableClock>(Clock);
  clock.set(at);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, db: app.get(DataSource), clock, close: () => app.close() };
}

/** Deletes every key under the bench's own queue prefix (never FLUSHALL: the Redis is shared). */
export async function deletePrefixedKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix || prefix.length < 8) throw new Error(`refusing to delete keys under the prefix "${prefix}"`);
  const redis = createRedis(redisUrl, { lazyConnect: false });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  return deleted;
}
