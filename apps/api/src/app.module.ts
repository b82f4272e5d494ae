import { Module } from '@nestjs/common';
import { HealthModule, PlatformModule } from '@tenggat/platform';

/** The HTTP entry point composes the feature modules; it holds no domain logic. */
@Module({
  imports: [PlatformModule, HealthModule],
})
export class AppModule {}
