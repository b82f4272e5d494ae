import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { MigrationStatus } from './migration-status.read-model';
import { OperationalStatus } from './operational-status';
import { RedisHealthIndicator } from './redis.health';
import { WorkerHeartbeat } from './worker-heartbeat';

type Readiness = Awaited<ReturnType<HealthCheckService['check']>>;

/**
 * Liveness (`/health/live`: the process answers), readiness (`/health/ready`: Postgres, Redis,
 * migrations) and the whole picture (`/health`: readiness plus workers and queues, which are
 * reported but never make a probe fail: an API pod is not restarted because workers run elsewhere).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly migrations: MigrationStatus,
    private readonly worker: WorkerHeartbeat,
    private readonly status: OperationalStatus,
    private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (never checks dependencies)' })
  live(): { status: 'ok'; process: { pid: number; uptimeSeconds: number; runsWorkers: boolean } } {
    return { status: 'ok', process: this.processInfo() };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres, Redis and migrations; 503 when one is not ready' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const result = await this.readiness();
    if (result.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }

  @Get()
  @ApiOperation({
    summary: 'Readiness plus workers and the timer queue; 503 only when not ready, status "degraded" when workers or queues need attention',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<Record<string, unknown>> {
    const [readiness, workers, components] = await Promise.all([
      this.readiness(),
      this.worker.report(),
      this.status.report(),
    ]);
    const attention = workers.status !== 'up' || Object.values(components).some((c) => c.status !== 'up');
    if (readiness.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      ...readiness,
      status: readiness.status !== 'ok' ? 'error' : attention ? 'degraded' : 'ok',
      process: this.processInfo(),
      workers,
      components,
    };
  }

  private processInfo(): { pid: number; uptimeSeconds: number; runsWorkers: boolean } {
    return { pid: process.pid, uptimeSeconds: Math.round(process.uptime()), runsWorkers: this.config.get('RUN_WORKERS') };
  }

  private async readiness(): Promise<Readiness> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 1500 }),
        () => this.redis.check('redis'),
        () => this.migrations.check('migrations'),
      ]);
    } catch (e) {
      // terminus throws a 503 carrying the result; the caller sets the status
      const body = (e as { getResponse?: () => unknown }).getResponse?.();
      if (body && typeof body === 'object') return body as Readiness;
      throw e;
    }
  }
}
