import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ensureDatabase, preflight, runProcess, validateEnv } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';
import { configureApp } from './configure-app';

runProcess('api', async (log) => {
  const env = validateEnv(process.env);
  log.info(`starting Tenggat API on Node ${process.version} (NODE_ENV=${env.NODE_ENV})`);
  for (const warning of await preflight(env)) log.warn(warning);
  if (await ensureDatabase(env.DATABASE_URL)) log.info('database created');
  const applied = await runMigrations(env.DATABASE_URL);
  log.info(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
  // loaded only now: the module list reads the (validated) environment when it loads
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.listen(env.PORT, '0.0.0.0');
  log.info(
    `listening on :${env.PORT} — API /v1, docs /docs, health /health; SLA workers ${env.RUN_WORKERS ? 'in this process' : 'off (RUN_WORKERS=false: run npm run start:worker)'}`,
  );
  return app;
});
