import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** The process that answered. */
export class ProcessInfo {
  @ApiProperty({ type: 'integer', example: 4242 }) pid: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 3600, description: 'Seconds since the process started' }) uptimeSeconds: number;
  @ApiProperty({ enum: ['api', 'worker'], description: 'What this process is: the API (apps/api) or a standalone worker (apps/worker)' }) role: 'api' | 'worker';
  @ApiProperty({ description: 'true when this process runs the SLA workers (always for a worker; RUN_WORKERS for the API)' }) runsWorkers: boolean;
}

/** GET /health/live: the process answers; nothing else is checked. */
export class LivenessReport {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ type: ProcessInfo }) process: ProcessInfo;
}

/** One readiness check as the terminus health indicators report it. */
export class IndicatorState {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down', example: 'timeout' }) message?: string;
}

export class MigrationsState extends IndicatorState {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Migrations applied (when up)' }) applied?: number;
  @ApiPropertyOptional({ type: [String], description: 'Migrations this build ships that the database lacks (when down)' }) pending?: string[];
}

/** Every readiness check by name. */
export class ReadinessChecks {
  @ApiProperty({ type: IndicatorState }) postgres: IndicatorState;
  @ApiProperty({ type: IndicatorState }) redis: IndicatorState;
  @ApiProperty({ type: MigrationsState }) migrations: MigrationsState;
}

/** Some of the readiness checks by name (those up, or those down). */
export class SomeReadinessChecks {
  @ApiPropertyOptional({ type: IndicatorState }) postgres?: IndicatorState;
  @ApiPropertyOptional({ type: IndicatorState }) redis?: IndicatorState;
  @ApiPropertyOptional({ type: MigrationsState }) migrations?: MigrationsState;
}

/** GET /health/ready, as @nestjs/terminus reports it, with 200 or 503. */
export class ReadinessReport {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], description: 'ok with 200; error (a check is down) or shutting_down with 503' })
  status: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ type: SomeReadinessChecks, description: 'The checks that are up' }) info: SomeReadinessChecks;
  @ApiProperty({ type: SomeReadinessChecks, description: 'The checks that are down' }) error: SomeReadinessChecks;
  @ApiProperty({ type: ReadinessChecks, description: 'Every check' }) details: ReadinessChecks;
}

export class WorkersReport {
  @ApiProperty({ enum: ['up', 'down'], description: 'up when a worker beat within the last 30 s' }) status: 'up' | 'down';
  @ApiPropertyOptional({ type: [String], description: 'The workers that beat (when up)' }) workers?: string[];
  @ApiPropertyOptional({ example: 'no worker heartbeat', description: 'Why they are down' }) message?: string;
}

/** What a module reports about itself (e.g. the SLA timer queue). */
export class ComponentStatus {
  @ApiProperty({ enum: ['up', 'down', 'paused'] }) status: 'up' | 'down' | 'paused';
  @ApiPropertyOptional({ description: 'What needs attention' }) message?: string;
}

/** GET /health: readiness plus the workers and the modules' own reports. */
@ApiExtraModels(ComponentStatus)
export class HealthReport {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error'],
    description: 'error (with 503) when not ready; degraded when ready but workers or a component need attention; ok otherwise',
  })
  status: 'ok' | 'degraded' | 'error';
  @ApiProperty({ type: SomeReadinessChecks, description: 'The readiness checks that are up' }) info: SomeReadinessChecks;
  @ApiProperty({ type: SomeReadinessChecks, description: 'The readiness checks that are down' }) error: SomeReadinessChecks;
  @ApiProperty({ type: ReadinessChecks, description: 'Every readiness check' }) details: ReadinessChecks;
  @ApiProperty({ type: ProcessInfo }) process: ProcessInfo;
  @ApiProperty({ type: WorkersReport }) workers: WorkersReport;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ComponentStatus) },
    example: { timerQueue: { status: 'up' } },
    description: 'By component name (timerQueue: the SLA timer queue); anything not up makes the status degraded',
  })
  components: Record<string, ComponentStatus>;
}
