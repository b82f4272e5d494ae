import { Injectable } from '@nestjs/common';

/** What a module reports about itself on /health without deciding readiness (e.g. a paused queue). */
export interface StatusReport {
  status: 'up' | 'down' | 'paused';
  /** What needs attention, when not up. */
  message?: string;
}

/**
 * Modules register named status sources here at start (the SLA module registers the timer
 * queue); /health shows them beside the readiness checks. Anything not 'up' makes the overall
 * status 'degraded' without failing readiness: a paused queue must be seen, not restarted.
 */
@Injectable()
export class OperationalStatus {
  private readonly sources = new Map<string, () => Promise<StatusReport>>();

  register(name: string, source: () => Promise<StatusReport>): void {
    this.sources.set(name, source);
  }

  async report(): Promise<Record<string, StatusReport>> {
    const entries = await Promise.all(
      [...this.sources].map(async ([name, source]): Promise<[string, StatusReport]> => {
        try {
          return [name, await source()];
        } catch (e) {
          return [name, { status: 'down', message: (e as Error).message }];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
