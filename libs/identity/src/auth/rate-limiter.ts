import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, Clock, REDIS, RedisClient } from '@tenggat/platform';
import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';

/** Attempts refused by a rate limit, by limit (login-pair, login-address, register-address). */
export const rateLimited = new Counter({
  name: 'tenggat_rate_limited_total',
  help: 'Requests refused by a rate limit (login, registration)',
  labelNames: ['limit'],
});

/** One budget: at most `limit` attempts per sliding `windowMs` under `key`. */
export interface Budget {
  /** Names the budget in metrics and answers (e.g. `login-pair`). */
  name: string;
  key: string;
  limit: number;
}

export type Take =
  | { ok: true; ticket: string }
  | {
      ok: false;
      /** Seconds until an attempt would be accepted again. */
      retryAfter: number;
      /** The budget that refused. */
      budget: string;
      /** True for the first refusal of this budget since it filled up (audit that one, count the rest). */
      first: boolean;
    };

/**
 * Atomically, for every budget: forget attempts older than the window, and when every budget
 * has room, record this attempt in all of them; otherwise record nothing and answer how long
 * until the fullest budget has room. Scores are the injected Clock's milliseconds (ARGV[1]),
 * so tests move time instead of sleeping; keys expire on their own once idle.
 * KEYS: the budgets' sorted sets. ARGV: now, window ms, member, then one limit per key.
 * Answers {1, 0, 0, 0} or {0, wait ms, index of the refusing key, 1 if first refusal}.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local wait, refusing = 0, 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local limit = tonumber(ARGV[3 + i])
  local n = redis.call('ZCARD', key)
  if n >= limit then
    local oldest = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
    local w = math.max(1000, tonumber(oldest[2]) + window - now)
    if w > wait then wait, refusing = w, i end
  end
end
if refusing > 0 then
  local first = redis.call('SET', KEYS[refusing] .. ':refused', '1', 'PX', math.ceil(wait), 'NX')
  return {0, math.ceil(wait), refusing, first and 1 or 0}
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
return {1, 0, 0, 0}
`;

/**
 * Sliding-window rate limits in Redis. The check and the count are one atomic step taken
 * BEFORE the work they guard, so parallel attempts can never exceed a budget.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A key under the installation's prefix: `<QUEUE_PREFIX>:<parts...>`. */
  key(...parts: string[]): string {
    return [this.config.get('QUEUE_PREFIX'), ...parts].join(':');
  }

  async take(budgets: readonly Budget[], windowMs: number): Promise<Take> {
    const ticket = `${this.clock.now().getTime()}:${randomUUID()}`;
    const [ok, waitMs, index, first] = (await this.redis.eval(
      TAKE,
      budgets.length,
      ...budgets.map((b) => b.key),
      this.clock.now().getTime(),
      windowMs,
      ticket,
      ...budgets.map((b) => b.limit),
    )) as [number, number, number, number];
    if (ok === 1) return { ok: true, ticket };
    const budget = budgets[index - 1].name;
    rateLimited.inc({ limit: budget });
    return { ok: false, retryAfter: Math.ceil(waitMs / 1000), budget, first: first === 1 };
  }

  /** Gives an attempt back to these budgets (e.g. a successful login is not a failure). */
  async giveBack(keys: readonly string[], ticket: string): Promise<void> {
    const tx = this.redis.multi();
    for (const key of keys) tx.zrem(key, ticket);
    await tx.exec();
  }

  /** Forgets a budget's attempts and its refusal note. */
  async reset(key: string): Promise<void> {
    await this.redis.del(key, `${key}:refused`);
  }
}
