import { Cluster, Redis, RedisOptions } from 'ioredis';
import { processLogger } from '../startup/run-process';
import { connectRedis } from './redis-connect';
import { redisTopology } from './redis-topology';

export type { RedisClient } from './redis-connect';

const log = processLogger('redis');

/**
 * ioredis prints "Unhandled error event" in plain text, on every retry, when a client has no
 * error listener. Every client gets one that logs JSON at most once per 30 s.
 */
export function quietErrors<R extends Redis | Cluster>(redis: R, what: string): R {
  let last = 0;
  redis.on('error', (e: Error) => {
    if (Date.now() - last < 30_000) return;
    last = Date.now();
    log.error({ err: { message: e.message, code: (e as { code?: string }).code } }, `Redis (${what}) connection error: ${e.message}`);
  });
  return redis;
}

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function createRedis(url: string, extra: RedisOptions = {}): Redis | Cluster {
  return quietErrors(connectRedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra }), 'shared');
}

/** BullMQ's connection: options for one Redis, a Cluster client (which BullMQ duplicates per worker) for a cluster. */
export function bullConnection(url: string): RedisOptions | Cluster {
  const t = redisTopology(url);
  if (t.kind === 'cluster') return quietErrors(connectRedis(url, { maxRetriesPerRequest: null }) as Cluster, 'queue');
  const u = new URL(t.url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    maxRetriesPerRequest: null,
  };
}

/** QUIT (pending replies first), or a plain disconnect when Redis does not answer within `ms` (a node that went away). */
export async function closeRedis(client: Redis | Cluster, ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const done = await Promise.race([client.quit().catch(() => 'late' as const), late]).finally(() => clearTimeout(timer));
  if (done === 'late') client.disconnect();
}
