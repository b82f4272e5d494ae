import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, OperationalStatus } from '@tenggat/platform';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { alarmJobId, coalesce, DueAlarm, DueInstantPayload, SLA_QUEUE, SlaJob } from './sla.queues';
import { TimerQueue } from './timer-queue';

export const timersArmed = new Counter({ name: 'tenggat_timers_armed_total', help: 'SLA alarms scheduled in BullMQ (one per due instant and kind)', labelNames: ['kind'] });

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

/** An alarm due sooner than this gets a job id of its own (see `arm`). */
const IMMINENT_MS = 1_000;

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
 * due instant and kind (every clock due then shares it), armed after the transaction that wrote
 * the clock has committed. Losing a job loses nothing: the reconciler
 * flags from Postgres and re-arms what is missing. Redis being slow or down never holds up the
 * caller for more than a moment.
 */
@Injectable()
export class BullTimerQueue extends TimerQueue implements OnModuleInit {
  private readonly logger = new Logger(BullTimerQueue.name);

  private lastConnectionWarning = 0;

  constructor(
    @InjectQueue(SLA_QUEUE) readonly queue: Queue,
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

  /**
   * Arms one alarm per distinct (kind, instant) of these timers (after the commit that changed
   * them); cancelled timers arm nothing. An alarm due within a moment gets an id of its own, so
   * that it is never swallowed by the job of the same instant that is running right now.
   */
  async arm(timers: readonly (DueAlarm & { cancel?: boolean })[]): Promise<void> {
    const alarms = coalesce(timers);
    if (alarms.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await withinBudget(
        this.queue.addBulk(
          alarms.map((a) => {
            const delay = Math.max(0, a.dueAt.getTime() - now);
            const data: DueInstantPayload = { kind: a.kind, at: a.dueAt.getTime() };
            return {
              name: SlaJob.DueInstant,
              data,
              opts: {
                jobId: delay < IMMINENT_MS ? `${alarmJobId(a)}.${now}` : alarmJobId(a),
                delay,
                removeOnComplete: true,
                removeOnFail: { count: 1000 },
                attempts: 5,
                backoff: { type: 'exponential', delay: 1000 },
              },
            };
          }),
        ),
        'arm',
      );
      for (const a of alarms) timersArmed.inc({ kind: a.kind });
    } catch (e) {
      // Postgres already holds the truth; the reconciler will arm these later.
      this.logger.warn(`could not arm ${alarms.length} alarm(s): ${(e as Error).message}`);
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
  async missing(alarms: readonly DueAlarm[]): Promise<DueAlarm[]> {
    if (alarms.length === 0) return [];
    try {
      return await withinBudget(this.probe(alarms), 'missing');
    } catch (e) {
      this.logger.warn(`could not check ${alarms.length} alarm(s) in Redis: ${(e as Error).message}`);
      return [];
    }
  }

  private async probe(alarms: readonly DueAlarm[]): Promise<DueAlarm[]> {
    const client = (await this.queue.client) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const pipeline = client.pipeline();
    for (const a of alarms) pipeline.exists(prefix + alarmJobId(a));
    const results = (await pipeline.exec()) ?? [];
    return alarms.filter((_, i) => results[i]?.[1] === 0);
  }
}
