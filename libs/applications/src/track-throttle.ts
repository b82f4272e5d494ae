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
 * KEYS[1] the set; ARGV now, window, limit, member.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - window), now)
if count >= limit then
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window), now, 'WITHSCORES', 'LIMIT', count - limit, 1)
  return math.max(1000, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

/** A wrong-code slot taken before a code is checked; given back when the code was right. */
export interface CodeAttempt {
  forgive(): Promise<void>;
}

/**
 * Rate limits of the public tracking endpoint, in Redis (atomic per step, shared by every API
 * instance): every lookup counts against the client address (30 a minute); a lookup for a
 * reference first takes one of the address's 10 wrong-code slots for that reference per hour,
 * given back when the code was right, so concurrent guesses cannot slip past the limit.
 */
@Injectable()
export class TrackThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Refuses (429, with retryAfter) the 31st lookup of a minute from one address. */
  async admitLookup(ip: string): Promise<void> {
    const wait = await this.take(`${this.prefix}:track:ip:${ip}`, TRACK_WINDOW_MS, TRACK_LOOKUPS_PER_MINUTE);
    if (wait > 0) {
      throw new DomainError('too-many-requests', 'too-many-lookups', `At most ${TRACK_LOOKUPS_PER_MINUTE} status lookups a minute; try again later`, {
        retryAfter: Math.ceil(wait / 1000),
      });
    }
  }

  /** Takes a wrong-code slot for this address and reference, or refuses (429) when the hour's slots are used up. */
  async attempt(ip: string, reference: string): Promise<CodeAttempt> {
    const key = `${this.prefix}:track:wrong:${ip}:${createHash('sha256').update(reference.toUpperCase()).digest('hex').slice(0, 32)}`;
    const member = `${this.clock.now().getTime()}:${randomUUID()}`;
    const wait = await this.take(key, WRONG_CODE_WINDOW_MS, WRONG_CODES_PER_HOUR, member);
    if (wait > 0) {
      throw new DomainError('too-many-requests', 'too-many-wrong-codes', `Too many wrong access codes for this reference; try again later`, {
        retryAfter: Math.ceil(wait / 1000),
      });
    }
    return {
      forgive: async () => {
        await this.redis.zrem(key, member);
      },
    };
  }

  private async take(key: string, windowMs: number, limit: number, member = `${this.clock.now().getTime()}:${randomUUID()}`): Promise<number> {
    const now = this.clock.now().getTime();
    return Number(await this.redis.eval(TAKE, 1, key, now, windowMs, limit, member));
  }

  private get prefix(): string {
    return this.config.get('QUEUE_PREFIX');
  }
}
