import { runDatabaseUrl, TEST_REDIS_URL } from './test-env';

// Every e2e worker uses the run's test database and its own queue prefix on the shared Redis
// (never flushed: tests that need to empty or restart Redis start their own server).
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = runDatabaseUrl();
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.QUEUE_PREFIX = `tenggat-test-${process.pid}`;
process.env.STORAGE_DIR = `/tmp/tenggat-test-storage-${process.pid}`;
process.env.JWT_SECRET = 'test-secret-test-secret-test-secret';
// every test registers from 127.0.0.1; the registration limit has its own test (hardening-identity)
process.env.REGISTER_RATE_LIMIT = '1000000';
