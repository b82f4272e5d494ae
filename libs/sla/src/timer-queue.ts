import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@tenggat/platform';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { ClockDuePayload, SLA_QUEUE, SlaJob, TimerKind, TimerRequest, timerJobId } from './sla.queues';

export const timersArmed = new Counter({ name: 'tenggat_timers_armed_total', help: 'SLA timers scheduled in BullMQ', labelNames: ['kind'] });

let depthSource: Queue | undefined;
/** Queue depth by job state; `delayed` is the number of timers armed and waiting. */
new Gauge({
  name: 'tenggat_sla_queue_jobs',
  help: 'Jobs in the SLA queue by state (delayed = armed timers)',
  labelNames: ['state'],
  async collect() {
    if (!depthSource) return;
    const counts = await depthSource.getJobCounts('delayed', 'waiting', 'active', 'failed', 'completed').catch(() => ({}) as Record<string, number>);
    for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
  },
});

/**
 * The alarm clock: schedules a delayed BullMQ job per warning and deadline, after the
 * transaction that wrote the clock has committed. Losing a job loses nothing: the reconciler
 * flags from Postgres and re-arms what is missing.
 */
@Injectable()
export class TimerQueue {
  private readonly logger = new Logger(TimerQueue.name);

  constructor(
    @InjectQueue(SLA_QUEUE) readonly queue: Queue<ClockDuePayload>,
    private readonly clock: Clock,
  ) {
    depthSource = queue;
  }

  async arm(timers: readonly TimerRequest[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await this.queue.addBulk(
        timers.map((t) => ({
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
      );
      for (const t of timers) timersArmed.inc({ kind: t.kind });
    } catch (e) {
      // Postgres already holds the truth; the reconciler will arm these later.
      this.logger.warn(`could not arm ${timers.length} timer(s): ${(e as Error).message}`);
    }
  }

  /** Best effort: removes the jobs of an epoch that is no longer current. */
  async disarm(applicationId: string, clockId: string, epoch: number): Promise<void> {
    const kinds: TimerKind[] = ['warning', 'deadline'];
    await Promise.all(
      kinds.map((kind) => this.queue.remove(timerJobId({ applicationId, clockId, epoch, kind })).catch(() => 0)),
    );
  }

  /** Which of these timers have no job in Redis (one pipelined EXISTS per timer). */
  async missing(timers: readonly TimerRequest[]): Promise<TimerRequest[]> {
    if (timers.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const prefix = `${this.queue.opts.prefix ?? 'bull'}:${this.queue.name}:`;
    const pipeline = client.pipeline();
    for (const t of timers) pipeline.exists(prefix + timerJobId(t));
    const results = (await pipeline.exec()) ?? [];
    return timers.filter((_, i) => results[i]?.[1] === 0);
  }
}
