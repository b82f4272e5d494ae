import { DueAlarm } from './sla.queues';

/**
 * The port the SLA code arms its alarms through. Postgres holds the truth; an alarm only says
 * "at this instant, flag every clock of this kind that is due by then", so an adapter may lose one
 * (the reconciler re-arms it) but must never block or fail the caller's work for it. Timers are
 * coalesced: every clock due at one instant shares one alarm per kind (see `coalesce`), so a
 * deadline cliff of 20,000 cases is one alarm, and its handler flags them as a set.
 * Adapters: BullTimerQueue (BullMQ delayed jobs, in production) and InMemoryTimerQueue (tests on
 * Postgres alone). The composition root chooses one (SlaTimersModule or InMemoryTimerQueueModule).
 */
export abstract class TimerQueue {
  /**
   * Arms the alarms of these timers (coalesced by instant and kind; those marked `cancel` arm
   * nothing, as an alarm shared by many clocks is never removed for one). Called after the commit
   * that changed them. Never throws.
   */
  abstract arm(timers: readonly (DueAlarm & { cancel?: boolean })[]): Promise<void>;

  /** Which of these alarms are not armed (none, when the adapter cannot tell now). */
  abstract missing(alarms: readonly DueAlarm[]): Promise<DueAlarm[]>;

  /** Whether the timers are paused (they then do not fire; the reconciler sweeps instead). Throws when it cannot tell. */
  abstract isPaused(): Promise<boolean>;
}
