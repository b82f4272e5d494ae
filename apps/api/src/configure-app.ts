import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, createValidationPipe, parseTrustProxy, ProblemFilter, requestContextMiddleware } from '@tenggat/platform';
import { Logger } from 'nestjs-pino';
import { mountOpenApi } from './openapi';

/** Everything main.ts and the e2e tests apply to the app, so tests run the real thing. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.use(requestContextMiddleware);
  express.useLogger(app.get(Logger));
  express.useBodyParser('json', { limit: '256kb' });
  express.disable('x-powered-by');
  // the client address (login and registration limits, audit) and req.secure behind a reverse proxy
  express.set('trust proxy', parseTrustProxy(app.get(AppConfig).get('TRUST_PROXY')));
  app.setGlobalPrefix('', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  mountOpenApi(app);
}
