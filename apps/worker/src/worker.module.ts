import { Module } from '@nestjs/common';
import { DeadlinesModule, EnforcementModule } from '@tenggat/enforcement';
import { NotificationsCoreModule } from '@tenggat/notifications';
import { PlatformModule } from '@tenggat/platform';
import { SlaTimersModule } from '@tenggat/sla';

/**
 * Queue-only entry point: SLA processors and the reconciler, no HTTP. DeadlinesModule recomputes
 * open deadlines when a shipped calendar file changed (in whichever process starts first).
 */
@Module({
  imports: [PlatformModule, SlaTimersModule, EnforcementModule, DeadlinesModule, NotificationsCoreModule],
})
export class WorkerModule {}
