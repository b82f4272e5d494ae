import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { ClockEntity, ClockEventEntity } from './clock.entity';
import { ClockRepository } from './clock.repository';
import { ClockService } from './clock.service';

/**
 * The clocks: their table's repository and their lifecycle. The timer queue they are armed
 * through is a port (TimerQueue), provided by the entry point (SlaTimersModule on BullMQ, or
 * InMemoryTimerQueueModule in tests).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClockEntity, ClockEventEntity]), CalendarServiceModule],
  providers: [ClockRepository, ClockService],
  exports: [ClockRepository, ClockService],
})
export class SlaModule {}
