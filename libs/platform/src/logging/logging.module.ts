import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { ConfigurationModule } from '../config/configuration.module';

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
              'res.headers["set-cookie"]',
              '*.password',
              '*.accessToken',
              '*.token',
            ],
            censor: '[redacted]',
          },
          customProps: () => ({ service: 'tenggat' }),
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
