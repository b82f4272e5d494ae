import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe, inputTextMiddleware, jsonDepthGuard, ProblemFilter, requestContextMiddleware, TextRulePipe } from '@tenggat/platform';
import { Logger } from 'nestjs-pino';
import { mountOpenApi } from './openapi';

/** Everything main.ts and the e2e tests apply to the app, so tests run the real thing. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.use(requestContextMiddleware);
  express.useLogger(app.get(Logger));
  express.useBodyParser('json', { limit: '256kb', verify: jsonDepthGuard }); // too deep a body is refused before it is parsed
  express.use(inputTextMiddleware); // one rule for all text: path, query, JSON body (multipart in TextRulePipe)
  express.disable('x-powered-by');
  app.setGlobalPrefix('', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new TextRulePipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  mountOpenApi(app);
}
