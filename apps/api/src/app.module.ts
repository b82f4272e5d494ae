import { Module } from '@nestjs/common';
import { ConditionalModule } from '@nestjs/config';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule } from '@tenggat/catalogue';
import { EnforcementModule, SlaHttpModule } from '@tenggat/enforcement';
import { IdentityModule } from '@tenggat/identity';
import { OversightModule } from '@tenggat/oversight';
import { HealthModule, MetricsModule, PlatformModule } from '@tenggat/platform';
import { QueueDashboardModule } from './queue-dashboard.module';

/** The HTTP entry point composes the feature modules; it holds no domain logic. */
@Module({
  imports: [
    PlatformModule,
    HealthModule,
    MetricsModule,
    AuditModule,
    IdentityModule,
    CalendarServiceModule,
    CatalogueModule,
    ApplicationsModule,
    OversightModule,
    QueueDashboardModule,
    SlaHttpModule,
    // the SLA processors and the reconciler run in-process unless RUN_WORKERS=false
    ConditionalModule.registerWhen(EnforcementModule, (env: NodeJS.ProcessEnv) => env.RUN_WORKERS !== 'false'),
  ],
})
export class AppModule {}
