import { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { redisTopology } from './redis-topology';

/** One Redis or a Redis Cluster (REDIS_URL with several nodes): both answer the commands Tenggat sends. */
export type RedisClient = Redis | Cluster;

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

