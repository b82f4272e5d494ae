import { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { processLogger } from '../startup/run-process';
import { redisTopology } from './redis-topology';

/** One Redis or a Redis Cluster (REDIS_URL with several nodes): both answer the commands Tenggat sends. */
export type RedisClient = Redis | Cluster;

const log = processLogger('redis');

/**
 * ioredis prints "Unhandled error event" in plain text, on every retry, when a client has no
 * error listener. Every client gets one that logs JSON at most once per 30 s.
 */
export function quietErrors<R extends RedisClient>(redis: R, what: string): R {
  let last = 0;
  redis.on('error', (e: Error) => {
    if (Date.now() - last < 30_000) return;
    last = Date.now();
    log.error({ err: { message: e.message, code: (e as { code?: string }).code } }, `Redis (${what}) connection error: ${e.message}`);
  });
  return redis;
}

/**
 * A client for REDIS_URL: one Redis, or a Redis Cluster when it names several nodes (`options`
 * then apply to each node's connection, `cluster` to the cluster client).
 */
export function connectRedis(url: string, options: RedisOptions = {}, cluster: ClusterOptions = {}): RedisClient {
  const t = redisTopology(url);
  if (t.kind === 'single') return new Redis(t.url, options);
  const { host: _h, port: _p, username: _u, password: _pw, db: _db, ...nodeOptions } = options;
  return new Cluster(t.nodes, {
    redisOptions: { ...nodeOptions, username: t.username, password: t.password, ...(t.tls ? { tls: {} } : {}) },
    enableReadyCheck: options.enableReadyCheck ?? true,
    lazyConnect: options.lazyConnect ?? false,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    ...cluster,
  });
}

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function createRedis(url: string, extra: RedisOptions = {}): RedisClient {
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
export async function closeRedis(client: RedisClient, ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const done = await Promise.race([client.quit().catch(() => 'late' as const), late]).finally(() => clearTimeout(timer));
  if (done === 'late') client.disconnect();
}
