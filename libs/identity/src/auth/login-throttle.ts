import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiter, Take } from './rate-limiter';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Attempts per (email, client address) pair within the window: guessing one account's password. */
export const MAX_ATTEMPTS_PER_PAIR = 5;
/** Attempts per client address within the window, across any emails: spraying many accounts. */
export const MAX_ATTEMPTS_PER_ADDRESS = 50;

/**
 * Login throttling with two budgets: per (email, address) pair and per address. Each attempt
 * takes a slot from both, atomically and before the password is checked, so 30 parallel
 * guesses get at most 5 checks. There is no budget per email alone: an attacker at another
 * address cannot lock a victim out. A successful login clears its pair and gives its slot
 * back to the address, so only failures count.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly limiter: RateLimiter) {}

  /** Takes an attempt for (email, ip); `ok: false` when either budget is spent. */
  take(email: string, ip: string): Promise<Take> {
    return this.limiter.take(
      [
        { name: 'login-pair', key: this.pairKey(email, ip), limit: MAX_ATTEMPTS_PER_PAIR },
        { name: 'login-address', key: this.addressKey(ip), limit: MAX_ATTEMPTS_PER_ADDRESS },
      ],
      LOGIN_WINDOW_MS,
    );
  }

  /** The attempt behind `ticket` succeeded: forgive the pair's failures, give the address its slot back. */
  async succeeded(email: string, ip: string, ticket: string): Promise<void> {
    await this.limiter.reset(this.pairKey(email, ip));
    await this.limiter.giveBack([this.addressKey(ip)], ticket);
  }

  private pairKey(email: string, ip: string): string {
    return this.limiter.key('login-failures', 'pair', createHash('sha256').update(`${email}\n${ip}`).digest('hex').slice(0, 32));
  }

  private addressKey(ip: string): string {
    return this.limiter.key('login-failures', 'ip', ip);
  }
}
