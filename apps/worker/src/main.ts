import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { preflight, QuietStartupLogger, runProcess, validateEnv } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

runProcess('worker', async (log) => {
  const env = validateEnv(process.env);
  log.info(`starting Tenggat worker on Node ${process.version} (NODE_ENV=${env.NODE_ENV})`);
  for (const warning of await preflight(env)) log.warn(warning);
  const applied = await runMigrations(env.DATABASE_URL);
  log.info(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  await app.init();
  log.info('worker running: SLA processors, the reconciler and the outbox relay');
  return app;
});
