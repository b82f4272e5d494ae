export { Env, validateEnv, EnvValidationError } from './config/env.schema';
export { parseSigningKey } from './config/signing-key';
export { AppConfig } from './config/app-config';
export { ConfigurationModule } from './config/configuration.module';
export { Clock, SystemClock, AdjustableClock } from './clock/clock';
export { DomainError, DomainErrorKind, notFound } from './errors/domain-error';
export { Problem, FieldError, PROBLEM_CONTENT_TYPE, problemType } from './errors/problem';
export { ProblemFilter, STATUS_BY_KIND, ValidationFailed } from './errors/problem.filter';
export { createValidationPipe } from './http/validation';
export { parseTrustProxy, TrustProxy } from './http/trust-proxy';
export { inputTextMiddleware, jsonDepthGuard, TextRulePipe, applyTextRule, checkText, textFault, MAX_JSON_DEPTH } from './http/input-text';
export { PageQuery, Page, pageOf } from './http/pagination';
export { PageFields } from './http/page.schema';
export { encodeCursor, decodeCursor, CursorKey, KeysetPageQuery, KeysetPageFields } from './http/cursor';
export { closedSignal } from './http/closed-signal';
export { ensureDatabase, migrate, databaseName } from './database/database-bootstrap';
export { ReadReplica } from './database/read-replica.read-model';
export { SqlStatement, entityFromRow } from './database/sql-statement';
export { createRedis, bullConnection, closeRedis, RedisClient } from './redis/redis';
export { redisTopology, hasHashTag } from './redis/redis-topology';
export { REDIS } from './redis/redis.module';
export { HealthModule } from './health/health.module';
export { WorkerHeartbeat } from './health/worker-heartbeat';
export { WorkersReport } from './health/health.views';
export { OperationalStatus, StatusReport } from './health/operational-status';
export { PlatformModule } from './platform.module';
export { RequestContext, RequestContextData, requestContextMiddleware } from './context/request-context';
export { MetricsModule } from './metrics/metrics.module';
export { metricsRegistry } from './metrics/metrics';
export { preflight, StartupError } from './startup/preflight';
export { runProcess, processLogger, QuietStartupLogger, Running } from './startup/run-process';
export { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
export { applyHttpSecurity } from './http/security';
export { redactUrl } from './logging/redact';
export { ApiProblems, ProblemDetails, FieldErrorSchema, NOT_A_PROBLEM, PROBLEM_DESCRIPTIONS } from './errors/problem.schema';
export { PLATFORM_ENTITIES } from './database/history-archive.entity';
export {
  HistoryPartitionsRepository,
  MonthlyPartitionedTable,
  MonthPartition,
  ArchivedPartition,
  monthStart,
  partitionName,
  partitionMonth,
} from './database/history-partitions.repository';
export { HistoryArchiver, ArchiveTable, ArchiveOptions, ArchiveReport, ExportManifest } from './database/history-archiver';
