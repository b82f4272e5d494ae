import { Module } from '@nestjs/common';
import { PlatformModule } from '@tenggat/platform';

/** Queue-only entry point: SLA processors and the reconciler, no HTTP. */
@Module({
  imports: [PlatformModule],
})
export class WorkerModule {}
