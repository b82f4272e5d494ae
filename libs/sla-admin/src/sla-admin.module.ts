import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { DeadlinesModule } from '@tenggat/enforcement';
import { OversightModule } from '@tenggat/oversight';
import { SlaModule } from '@tenggat/sla';
import { CalendarPublisher } from './calendar-publisher.service';
import { DemoClockService } from './demo-clock.service';
import { CalendarAdminController, DemoClockController, SupervisionController } from './sla-http.controllers';
import { SupervisionService } from './supervision.service';

/**
 * SLA administration over HTTP, served by the API whether or not it runs the workers: calendar
 * publication (its deadline recomputation is DeadlinesModule's), the demo clock, and the
 * post-issuance supervision list (oversight's report). The worker does not import it.
 */
@Module({
  imports: [ApplicationsModule, SlaModule, AuditModule, CalendarServiceModule, DeadlinesModule, OversightModule],
  controllers: [CalendarAdminController, DemoClockController, SupervisionController],
  providers: [CalendarPublisher, DemoClockService, SupervisionService],
})
export class SlaAdminModule {}
