import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarController } from './calendar.controller';
import { CalendarQueryService } from './calendar-query.service';
import { CalendarRecordEntity } from './calendar-record.entity';
import { CalendarRecordRepository } from './calendar-record.repository';
import { CalendarRegistry } from './calendar-registry';

@Module({
  imports: [TypeOrmModule.forFeature([CalendarRecordEntity])],
  controllers: [CalendarController],
  providers: [CalendarRegistry, CalendarRecordRepository, CalendarQueryService],
  exports: [CalendarRegistry, CalendarRecordRepository],
})
export class CalendarServiceModule {}
