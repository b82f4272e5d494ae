import { Module } from '@nestjs/common';
import { DeadlinesModule, EnforcementModule } from '@tenggat/enforcement';
import { NotificationsRelayModule } from '@tenggat/notifications';
import { HealthModule, MetricsModule, PlatformModule } from '@tenggat/platform';
import { ALL_MIGRATIONS } from '@tenggat/schema';
import { SlaTimersModule } from '@tenggat/sla';

/**
 * The standalone worker: SLA processors, the reconciler and the outbox relay, and on its own
 * small HTTP port (WORKER_PORT) only what an orchestrator and Prometheus need: /health/live,
 * /health/ready, /health and /metrics. DeadlinesModule recomputes open deadlines when a shipped
 * calendar file changed (in whichever process starts first).
 */
@Module({
  imports: [
    PlatformModule,
    HealthModule.forRoot({ expectedMigrations: ALL_MIGRATIONS.map((m) => m.name), role: 'worker' }),
    MetricsModule,
    SlaTimersModule,
    EnforcementModule,
    DeadlinesModule,
    NotificationsRelayModule,
  ],
})
export class WorkerModule {}
