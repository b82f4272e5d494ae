import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/**
 * Workers (in the API or in apps/worker) beat into Redis; /health reports them down when no
 * beat arrived within three intervals.
 */
@Injectable()
export class WorkerHeartbeat {
  private static readonly INTERVAL_MS = 10_000;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly indicator: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  private get key(): string {
    return `${this.config.get('QUEUE_PREFIX')}:workers:heartbeat`;
  }

  async beat(name: string): Promise<void> {
    await this.redis.hset(this.key, name, Date.now().toString());
  }

  static get intervalMs(): number {
    return WorkerHeartbeat.INTERVAL_MS;
  }

  async check(key: string): Promise<HealthIndicatorResult> {
    const h = this.indicator.check(key);
    try {
      const beats = await this.redis.hgetall(this.key);
      const now = Date.now();
      const alive = Object.entries(beats).filter(([, t]) => now - Number(t) < 3 * WorkerHeartbeat.INTERVAL_MS);
      return alive.length > 0 ? h.up({ workers: alive.map(([n]) => n) }) : h.down({ message: 'no worker heartbeat' });
    } catch (e) {
      return h.down({ message: (e as Error).message });
    }
  }
}
