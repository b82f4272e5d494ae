import { TimerRequest } from './sla.queues';

/**
 * The port the SLA code arms its alarms through. Postgres holds the truth; a timer only says
 * "look again at this clock epoch at this instant", so an adapter may lose one (the reconciler
 * re-arms it) but must never block or fail the caller's work for it. Adapters: BullTimerQueue
 * (BullMQ delayed jobs, in production) and InMemoryTimerQueue (tests on Postgres alone). The
 * composition root chooses one (SlaTimersModule or InMemoryTimerQueueModule).
 */
export abstract class TimerQueue {
  /** Arms these timers and removes those marked `cancel`; called after the commit that changed them. Never throws. */
  abstract arm(timers: readonly TimerRequest[]): Promise<void>;

  /** Which of these timers are not armed (none, when the adapter cannot tell now). */
  abstract missing(timers: readonly TimerRequest[]): Promise<TimerRequest[]>;

  /** Whether the timers are paused (they then do not fire; the reconciler sweeps instead). Throws when it cannot tell. */
  abstract isPaused(): Promise<boolean>;
}
