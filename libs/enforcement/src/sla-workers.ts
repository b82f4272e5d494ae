import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, REDIS, WorkerHeartbeat } from '@tenggat/platform';
import { SLA_QUEUE, SlaJob } from '@tenggat/sla';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ReconcilerService } from './reconciler.service';

/**
 * Starts the reconciler's job scheduler (every RECONCILE_INTERVAL_MS) and one sweep at start,
 * beats the worker heartbeat, and warns when Redis may evict timers.
 */
@Injectable()
export class SlaWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaWorkers.name);
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @InjectQueue(SLA_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reconciler: ReconcilerService,
    private readonly beat: WorkerHeartbeat,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkEvictionPolicy();
    await this.queue.upsertJobScheduler('reconciler', { every: this.config.get('RECONCILE_INTERVAL_MS') }, { name: SlaJob.Reconcile, opts: { removeOnComplete: true, removeOnFail: 100 } });
    const name = `sla-${process.pid}`;
    await this.beat.beat(name).catch(() => undefined);
    this.heartbeat = setInterval(() => void this.beat.beat(name).catch(() => undefined), WorkerHeartbeat.intervalMs);
    this.heartbeat.unref();
    void this.reconciler.sweep().catch((e: Error) => this.logger.warn(`initial sweep failed: ${e.message}`));
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private async checkEvictionPolicy(): Promise<void> {
    try {
      const [, policy] = (await this.redis.config('GET', 'maxmemory-policy')) as [string, string];
      if (policy !== 'noeviction') {
        this.logger.warn(`Redis maxmemory-policy is "${policy}", not "noeviction": Redis may evict SLA timers. Postgres stays the truth and the reconciler re-arms them, but set noeviction.`);
      }
    } catch (e) {
      this.logger.warn(`could not read Redis maxmemory-policy: ${(e as Error).message}`);
    }
  }
}
