import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { SlaModule } from '@tenggat/sla';
import { DeadlineRecompute } from './deadline-recompute.service';

/**
 * Open deadlines follow their calendars: imported by every process that loads the calendars
 * (the API through SLA administration, the worker directly), never an HTTP module.
 */
@Module({
  imports: [ApplicationsModule, SlaModule, AuditModule, CalendarServiceModule],
  providers: [DeadlineRecompute],
  exports: [DeadlineRecompute],
})
export class DeadlinesModule {}
