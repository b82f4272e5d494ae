import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { EXPECTED_MIGRATIONS, MigrationStatus } from './migration-status.read-model';
import { PROCESS_ROLE, ProcessRole } from './process-role';
import { RedisHealthIndicator } from './redis.health';

/**
 * /health, /health/live, /health/ready; `expectedMigrations` are the names this build ships, `role`
 * what this process is (the API, or a standalone worker serving only these and /metrics).
 */
@Module({})
export class HealthModule {
  static forRoot(options: { expectedMigrations: string[]; role?: ProcessRole }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        RedisHealthIndicator,
        MigrationStatus,
        { provide: EXPECTED_MIGRATIONS, useValue: options.expectedMigrations },
        { provide: PROCESS_ROLE, useValue: options.role ?? 'api' },
      ],
    };
  }
}
