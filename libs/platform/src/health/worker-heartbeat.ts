import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { RedisClient } from '../redis/redis';
import { REDIS } from '../redis/redis.module';
import { WorkersReport } from './health.views';

/**
 * Workers (in the API or in apps/worker) beat into Redis; /health reports them down when no
 * beat arrived within three intervals.
 */
@Injectable()
export class WorkerHeartbeat {
  private static readonly INTERVAL_MS = 10_000;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
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

  async report(): Promise<WorkersReport> {
    try {
      const beats = await this.redis.hgetall(this.key);
      const now = Date.now();
      const alive = Object.entries(beats).filter(([, t]) => now - Number(t) < 3 * WorkerHeartbeat.INTERVAL_MS);
      return alive.length > 0 ? { status: 'up', workers: alive.map(([n]) => n) } : { status: 'down', message: 'no worker heartbeat' };
    } catch (e) {
      return { status: 'down', message: (e as Error).message };
    }
  }
}
