import { Module } from '@nestjs/common';
import { EnforcementModule, SlaHttpModule } from '@tenggat/enforcement';
import { PlatformModule } from '@tenggat/platform';

/**
 * Queue-only entry point: SLA processors and the reconciler, no HTTP. SlaHttpModule comes for
 * its calendar publisher, which recomputes open deadlines when a shipped calendar file changed.
 */
@Module({
  imports: [PlatformModule, EnforcementModule, SlaHttpModule],
})
export class WorkerModule {}
