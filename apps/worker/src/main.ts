import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { validateEnv } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  await runMigrations(env.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
}

bootstrap().catch((e: unknown) => {
  // eslint-disable-next-line no-console
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
