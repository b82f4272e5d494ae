import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ApiReportResponse } from '../errors/problem.schema';
import { HealthReport, LivenessReport, ProcessInfo, ReadinessReport } from './health.views';
import { MigrationStatus } from './migration-status.read-model';
import { OperationalStatus } from './operational-status';
import { PROCESS_ROLE, ProcessRole } from './process-role';
import { RedisHealthIndicator } from './redis.health';
import { WorkerHeartbeat } from './worker-heartbeat';

const INVALID_TEXT = 'invalid-text: the query string carries text no request may (NUL, control characters, malformed UTF-8)';

/**
 * Liveness (`/health/live`: the process answers), readiness (`/health/ready`: Postgres, Redis,
 * migrations) and the whole picture (`/health`: readiness plus workers and queues, which are
 * reported but never make a probe fail: an API pod is not restarted because workers run elsewhere).
 * A probe that is not ready answers 503 with the same report, not a problem.
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
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers (never checks dependencies)',
    description: 'Anyone may call it (the liveness probe). Always 200 while the process runs.',
  })
  @ApiOkResponse({ type: LivenessReport, description: 'The process answers' })
  @ApiResponse({ status: 400, description: INVALID_TEXT })
  live(): LivenessReport {
    return { status: 'ok', process: this.processInfo() };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: Postgres, Redis and migrations; 503 when one is not ready',
    description:
      'Anyone may call it (the readiness probe). 200 when Postgres and Redis answer and every migration of this build is ' +
      'applied; 503 with the same report (not a problem) when one is down or the process is shutting down.',
  })
  @ApiOkResponse({ type: ReadinessReport, description: 'Ready' })
  @ApiReportResponse(503, ReadinessReport, 'Not ready: the report names the checks that are down')
  @ApiResponse({ status: 400, description: INVALID_TEXT })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const result = await this.readiness();
    if (result.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }

  @Get()
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Readiness plus workers and the timer queue; 503 only when not ready, status "degraded" when workers or queues need attention',
    description:
      'Anyone may call it. The readiness report, the process, the SLA workers (by heartbeat) and the components modules ' +
      'report (the timer queue). Workers or a paused queue make it `degraded`, still 200; only a failed readiness check ' +
      'makes it 503 (with the same report, not a problem).',
  })
  @ApiOkResponse({ type: HealthReport, description: 'Ready (status ok or degraded)' })
  @ApiReportResponse(503, HealthReport, 'Not ready (status error)')
  @ApiResponse({ status: 400, description: INVALID_TEXT })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
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

  private processInfo(): ProcessInfo {
    const runsWorkers = this.role === 'worker' || this.config.get('RUN_WORKERS');
    return { pid: process.pid, uptimeSeconds: Math.round(process.uptime()), role: this.role, runsWorkers };
  }

  /** Terminus types its result loosely; the three indicators checked here report as ReadinessReport says. */
  private async readiness(): Promise<ReadinessReport> {
    try {
      const result = await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 1500 }),
        () => this.redis.check('redis'),
        () => this.migrations.check('migrations'),
      ]);
      return result as unknown as ReadinessReport;
    } catch (e) {
      // terminus throws a 503 carrying the result; the caller sets the status
      const body = (e as { getResponse?: () => unknown }).getResponse?.();
      if (body && typeof body === 'object') return body as ReadinessReport;
      throw e;
    }
  }
}
