import { Global, Module } from '@nestjs/common';
import { alarmJobId, coalesce, DueAlarm } from './sla.queues';
import { TimerQueue } from './timer-queue';

/**
 * The timer queue in memory, for tests on Postgres alone: which alarms are armed, by job id, and
 * nothing fires by itself; a test asks what is due and hands it to the handler, as a worker would.
 */
export class InMemoryTimerQueue extends TimerQueue {
  private readonly jobs = new Map<string, DueAlarm>();
  paused = false;

  async arm(timers: readonly (DueAlarm & { cancel?: boolean })[]): Promise<void> {
    for (const a of coalesce(timers)) if (!this.jobs.has(alarmJobId(a))) this.jobs.set(alarmJobId(a), a);
  }

  async missing(alarms: readonly DueAlarm[]): Promise<DueAlarm[]> {
    return alarms.filter((a) => !this.jobs.has(alarmJobId(a)));
  }

  async isPaused(): Promise<boolean> {
    return this.paused;
  }

  /** Every armed alarm, soonest first. */
  armed(): DueAlarm[] {
    return [...this.jobs.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  /** Removes and answers the alarms due at `now`, soonest first (what a worker would take). */
  takeDue(now: Date): DueAlarm[] {
    const due = this.armed().filter((t) => t.dueAt.getTime() <= now.getTime());
    for (const t of due) this.jobs.delete(alarmJobId(t));
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
