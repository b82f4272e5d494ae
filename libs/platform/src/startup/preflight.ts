import { Client } from 'pg';
import { ping } from '../database/server.repository';
import { connectRedis } from '../redis/redis-connect';

/** A dependency the process cannot start without, named so the operator knows what to fix. */
export class StartupError extends Error {
  constructor(
    readonly service: 'postgres' | 'redis',
    message: string,
  ) {
    super(message);
  }
}

const where = (url: string, defaultPort: number): string => {
  try {
    return url
      .split(',')
      .map((one) => {
        const u = new URL(one.trim());
        return `${u.hostname}:${u.port || defaultPort}`;
      })
      .join(', ');
  } catch {
    return '(unparseable URL)';
  }
};

const reason = (e: unknown): string => {
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}${err.message && !err.message.includes(err.code) ? ` ${err.message}` : ''}` : (err.message ?? String(e));
};

/** Connects to the server (its `postgres` maintenance database), so a missing app database is not a failure. */
export async function checkPostgres(url: string, timeoutMs: number): Promise<void> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString(), connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await ping(client);
  } catch (e) {
    throw new StartupError(
      'postgres',
      `Postgres at ${where(url, 5432)} is unreachable (${reason(e)}). Start PostgreSQL or set DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One attempt, no retries: at start a Redis that does not answer is a fault to report, not to wait for. */
export async function checkRedis(url: string, timeoutMs: number): Promise<string[]> {
  const redis = connectRedis(
    url,
    { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false },
    { clusterRetryStrategy: () => null },
  );
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    await redis.ping();
    // CONFIG may be disabled on managed Redis: then there is nothing to say
    const policy = (await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    return policy[1] && policy[1] !== 'noeviction'
      ? [`Redis maxmemory-policy is ${policy[1]}: timers may be evicted; run Redis with maxmemory-policy noeviction`]
      : [];
  } catch (e) {
    throw new StartupError('redis', `Redis at ${where(url, 6379)} is unreachable (${reason(e)}). Start Redis or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}

/** Both dependencies at once, so the operator hears of every missing one in one start. */
export async function preflight(env: { DATABASE_URL: string; REDIS_URL: string }, timeoutMs = 5000): Promise<string[]> {
  const [pg, redis] = await Promise.allSettled([checkPostgres(env.DATABASE_URL, timeoutMs), checkRedis(env.REDIS_URL, timeoutMs)]);
  const failed = [pg, redis].flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) throw new StartupError('postgres', failed.map((e) => e.message).join(' '));
  return redis.status === 'fulfilled' ? redis.value : [];
}
