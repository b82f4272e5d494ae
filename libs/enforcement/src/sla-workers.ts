import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, REDIS, RedisClient, WorkerHeartbeat } from '@tenggat/platform';
import { SLA_QUEUE, SlaJob } from '@tenggat/sla';
import { Queue } from 'bullmq';
import { HistoryPartitionsService } from './history-partitions.service';
import { ReconcilerService } from './reconciler.service';
import { reconcilerCatches, reconcilerSweeps } from './sla-metrics';

const SCHEDULER_ID = 'reconciler';
const HISTORY_SCHEDULER_ID = 'history-partitions';
/** The history partitions are created months ahead: once a day is plenty. */
const HISTORY_EVERY_MS = 24 * 3_600_000;

/**
 * Starts the reconciler's job scheduler (every RECONCILE_INTERVAL_MS) and one sweep at start,
 * the history partitions' daily job scheduler and one pass at start (HistoryPartitionsService),
 * beats the worker heartbeat, and warns when Redis may evict timers.
 *
 * The schedule itself lives in Redis, so a Redis that was emptied or restarted without its
 * data loses it. A watchdog in every worker process therefore looks for it once per interval:
 * when it is gone it is restored and a sweep runs at once; when Redis does not answer, the
 * sweep runs from Postgres in this process (flags need only Postgres), so breaches are still
 * flagged within one interval while Redis is down. A paused queue (from the queue dashboard)
 * runs neither timers nor the scheduled sweep, so while it is paused the watchdog sweeps
 * itself, every interval.
 */
@Injectable()
export class SlaWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaWorkers.name);
  private heartbeat?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private watching = false;
  private pausedSeen = false;
  private stopped = false;

  constructor(
    @InjectQueue(SLA_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly reconciler: ReconcilerService,
    private readonly history: HistoryPartitionsService,
    private readonly beat: WorkerHeartbeat,
    private readonly config: AppConfig,
  ) {}

  private get intervalMs(): number {
    return this.config.get('RECONCILE_INTERVAL_MS');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.checkEvictionPolicy();
    await this.schedule();
    const name = `sla-${process.pid}`;
    await this.beat.beat(name).catch(() => undefined);
    this.heartbeat = setInterval(() => void this.beat.beat(name).catch(() => undefined), WorkerHeartbeat.intervalMs);
    this.heartbeat.unref();
    this.watchdog = setInterval(() => void this.watch(), this.intervalMs);
    this.watchdog.unref();
    void this.sweep('initial');
    // the months ahead, at once (a fresh installation, or a worker that was down for months)
    void this.history.ensureAhead().catch((e: Error) => this.logger.warn(`could not create the history partitions ahead: ${e.message}`));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.watchdog) clearInterval(this.watchdog);
  }

  /**
   * Redis must not evict keys: an evicted timer is only caught by the next sweep. Answers the
   * policy found (null when Redis does not say, e.g. a managed Redis that forbids CONFIG).
   */
  async checkEvictionPolicy(): Promise<string | null> {
    try {
      const [, policy] = (await this.redis.config('GET', 'maxmemory-policy')) as [string, string];
      if (policy !== 'noeviction') {
        this.logger.warn(
          `REDIS MAY EVICT SLA TIMERS: maxmemory-policy is "${policy}", not "noeviction". Postgres stays the truth and the ` +
            `reconciler re-arms evicted timers, but a breach may then be flagged up to RECONCILE_INTERVAL_MS late. ` +
            `Run Redis with --maxmemory-policy noeviction.`,
        );
      }
      return policy;
    } catch (e) {
      this.logger.warn(`could not read Redis maxmemory-policy (make sure it is "noeviction"): ${(e as Error).message}`);
      return null;
    }
  }

  private async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: this.intervalMs },
      { name: SlaJob.Reconcile, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    await this.queue.upsertJobScheduler(
      HISTORY_SCHEDULER_ID,
      { every: HISTORY_EVERY_MS },
      { name: SlaJob.HistoryPartitions, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  /** Once per interval: is the schedule still in Redis, is the queue running? (See the class comment.) */
  async watch(): Promise<void> {
    if (this.watching || this.stopped) return;
    this.watching = true;
    try {
      let present: boolean;
      let paused: boolean;
      try {
        [present, paused] = await this.answerWithin(
          Promise.all([this.queue.getJobScheduler(SCHEDULER_ID).then((s) => s !== undefined), this.queue.isPaused()]),
        );
      } catch (e) {
        this.logger.warn(`Redis does not answer (${(e as Error).message}): sweeping from Postgres in this process`);
        await this.sweep('redis-down', { rearm: false });
        return;
      }
      if (paused !== this.pausedSeen) {
        this.pausedSeen = paused;
        if (paused) this.logger.warn(`the ${SLA_QUEUE} queue is PAUSED: timers do not fire; sweeping from Postgres every interval until it is resumed`);
        else this.logger.log(`the ${SLA_QUEUE} queue runs again`);
      }
      if (!present) {
        this.logger.warn('the reconciler schedule is gone from Redis (emptied or restarted?): restoring it and sweeping now');
        reconcilerCatches.inc({ what: 'schedule-restored' });
        await this.answerWithin(this.schedule()).catch((e: Error) => this.logger.warn(`could not restore the schedule: ${e.message}`));
      }
      // a paused queue runs neither the timers nor the scheduled sweep: this timer sweeps instead
      if (paused || !present) await this.sweep(paused ? 'queue-paused' : 'schedule-restored');
    } finally {
      this.watching = false;
    }
  }

  private async sweep(why: string, opts: { rearm?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    reconcilerSweeps.inc({ trigger: why });
    await this.reconciler.sweep(opts).catch((e: Error) => this.logger.warn(`${why} sweep failed: ${e.message}`));
  }

  private answerWithin<T>(work: Promise<T>): Promise<T> {
    const ms = Math.max(500, Math.min(5_000, Math.floor(this.intervalMs / 2)));
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}
