import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { IsTrustProxy } from '../http/trust-proxy';
import { isPublishedSecret } from './published-secrets';

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

  /** @secret signs access tokens (>= 32 chars); unset, a random one is generated once and kept in Postgres */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

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

  /** Express 'trust proxy': false, true, a hop count, or loopback/linklocal/uniquelocal/addresses/CIDRs. */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  /** Registrations accepted per client address per hour. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  REGISTER_RATE_LIMIT = 10;
}

export class EnvValidationError extends Error {}

/** Never echoed in an error message. */
const SECRETS = ['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL'];

export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const messages = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m} (got ${SECRETS.includes(e.property) ? '[redacted]' : JSON.stringify(e.value)})`),
  );
  if (env.NODE_ENV !== 'test' && env.JWT_SECRET !== undefined && isPublishedSecret(env.JWT_SECRET))
    messages.push('  JWT_SECRET: is published in Tenggat\'s source; unset it (a random one is generated) or set a random value');
  if (env.NODE_ENV === 'production') {
    if (env.DEMO_ENDPOINTS) messages.push('  DEMO_ENDPOINTS: must not be enabled in production');
    if (env.DEMO_SEED) messages.push('  DEMO_SEED: must not be enabled in production (it creates admins with a published password)');
  }
  if (messages.length) throw new EnvValidationError(`Invalid configuration:\n${messages.join('\n')}`);
  return env;
}
