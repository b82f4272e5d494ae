import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { AppConfig, bullConnection } from '@tenggat/platform';
import { ClockEntity, ClockEventEntity } from './clock.entity';
import { ClockRepository } from './clock.repository';
import { ClockService } from './clock.service';
import { SLA_QUEUE } from './sla.queues';
import { TimerQueue } from './timer-queue';

@Module({
  imports: [
    TypeOrmModule.forFeature([ClockEntity, ClockEventEntity]),
    CalendarServiceModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (c: AppConfig) => ({ connection: bullConnection(c.get('REDIS_URL')), prefix: c.get('QUEUE_PREFIX') }),
    }),
    BullModule.registerQueue({ name: SLA_QUEUE }),
  ],
  providers: [ClockRepository, ClockService, TimerQueue],
  exports: [ClockRepository, ClockService, TimerQueue, BullModule],
})
export class SlaModule {}
