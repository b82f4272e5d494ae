import { Redis, RedisOptions } from 'ioredis';
import { processLogger } from '../startup/run-process';

const log = processLogger('redis');

/**
 * ioredis prints "Unhandled error event" in plain text, on every retry, when a client has no
 * error listener. Every client gets one that logs JSON at most once per 30 s.
 */
export function quietErrors(redis: Redis, what: string): Redis {
  let last = 0;
  redis.on('error', (e: Error) => {
    if (Date.now() - last < 30_000) return;
    last = Date.now();
    log.error({ err: { message: e.message, code: (e as { code?: string }).code } }, `Redis (${what}) connection error: ${e.message}`);
  });
  return redis;
}

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return quietErrors(new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra }), 'shared');
}

export function bullConnection(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    maxRetriesPerRequest: null,
  };
}
