import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyHttpSecurity, preflight, PROBLEM_CONTENT_TYPE, ProblemFilter, problemType, QuietStartupLogger, runProcess, validateEnv } from '@tenggat/platform';
import type { NextFunction, Request, Response } from 'express';
import { runMigrations } from '@tenggat/schema';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

runProcess('worker', async (log) => {
  const env = validateEnv(process.env);
  log.info(`starting Tenggat worker on Node ${process.version} (NODE_ENV=${env.NODE_ENV})`);
  for (const warning of await preflight(env)) log.warn(warning);
  const applied = await runMigrations(env.DATABASE_URL);
  log.info(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  applyHttpSecurity(app, { CORS_ORIGINS: '', METRICS_AUTH: env.METRICS_AUTH, DOCS_AUTH: '' });
  app.disable('x-powered-by');
  // modules the workers import (the catalogue, calendars) bring their controllers: a worker serves none of them
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (/^\/(health(\/(live|ready))?|metrics)\/?$/.test(req.path)) return next();
    res.status(404).type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({ type: problemType('not-found'), title: 'Not Found', status: 404, detail: 'a worker serves only /health, /health/live, /health/ready and /metrics', code: 'not-found' }),
    );
  });
  app.setGlobalPrefix('', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalFilters(new ProblemFilter());
  await app.listen(env.WORKER_PORT, '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  log.info(`worker running: SLA processors, the reconciler and the outbox relay; health and /metrics on :${port}`);
  return app;
});
