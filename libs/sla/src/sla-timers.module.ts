import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig, bullConnection } from '@tenggat/platform';
import { BullTimerQueue } from './bull-timer-queue';
import { SLA_QUEUE } from './sla.queues';
import { TimerQueue } from './timer-queue';

/**
 * The timer queue on BullMQ for every module: imported once by each entry point (API, worker).
 * Also provides the SLA queue itself to the processors and the queue dashboard.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (c: AppConfig) => ({ connection: bullConnection(c.get('REDIS_URL')), prefix: c.get('QUEUE_PREFIX') }),
    }),
    BullModule.registerQueue({ name: SLA_QUEUE }),
  ],
  providers: [BullTimerQueue, { provide: TimerQueue, useExisting: BullTimerQueue }],
  exports: [TimerQueue, BullTimerQueue, BullModule],
})
export class SlaTimersModule {}
