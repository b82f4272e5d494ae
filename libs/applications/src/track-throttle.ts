import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, Clock, DomainError, REDIS, RedisClient } from '@tenggat/platform';
import { createHash, randomUUID } from 'node:crypto';

/** Public tracking lookups per client address and minute. */
export const TRACK_LOOKUPS_PER_MINUTE = 30;
export const TRACK_WINDOW_MS = 60_000;
/** Wrong access codes per client address and reference and hour; then that reference is refused to that address. */
export const WRONG_CODES_PER_HOUR = 10;
export const WRONG_CODE_WINDOW_MS = 60 * 60_000;

/**
 * One atomic step of a sliding-window log (a sorted set scored by the injected clock's time):
 * when fewer than `limit` entries fall in (now - window, now], add one and answer 0; otherwise
 * answer the milliseconds until the oldest entry that keeps the window full leaves it.
 */
const TAKE = `
local function take(key, now, window, limit, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCOUNT', key, '(' .. (now - window), now)
  if count >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', key, '(' .. (now - window), now, 'WITHSCORES', 'LIMIT', count - limit, 1)
    return math.max(1000, tonumber(oldest[2]) + window - now)
  end
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return 0
end
`;

/**
 * Both steps of a lookup in one round trip: the address's lookup budget (KEYS[1]), and only when
 * that admits it, a wrong-code slot for the reference (KEYS[2]). Answers {0, 0} when both were
 * taken, {1, wait} when the lookup budget refused, {2, wait} when the wrong-code slots did.
 * ARGV: now, lookup window, lookup limit, lookup member, wrong-code window, limit, member.
 */
const ADMIT = `${TAKE}
local now = tonumber(ARGV[1])
local wait = take(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4])
if wait > 0 then return {1, wait} end
wait = take(KEYS[2], now, tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7])
if wait > 0 then return {2, wait} end
return {0, 0}
`;

/** A wrong-code slot taken before a code is checked; given back when the code was right. */
export interface CodeAttempt {
  forgive(): Promise<void>;
}

/**
 * Rate limits of the public tracking endpoint, in Redis (atomic, shared by every API instance):
 * every lookup counts against the client address (30 a minute); a lookup for a reference also
 * takes one of the address's 10 wrong-code slots for that reference per hour, given back when
 * the code was right, so concurrent guesses cannot slip past the limit. Both are taken in one
 * script (one round trip); the keys share the address as hash tag, so that a Redis Cluster
 * keeps them in one slot.
 */
@Injectable()
export class TrackThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Admits one lookup of `reference` from `ip`: refuses (429, with retryAfter) the 31st lookup of
   * a minute from one address, or the 11th wrong-code slot of an hour for one reference; else
   * answers the wrong-code slot taken, to give back once the code proved right.
   */
  async admit(ip: string, reference: string): Promise<CodeAttempt> {
    const lookups = `${this.prefix}:track:{${ip}}:ip`;
    const wrong = `${this.prefix}:track:{${ip}}:wrong:${createHash('sha256').update(reference.toUpperCase()).digest('hex').slice(0, 32)}`;
    const now = this.clock.now().getTime();
    const member = `${now}:${randomUUID()}`;
    const [which, wait] = (await this.redis.eval(
      ADMIT,
      2,
      lookups,
      wrong,
      now,
      TRACK_WINDOW_MS,
      TRACK_LOOKUPS_PER_MINUTE,
      `${now}:${randomUUID()}`,
      WRONG_CODE_WINDOW_MS,
      WRONG_CODES_PER_HOUR,
      member,
    )) as [number, number];
    if (which === 1) {
      throw new DomainError('too-many-requests', 'too-many-lookups', `At most ${TRACK_LOOKUPS_PER_MINUTE} status lookups a minute; try again later`, {
        retryAfter: Math.ceil(Number(wait) / 1000),
      });
    }
    if (which === 2) {
      throw new DomainError('too-many-requests', 'too-many-wrong-codes', `Too many wrong access codes for this reference; try again later`, {
        retryAfter: Math.ceil(Number(wait) / 1000),
      });
    }
    return {
      forgive: async () => {
        await this.redis.zrem(wrong, member);
      },
    };
  }

  private get prefix(): string {
    return this.config.get('QUEUE_PREFIX');
  }
}
