import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { ConfigurationModule } from '../config/configuration.module';
import { redactQuery, redactUrl } from './redact';

/** JSON logs with a request id (echoed as X-Request-Id) and secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigurationModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL'),
          // requestContextMiddleware has already set req.id; this is the fallback
          genReqId: (req: IncomingMessage & { id?: unknown }) =>
            typeof req.id === 'string' ? req.id : randomUUID(),
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["if-match"]',
              'req.headers["x-api-key"]',
              'res.headers["set-cookie"]',
              '*.password',
              '*.accessToken',
              '*.token',
            ],
            censor: '[redacted]',
          },
          // secrets in query strings (tracking access codes, tokens) never reach a log line
          serializers: {
            req: (req: { url?: string; query?: unknown }) => ({
              ...req,
              url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
              query: redactQuery(req.query),
            }),
          },
          customProps: () => ({ service: 'tenggat' }),
          autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
