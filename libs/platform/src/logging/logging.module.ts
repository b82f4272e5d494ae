import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { ConfigurationModule } from '../config/configuration.module';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** JSON logs with a request id (echoed as X-Request-Id) and secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [ConfigurationModule],
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL'),
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
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
