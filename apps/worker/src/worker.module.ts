import { Module } from '@nestjs/common';
import { EnforcementModule } from '@tenggat/enforcement';
import { PlatformModule } from '@tenggat/platform';

/** Queue-only entry point: SLA processors and the reconciler, no HTTP. */
@Module({
  imports: [PlatformModule, EnforcementModule],
})
export class WorkerModule {}
