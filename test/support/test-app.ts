import { INestApplication } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { AdjustableClock, Clock } from '@tenggat/platform';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  clock: AdjustableClock;
  db: DataSource;
  close(): Promise<void>;
}

/** Boots the real API module against the test database and Redis. */
export async function createTestApp(customize?: (b: TestingModuleBuilder) => TestingModuleBuilder): Promise<TestApp> {
  let builder = Test.createTestingModule({ imports: [AppModule] });
  if (customize) builder = customize(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    clock: app.get<Clock, AdjustableClock>(Clock),
    db: app.get(DataSource),
    close: () => app.close(),
  };
}
