/** The only source of "now" in Tenggat. Inject it; never call `new Date()` in domain code. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that keeps ticking with real time but can be moved: `set` jumps to an instant,
 * `advance` moves forward. Used by tests and the demo endpoints so timers can be observed
 * firing without sleeping for days.
 */
export class AdjustableClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
