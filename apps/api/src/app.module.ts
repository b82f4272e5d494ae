import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule } from '@tenggat/catalogue';
import { DefinitionMigrationModule } from '@tenggat/definition-migration';
import { EnforcementModule } from '@tenggat/enforcement';
import { IdentityModule } from '@tenggat/identity';
import { NotificationsModule, NotificationsRelayModule } from '@tenggat/notifications';
import { OversightModule } from '@tenggat/oversight';
import { SlaAdminModule } from '@tenggat/sla-admin';
import { WhatIfServiceModule } from '@tenggat/whatif-service';
import { HealthModule, MetricsModule, PlatformModule, validateEnv } from '@tenggat/platform';
import { SlaTimersModule } from '@tenggat/sla';
import { ALL_MIGRATIONS } from '@tenggat/schema';
import { QueueDashboardModule } from './queue-dashboard.module';

/** The HTTP entry point composes the feature modules; it holds no domain logic. */
@Module({
  imports: [
    PlatformModule,
    SlaTimersModule,
    HealthModule.forRoot({ expectedMigrations: ALL_MIGRATIONS.map((m) => m.name) }),
    MetricsModule,
    AuditModule,
    IdentityModule,
    CalendarServiceModule,
    CatalogueModule,
    ApplicationsModule,
    OversightModule,
    QueueDashboardModule,
    SlaAdminModule,
    DefinitionMigrationModule,
    WhatIfServiceModule,
    NotificationsModule,
    // the SLA processors, the reconciler and the outbox relay run in-process unless RUN_WORKERS=false (read when this file loads)
    ...(validateEnv(process.env).RUN_WORKERS ? [EnforcementModule, NotificationsRelayModule] : []),
  ],
})
export class AppModule {}
