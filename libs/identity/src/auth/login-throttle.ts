import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, Clock, REDIS } from '@tenggat/platform';
import { Redis } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** More failures than this within the window block further attempts. */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

/**
 * Counts failed logins per email and per client address over a sliding 15-minute window, in
 * Redis sorted sets scored by the injected Clock's time. Keys expire on their own once idle.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Seconds to wait when either limit is reached, otherwise null. */
  async retryAfter(email: string, ip: string): Promise<number | null> {
    const now = this.clock.now().getTime();
    const waits = await Promise.all([
      this.wait(this.emailKey(email), MAX_FAILURES_PER_EMAIL, now),
      this.wait(this.ipKey(ip), MAX_FAILURES_PER_IP, now),
    ]);
    const wait = Math.max(...waits);
    return wait > 0 ? Math.ceil(wait / 1000) : null;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const now = this.clock.now().getTime();
    const tx = this.redis.multi();
    for (const key of [this.emailKey(email), this.ipKey(ip)]) {
      tx.zremrangebyscore(key, '-inf', now - LOGIN_WINDOW_MS);
      tx.zadd(key, now, `${now}:${randomUUID()}`);
      tx.pexpire(key, LOGIN_WINDOW_MS);
    }
    await tx.exec();
  }

  /** A successful login forgives the email's failures (not the address's). */
  async clear(email: string): Promise<void> {
    await this.redis.del(this.emailKey(email));
  }

  /** Milliseconds until fewer than `limit` failures remain in the window (0 when allowed). */
  private async wait(key: string, limit: number, now: number): Promise<number> {
    const scores = (await this.redis.zrangebyscore(key, now - LOGIN_WINDOW_MS, '+inf')).map((m) => Number(m.split(':')[0]));
    if (scores.length < limit) return 0;
    const unblockingEntry = scores[scores.length - limit];
    return Math.max(1000, unblockingEntry + LOGIN_WINDOW_MS - now);
  }

  private emailKey(email: string): string {
    return `${this.prefix}:login-failures:email:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  }

  private ipKey(ip: string): string {
    return `${this.prefix}:login-failures:ip:${ip}`;
  }

  private get prefix(): string {
    return this.config.get('QUEUE_PREFIX');
  }
}
