import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { IsTrustProxy } from '../http/trust-proxy';
import { isEd25519PrivateKey } from './signing-key';
import { isPublishedSecret } from './published-secrets';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off', ''];

/**
 * Booleans are parsed once, strictly: true/false, 1/0, yes/no, on/off (any case). Anything else
 * is left as a string so that validation refuses it, instead of silently meaning "false".
 */
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return value;
};

/** Integers must be written as integers: "abc", "1e3" or "80.5" stay strings and are refused. */
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

/** The one minimum for JWT_SECRET, in every environment. */
export const JWT_SECRET_MIN_LENGTH = 32;

/**
 * Every setting Tenggat reads from the environment, with defaults that work on a developer
 * machine with PostgreSQL and Redis on their standard ports. Secrets are marked `@secret`.
 */
export class Env {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 0 to 65535' })
  @Min(0, { message: 'must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'must be a whole number from 0 to 65535' })
  PORT = 3000;

  /** @secret may carry a password */
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tenggat';

  /** @secret may carry a password */
  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** @secret signs access tokens; unset, a random one is generated once and kept in Postgres */
  @IsOptional()
  @IsString()
  @MinLength(JWT_SECRET_MIN_LENGTH, { message: `must be at least ${JWT_SECRET_MIN_LENGTH} characters` })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds, at least 60' })
  @Min(60, { message: 'must be a whole number of seconds, at least 60' })
  JWT_TTL_SECONDS = 3600;

  @IsString()
  CONFIG_DIR = 'config';

  @IsString()
  STORAGE_DIR = 'storage';

  /** Server-wide cap on one upload; the shipped PBG drawings may be 50 MiB. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes, at least 1024' })
  @Min(1024, { message: 'must be a whole number of bytes, at least 1024' })
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
  @IsBoolean({ message: 'must be true or false (also 1/0, yes/no, on/off)' })
  RUN_WORKERS = true;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 1000' })
  @Min(1000, { message: 'must be a whole number of milliseconds, at least 1000' })
  RECONCILE_INTERVAL_MS = 60_000;

  @Transform(toNumber)
  @IsNumber({}, { message: 'must be a number from 0.01 to 0.99' })
  @Min(0.01, { message: 'must be a number from 0.01 to 0.99' })
  @Max(0.99, { message: 'must be a number from 0.01 to 0.99' })
  SLA_WARNING_SHARE = 0.8;

  /** Load demo agencies' users (one per role) at start. Never on by default. */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false (also 1/0, yes/no, on/off)' })
  DEMO_SEED = false;

  /** Expose /v1/demo endpoints (move a case's clock). Refused in production. */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false (also 1/0, yes/no, on/off)' })
  DEMO_ENDPOINTS = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  QUEUE_PREFIX = 'tenggat';

  /**
   * Browser origins allowed to call the API cross-origin, comma-separated
   * (`https://portal.example.go.id,https://dashboard.example.go.id`). Empty: CORS stays closed.
   */
  @IsString()
  @Matches(/^(\s*https?:\/\/[^\s,]+\s*)?(,\s*https?:\/\/[^\s,]+\s*)*$/, { message: 'must be a comma-separated list of http(s) origins' })
  CORS_ORIGINS = '';

  /**
   * @secret `user:password` for HTTP Basic auth on /metrics (Prometheus' `basic_auth`).
   * Empty: /metrics is open (fine on a private network; set it in production).
   */
  @IsString()
  @Matches(/^$|^[^:]+:.{12,}$/, { message: 'must be user:password with a password of at least 12 characters' })
  METRICS_AUTH = '';

  /** @secret `user:password` for HTTP Basic auth on /docs. Empty: the API docs are public. */
  @IsString()
  @Matches(/^$|^[^:]+:.{12,}$/, { message: 'must be user:password with a password of at least 12 characters' })
  DOCS_AUTH = '';

  /** Express 'trust proxy': false, true, a hop count, or loopback/linklocal/uniquelocal/addresses/CIDRs. */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  /** Registrations accepted per client address per hour. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number, at least 1' })
  @Min(1, { message: 'must be a whole number, at least 1' })
  REGISTER_RATE_LIMIT = 10;

  /**
   * @secret Ed25519 private key that signs issued permits: PKCS#8 PEM (`\n` may stand for the line
   * breaks) or its DER in base64. Unset, a development key is generated once and kept in Postgres;
   * refused in production.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
  @IsOptional()
  @IsString()
  PERMIT_SIGNING_KEY?: string;

  /** The public origin (and path prefix, if any) of this installation: the QR code on a permit opens `<PUBLIC_BASE_URL>/console/public/permits/<number>`. */
  @IsString()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'must be an http(s) URL without query or fragment' })
  PUBLIC_BASE_URL = 'http://localhost:3000';
}

export class EnvValidationError extends Error {}

/** Validates the environment; every fault is one line naming the variable, and never echoes a secret. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const messages = errors.map((e) => {
    const reasons = [...new Set(Object.values(e.constraints ?? {}))];
    const secret = /SECRET|AUTH|PASSWORD|URL/.test(e.property);
    return `  ${e.property}: ${reasons.join('; ')}${secret ? '' : ` (got ${JSON.stringify(e.value)})`}`;
  });
  if (env.NODE_ENV !== 'test' && env.JWT_SECRET !== undefined && isPublishedSecret(env.JWT_SECRET))
    messages.push("  JWT_SECRET: is published in Tenggat's source; unset it (a random one is generated) or set a random value");
  if (env.PERMIT_SIGNING_KEY !== undefined && !isEd25519PrivateKey(env.PERMIT_SIGNING_KEY))
    messages.push('  PERMIT_SIGNING_KEY: must be an Ed25519 private key (PKCS#8 PEM, or its DER in base64)');
  if (env.NODE_ENV === 'production') {
    if (env.DEMO_ENDPOINTS) messages.push('  DEMO_ENDPOINTS: must not be enabled in production');
    if (env.PERMIT_SIGNING_KEY === undefined)
      messages.push(
        '  PERMIT_SIGNING_KEY: must be set in production (the development key generated on first start is refused); generate one with `openssl genpkey -algorithm ed25519`',
      );
    if (env.DEMO_SEED) messages.push('  DEMO_SEED: must not be enabled in production (it creates admins with a published password)');
  }
  if (messages.length) throw new EnvValidationError(`Invalid configuration:\n${messages.join('\n')}`);
  return env;
}
