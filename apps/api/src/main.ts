import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, validateEnv } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  await runMigrations(env.DATABASE_URL);
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  const port = app.get(AppConfig).get('PORT');
  await app.listen(port, '0.0.0.0');
}

bootstrap().catch((e: unknown) => {
  // eslint-disable-next-line no-console
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
