import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { IsTrustProxy } from '../http/trust-proxy';
import { hasHashTag, redisTopology } from '../redis/redis-topology';
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

  /**
   * @secret may carry a password. A streaming replica of DATABASE_URL for heavy reads (oversight
   * lists and exports, statistics, public pages, catalogue); unset: every read on the primary.
   */
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_REPLICA_URL?: string;

  /** A replica further behind the primary than this is not read from (reads fall back to the primary). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 100' })
  @Min(100, { message: 'must be a whole number of milliseconds, at least 100' })
  REPLICA_MAX_LAG_MS = 5000;

  /**
   * @secret may carry a password. One Redis (`redis://host:6379`), or the seed nodes of a Redis
   * Cluster, comma-separated (`redis://a:7000,redis://b:7001,redis://c:7002`; QUEUE_PREFIX then
   * needs a hash tag such as `{tenggat}`).
   */
  @IsString()
  @Matches(/^\s*rediss?:\/\/[^\s,]+\s*(,\s*rediss?:\/\/[^\s,]+\s*)*$/, {
    message: 'must be a redis:// or rediss:// URL, or a comma-separated list of them (the nodes of a Redis Cluster)',
  })
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

  /** Where documents are stored: `local` (STORAGE_DIR, a shared volume with several API processes) or `s3` (S3_BUCKET). Uploads stream to STORAGE_DIR/tmp first either way. */
  @IsIn(['local', 's3'], { message: 'must be local or s3' })
  STORAGE_BACKEND: 'local' | 's3' = 'local';

  /** The bucket documents go to when STORAGE_BACKEND=s3 (it must exist). */
  @IsString()
  S3_BUCKET = '';

  @IsString()
  S3_REGION = 'us-east-1';

  /** An S3-compatible service (MinIO, Ceph, a cloud's object storage); empty: AWS S3 itself. */
  @IsString()
  @Matches(/^$|^https?:\/\//, { message: 'must be empty or an http(s) URL' })
  S3_ENDPOINT = '';

  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible services need. */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false (also 1/0, yes/no, on/off)' })
  S3_FORCE_PATH_STYLE = false;

  /** @secret empty with S3_SECRET_ACCESS_KEY: the AWS SDK's default credentials (environment, instance role) */
  @IsString()
  S3_ACCESS_KEY_ID = '';

  /** @secret */
  @IsString()
  S3_SECRET_ACCESS_KEY = '';

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

  /** The standalone worker's own HTTP port (/metrics, /health/live, /health/ready); 0 lets the OS pick one. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number from 0 to 65535' })
  @Min(0, { message: 'must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'must be a whole number from 0 to 65535' })
  WORKER_PORT = 3001;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 1000' })
  @Min(1000, { message: 'must be a whole number of milliseconds, at least 1000' })
  RECONCILE_INTERVAL_MS = 60_000;

  /** Monthly partitions of the history tables (audit, clock events, outbox) the worker keeps created ahead of this month. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of months from 1 to 24' })
  @Min(1, { message: 'must be a whole number of months from 1 to 24' })
  @Max(24, { message: 'must be a whole number of months from 1 to 24' })
  HISTORY_MONTHS_AHEAD = 3;

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

  /** Prefix of every Redis key. On a Redis Cluster it must carry a hash tag (`{tenggat}`) so each queue's keys share a slot. */
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

  // --- notifications (issue 15) ---

  /** How often the outbox relay looks for work when it has none (ms). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 10' })
  @Min(10, { message: 'must be a whole number of milliseconds, at least 10' })
  RELAY_POLL_MS = 250;

  /**
   * Webhook hosts allowed although they resolve to private, loopback or link-local addresses:
   * comma-separated host names, addresses or CIDRs (`127.0.0.1, hooks.internal, 10.20.0.0/16`).
   */
  @IsString()
  @Matches(/^[\w.:/\s,[\]-]*$/, { message: 'must be a comma-separated list of host names, addresses or CIDRs' })
  WEBHOOK_ALLOWED_HOSTS = '';

  /** How long one webhook attempt may take before it counts as failed (ms). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 100' })
  @Min(100, { message: 'must be a whole number of milliseconds, at least 100' })
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** First retry delay of a failed webhook (doubling, with jitter, up to WEBHOOK_RETRY_MAX_MS). */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 10' })
  @Min(10, { message: 'must be a whole number of milliseconds, at least 10' })
  WEBHOOK_RETRY_BASE_MS = 5_000;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 10' })
  @Min(10, { message: 'must be a whole number of milliseconds, at least 10' })
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** A delivery failing for this long is dead-lettered (and its subscription disabled): 24 h or more in production. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of milliseconds, at least 1000' })
  @Min(1000, { message: 'must be a whole number of milliseconds, at least 1000' })
  WEBHOOK_RETRY_WINDOW_MS = 86_400_000;

  /** @secret `smtp://user:pass@host:587` (or smtps://). Empty: mail is recorded, not sent, and readable by admins. */
  @IsString()
  @Matches(/^$|^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL, or empty' })
  SMTP_URL = '';

  /** The From of every email. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Tenggat <no-reply@tenggat.local>';

  /** Local time (in each agency's zone) of the officers' daily digest, HH:MM. */
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' })
  DIGEST_TIME = '07:00';

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
  if (env.STORAGE_BACKEND === 's3' && !env.S3_BUCKET) messages.push('  S3_BUCKET: must name the bucket when STORAGE_BACKEND=s3');
  const redisValid = !errors.some((e) => e.property === 'REDIS_URL');
  if (redisValid && redisTopology(env.REDIS_URL).kind === 'cluster' && !hasHashTag(env.QUEUE_PREFIX))
    messages.push(`  QUEUE_PREFIX: must carry a hash tag such as {${env.QUEUE_PREFIX || 'tenggat'}} when REDIS_URL names a Redis Cluster (got ${JSON.stringify(env.QUEUE_PREFIX)})`);
  if (env.PERMIT_SIGNING_KEY !== undefined && !isEd25519PrivateKey(env.PERMIT_SIGNING_KEY))
    messages.push('  PERMIT_SIGNING_KEY: must be an Ed25519 private key (PKCS#8 PEM, or its DER in base64)');
  if (env.NODE_ENV === 'production') {
    if (env.DEMO_ENDPOINTS) messages.push('  DEMO_ENDPOINTS: must not be enabled in production');
    if (env.PERMIT_SIGNING_KEY === undefined)
      messages.push(
        '  PERMIT_SIGNING_KEY: must be set in production (the development key generated on first start is refused); generate one with `openssl genpkey -algorithm ed25519`',
      );
    if (env.DEMO_SEED) messages.push('  DEMO_SEED: must not be enabled in production (it creates admins with a published password)');
    if (env.WEBHOOK_RETRY_WINDOW_MS < 86_400_000) messages.push('  WEBHOOK_RETRY_WINDOW_MS: must be at least 86400000 (24 h) in production');
  }
  if (messages.length) throw new EnvValidationError(`Invalid configuration:\n${messages.join('\n')}`);
  return env;
}
