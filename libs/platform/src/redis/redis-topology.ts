/**
 * REDIS_URL names either one Redis (`redis://host:6379/0`) or the seed nodes of a Redis Cluster
 * (`redis://a:7000,redis://b:7001,redis://c:7002`: two or more URLs, comma-separated; the
 * client discovers the rest of the cluster from them). Credentials and TLS (`rediss://`) are
 * taken from the first URL and apply to every node.
 */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | {
      kind: 'cluster';
      nodes: { host: string; port: number }[];
      username?: string;
      password?: string;
      tls: boolean;
    };

export function redisTopology(value: string): RedisTopology {
  const urls = value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length <= 1) return { kind: 'single', url: urls[0] ?? value };
  const parsed = urls.map((u) => new URL(u));
  const first = parsed[0];
  return {
    kind: 'cluster',
    nodes: parsed.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })),
    username: first.username ? decodeURIComponent(first.username) : undefined,
    password: first.password ? decodeURIComponent(first.password) : undefined,
    tls: first.protocol === 'rediss:',
  };
}

/** A Redis Cluster keeps keys used together (Lua scripts, BullMQ's queues) in one slot only under a hash tag. */
export function hasHashTag(prefix: string): boolean {
  return /\{[^{}]+\}/.test(prefix);
}
