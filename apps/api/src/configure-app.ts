import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import {
  applyHttpSecurity,
  AppConfig,
  createValidationPipe,
  httpMetricsMiddleware,
  inputTextMiddleware,
  jsonDepthGuard,
  parseTrustProxy,
  ProblemFilter,
  QuietStartupLogger,
  requestContextMiddleware,
  TextRulePipe,
} from '@tenggat/platform';
import { Logger } from 'nestjs-pino';
import { mountConsole } from './console-static';
import { mountOpenApi } from './openapi';

/** Everything main.ts and the e2e tests apply to the app, so tests run the real thing. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get(AppConfig);
  express.use(httpMetricsMiddleware);
  express.use(requestContextMiddleware);
  express.useLogger(new QuietStartupLogger(app.get(Logger)));
  applyHttpSecurity(app, {
    CORS_ORIGINS: config.get('CORS_ORIGINS'),
    METRICS_AUTH: config.get('METRICS_AUTH'),
    DOCS_AUTH: config.get('DOCS_AUTH'),
  });
  express.useBodyParser('json', { limit: '256kb', verify: jsonDepthGuard }); // too deep a body is refused before it is parsed
  express.use(inputTextMiddleware); // one rule for all text: path, query, JSON body (multipart in TextRulePipe)
  express.disable('x-powered-by');
  // the client address (login and registration limits, audit) and req.secure behind a reverse proxy
  express.set('trust proxy', parseTrustProxy(config.get('TRUST_PROXY')));
  app.setGlobalPrefix('', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new TextRulePipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  mountOpenApi(app);
  mountConsole(express);
}
