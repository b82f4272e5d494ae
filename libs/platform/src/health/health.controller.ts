import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis.health';
import { WorkerHeartbeat } from './worker-heartbeat';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly worker: WorkerHeartbeat,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness of Postgres, Redis and the SLA workers' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1500 }),
      () => this.redis.check('redis'),
      () => this.worker.check('workers'),
    ]);
  }
}
