import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { OversightModule } from '@tenggat/oversight';
import { SlaModule } from '@tenggat/sla';
import { CalendarPublisher } from './calendar-publisher.service';
import { DemoClockService } from './demo-clock.service';
import { CalendarAdminController, DemoClockController, SupervisionController } from './sla-http.controllers';
import { SupervisionService } from './supervision.service';

/**
 * The SLA's endpoints, served by the API whether or not it runs the workers: calendar
 * publication with deadline recomputation, the demo clock, post-issuance supervision. The
 * worker imports it too, so a calendar file changed in config is recomputed by whichever
 * process starts first.
 */
@Module({
  imports: [ApplicationsModule, SlaModule, AuditModule, CalendarServiceModule, OversightModule],
  controllers: [CalendarAdminController, DemoClockController, SupervisionController],
  providers: [CalendarPublisher, DemoClockService, SupervisionService],
  exports: [CalendarPublisher],
})
export class SlaHttpModule {}
