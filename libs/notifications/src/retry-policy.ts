/**
 * When a failed delivery is tried again: exponential backoff (base, 2 x base, 4 x base ...,
 * capped) with "equal jitter" (between half and all of the step), so that receivers coming back
 * are not hit by every sender at once. A delivery is dead-lettered once it has been failing for
 * the whole retry window (24 h by default), never sooner.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  windowMs: number;
}

export function backoffMs(attempt: number, p: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const step = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** After a failed attempt: dead-letter, or the instant of the next attempt. */
export function afterFailure(
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
  p: RetryPolicy,
  random: () => number = Math.random,
): { dead: true } | { dead: false; nextAttemptAt: Date } {
  if (now.getTime() - firstAttemptAt.getTime() >= p.windowMs) return { dead: true };
  return { dead: false, nextAttemptAt: new Date(now.getTime() + backoffMs(attempt, p, random)) };
}
