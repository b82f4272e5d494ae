import { Global, Module } from '@nestjs/common';
import { TimerRequest, timerJobId } from './sla.queues';
import { TimerQueue } from './timer-queue';

/**
 * The timer queue in memory, for tests on Postgres alone: what is armed, by job id, and nothing
 * fires by itself; a test asks what is due and hands it to the handler, as a worker would.
 */
export class InMemoryTimerQueue extends TimerQueue {
  private readonly jobs = new Map<string, TimerRequest>();
  paused = false;

  async arm(timers: readonly TimerRequest[]): Promise<void> {
    for (const t of timers.filter((x) => x.cancel)) this.jobs.delete(timerJobId(t));
    for (const t of timers.filter((x) => !x.cancel)) if (!this.jobs.has(timerJobId(t))) this.jobs.set(timerJobId(t), { ...t });
  }

  async missing(timers: readonly TimerRequest[]): Promise<TimerRequest[]> {
    return timers.filter((t) => !this.jobs.has(timerJobId(t)));
  }

  async isPaused(): Promise<boolean> {
    return this.paused;
  }

  /** Every armed timer, soonest first. */
  armed(): TimerRequest[] {
    return [...this.jobs.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** Removes and answers the timers due at `now`, soonest first (what a worker would take). */
  takeDue(now: Date): TimerRequest[] {
    const due = this.armed().filter((t) => t.dueAt.getTime() <= now.getTime());
    for (const t of due) this.jobs.delete(timerJobId(t));
    return due;
  }
}

/** Provides TimerQueue in memory to every module (the composition root of a test imports it). */
@Global()
@Module({
  providers: [InMemoryTimerQueue, { provide: TimerQueue, useExisting: InMemoryTimerQueue }],
  exports: [TimerQueue, InMemoryTimerQueue],
})
export class InMemoryTimerQueueModule {}
