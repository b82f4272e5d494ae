import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every setting Tenggat reads from the environment, with defaults that work on a developer
 * machine with PostgreSQL and Redis on their standard ports. Secrets are marked `@secret`.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** @secret may carry a password */
  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tenggat';

  /** @secret may carry a password */
  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** @secret signs access tokens; must be set (>= 32 chars) in production */
  @IsString()
  @MinLength(16)
  JWT_SECRET = 'tenggat-development-secret-change-me';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 3600;

  @IsString()
  CONFIG_DIR = 'config';

  @IsString()
  STORAGE_DIR = 'storage';

  /** Server-wide cap on one upload; the shipped PBG drawings may be 50 MiB. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

  /** Versions kept per requirement of a case (replaced ones are evidence); one more is refused (422). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  MAX_DOCUMENT_VERSIONS = 5;

  /** Bytes all documents of one case may take, replaced versions included; more is refused (422). The largest shipped permit type (PBG) takes up to 225 MiB at its requirements' limits, so this leaves room to replace. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  MAX_APPLICATION_BYTES = 512 * 1024 * 1024;

  /** Run SLA processors and the reconciler inside the API process. */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKERS = true;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  RECONCILE_INTERVAL_MS = 60_000;

  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  SLA_WARNING_SHARE = 0.8;

  /** Load demo agencies' users (one per role) at start. Never on by default. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_SEED = false;

  /** Expose /v1/demo endpoints (move a case's clock). Refused in production. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_ENDPOINTS = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  QUEUE_PREFIX = 'tenggat';
}

export class EnvValidationError extends Error {}

export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const messages = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m} (got ${JSON.stringify(e.value)})`),
  );
  if (env.NODE_ENV === 'production') {
    if (env.JWT_SECRET === new Env().JWT_SECRET || env.JWT_SECRET.length < 32)
      messages.push('  JWT_SECRET: must be set to a random value of at least 32 characters in production');
    if (env.DEMO_ENDPOINTS) messages.push('  DEMO_ENDPOINTS: must not be enabled in production');
  }
  if (messages.length) throw new EnvValidationError(`Invalid configuration:\n${messages.join('\n')}`);
  return env;
}
