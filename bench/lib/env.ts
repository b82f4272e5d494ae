import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * The environment of the application the bench boots in-process. It must be set before any
 * @tenggat module is imported: the configuration is validated and captured at import time.
 */
export function setBenchEnv(o: { databaseUrl: string; redisUrl: string; queuePrefix: string; reconcileIntervalMs?: number }): void {
  process.env.NODE_ENV = 'production';
  process.env.DATABASE_URL = o.databaseUrl;
  process.env.REDIS_URL = o.redisUrl;
  process.env.QUEUE_PREFIX = o.queuePrefix;
  process.env.JWT_SECRET = process.env.BENCH_JWT_SECRET ?? randomBytes(32).toString('hex');
  // production refuses the generated development key: the bench signs its permits with a key of its own
  process.env.PERMIT_SIGNING_KEY =
    process.env.BENCH_PERMIT_SIGNING_KEY ?? generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // request logs at info would print every benchmark request; warnings and errors still show
  process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
  process.env.RUN_WORKERS = 'true';
  process.env.DEMO_SEED = 'false';
  process.env.DEMO_ENDPOINTS = 'false';
  // one scheduled sweep at most during a run: the scenarios call the reconciler themselves
  process.env.RECONCILE_INTERVAL_MS = String(o.reconcileIntervalMs ?? 1_200_000);
  process.env.STORAGE_DIR = process.env.STORAGE_DIR ?? `/tmp/tenggat-bench-storage-${process.pid}`;
}

/** A queue prefix of this process alone on the shared Redis (cleaned up at the end). */
export const benchQueuePrefix = (tag = 'bench'): string => `tenggat-${tag}-${process.pid}`;
