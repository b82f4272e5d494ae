import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, OperationalStatus } from '@tenggat/platform';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { ClockDuePayload, SLA_QUEUE, SlaJob, TimerRequest, timerJobId } from './sla.queues';
import { TimerQueue } from './timer-queue';

export const timersArmed = new Counter({ name: 'tenggat_timers_armed_total', help: 'SLA timers scheduled in BullMQ', labelNames: ['kind'] });

let depthSource: Queue | undefined;
/** Queue depth by job state; `delayed` is the number of timers armed and waiting. */
new Gauge({
  name: 'tenggat_sla_queue_jobs',
  help: 'Jobs in the SLA queue by state (delayed = armed timers)',
  labelNames: ['state'],
  async collect() {
    if (!depthSource) return;
    const counts = await depthSource.getJobCounts('delayed', 'waiting', 'active', 'failed', 'completed').catch(() => ({}));
    for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
  },
});

/** How long a request waits for Redis before giving up on arming (Postgres already holds the truth). */
const REDIS_BUDGET_MS = 2_000;

class RedisTimeout extends Error {}

function withinBudget<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(`${what}: Redis did not answer within ${REDIS_BUDGET_MS} ms`)), REDIS_BUDGET_MS);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The timer queue on BullMQ (the production adapter of the TimerQueue port): a delayed job per
 * warning and deadline, armed after the transaction that wrote the clock has committed, and the
 * jobs of epochs that are no longer current removed. Losing a job loses nothing: the reconciler
 * flags from Postgres and re-arms what is missing. Redis being slow or down never holds up the
 * caller for more than a moment.
 */
@Injectable()
export class BullTimerQueue extends TimerQueue implements OnModuleInit {
  private readonly logger = new Logger(BullTimerQueue.name);

  private lastConnectionWarning = 0;

  constructor(
    @InjectQueue(SLA_QUEUE) readonly queue: Queue<ClockDuePayload>,
    private readonly clock: Clock,
    private readonly status: OperationalStatus,
  ) {
    super();
    depthSource = queue;
    // connection trouble (Redis restarting) is logged here, at most every 10 s, instead of
    // escaping to the console; ioredis reconnects by itself
    queue.on('error', (e: Error) => {
      const now = Date.now();
      if (now - this.lastConnectionWarning < 10_000) return;
      this.lastConnectionWarning = now;
      this.logger.warn(`SLA queue: ${e.message}`);
    });
  }

  /** Arms the timers and removes the ones marked `cancel` (after the commit that changed them). */
  async arm(timers: readonly TimerRequest[]): Promise<void> {
    const add = timers.filter((t) => !t.cancel);
    const stale = timers.filter((t) => t.cancel);
    if (stale.length) await this.remove(stale);
    if (add.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await withinBudget(
        this.queue.addBulk(
          add.map((t) => ({
            name: SlaJob.ClockDue,
            data: { clockId: t.clockId, epoch: t.epoch, kind: t.kind },
            opts: {
              jobId: timerJobId(t),
              delay: Math.max(0, t.dueAt.getTime() - now),
              removeOnComplete: true,
              removeOnFail: { count: 1000 },
              attempts: 5,
              backoff: { type: 'exponential', delay: 1000 },
            },
          })),
        ),
        'arm',
      );
      for (const t of add) timersArmed.inc({ kind: t.kind });
    } catch (e) {
      // Postgres already holds the truth; the reconciler will arm these later.
      this.logger.warn(`could not arm ${add.length} timer(s): ${(e as Error).message}`);
    }
  }

  private async remove(timers: readonly TimerRequest[]): Promise<void> {
    try {
      // a job that is running right now is locked and stays; its handler finds the epoch stale
      await withinBudget(Promise.all(timers.map((t) => this.queue.remove(timerJobId(t)).catch(() => 0))), 'disarm');
    } catch (e) {
      this.logger.warn(`could not remove ${timers.length} stale timer(s): ${(e as Error).message}`);
    }
  }

  /** /health shows the timer queue: a paused queue is reported (the reconciler still flags from Postgres). */
  onModuleInit(): void {
    this.status.register('timerQueue', async () =>
      (await this.isPaused())
        ? { status: 'paused', message: 'the SLA timer queue is paused (Bull Board); the reconciler flags past-due clocks from Postgres meanwhile' }
        : { status: 'up' },
    );
  }

  /**
   * Whether the timer queue is paused (from the queue dashboard, say): its timers then do not
   * fire, and the workers' reconciler sweeps from Postgres on its own timer instead. Throws when
   * Redis does not answer within a moment.
   */
  async isPaused(): Promise<boolean> {
    return withinBudget(this.queue.isPaused(), 'isPaused');
  }

  /**
   * Which of these timers have no job in Redis (one pipelined EXISTS per timer). When Redis
   * does not answer, none are reported missing: the next sweep asks again.
   */
  async missing(timers: readonly TimerRequest[]): Promise<TimerRequest[]> {
    if (timers.length === 0) return [];
    try {
      return await withinBudget(this.probe(timers), 'missing');
    } catch (e) {
      this.logger.warn(`could not check ${timers.length} timer(s) in Redis: ${(e as Error).message}`);
      return [];
    }
  }

  private async probe(timers: readonly TimerRequest[]): Promise<TimerRequest[]> {
    const client = (await this.queue.client) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const pipeline = client.pipeline();
    for (const t of timers) pipeline.exists(prefix + timerJobId(t));
    const results = (await pipeline.exec()) ?? [];
    return timers.filter((_, i) => results[i]?.[1] === 0);
  }
}
