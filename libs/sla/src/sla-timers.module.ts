import { BullModule } from '@nestjs/bullmq';
import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, bullConnection, closeRedis } from '@tenggat/platform';
import { Cluster } from 'ioredis';
import { BullTimerQueue } from './bull-timer-queue';
import { SLA_QUEUE } from './sla.queues';
import { TimerQueue } from './timer-queue';

/**
 * On a Redis Cluster BullMQ is handed a client (it cannot build one from options), and a client it
 * is handed it never closes: this module does, per app, after the queues and workers closed theirs
 * (they live in BullModule, which Nest shuts down first).
 */
const clusterClients = new WeakMap<AppConfig, Cluster>();

/**
 * The timer queue on BullMQ for every module: imported once by each entry point (API, worker).
 * Also provides the SLA queue itself to the processors and the queue dashboard.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (c: AppConfig) => {
        const connection = bullConnection(c.get('REDIS_URL'));
        if (connection instanceof Cluster) clusterClients.set(c, connection);
        return { connection, prefix: c.get('QUEUE_PREFIX') };
      },
    }),
    BullModule.registerQueue({ name: SLA_QUEUE }),
  ],
  providers: [BullTimerQueue, { provide: TimerQueue, useExisting: BullTimerQueue }],
  exports: [TimerQueue, BullTimerQueue, BullModule],
})
export class SlaTimersModule implements OnApplicationShutdown {
  constructor(private readonly config: AppConfig) {}

  async onApplicationShutdown(): Promise<void> {
    const client = clusterClients.get(this.config);
    clusterClients.delete(this.config);
    if (client) await closeRedis(client);
  }
}
