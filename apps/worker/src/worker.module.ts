import { Module } from '@nestjs/common';
import { DeadlinesModule, EnforcementModule } from '@tenggat/enforcement';
import { NotificationsRelayModule } from '@tenggat/notifications';
import { PlatformModule } from '@tenggat/platform';
import { SlaTimersModule } from '@tenggat/sla';

/**
 * Queue-only entry point: SLA processors, the reconciler and the outbox relay, no HTTP.
 * DeadlinesModule recomputes open deadlines when a shipped calendar file changed (in whichever
 * process starts first).
 */
@Module({
  imports: [PlatformModule, SlaTimersModule, EnforcementModule, DeadlinesModule, NotificationsRelayModule],
})
export class WorkerModule {}
