import { Global, Module, ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessCalendar, calendarsFromTexts } from '@tenggat/calendar';
import { AdjustableClock, AppConfig, Clock, ConfigurationModule, REDIS } from '@tenggat/platform';
import { dataSourceOptions } from '@tenggat/schema';
import { InMemoryTimerQueueModule } from '@tenggat/sla';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * The middle tier of tests (immich's "medium" tests): real repositories and services on the
 * run's real Postgres (migrated once by the e2e global setup), everything else faked; no Redis,
 * no HTTP stack. Files are named `*.medium-spec.ts` and run in the e2e project.
 */
export async function mediumDataSource(): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url || !new URL(url).pathname.includes('test')) throw new Error(`medium tests run only against a test database, not ${url}`);
  return new DataSource(dataSourceOptions(url)).initialize();
}

let shipped: Map<string, BusinessCalendar> | undefined;

/** A shipped calendar (config/calendars), as the registry would serve it. */
export function shippedCalendar(id: string): BusinessCalendar {
  if (!shipped) {
    const dir = join(__dirname, '..', '..', 'config', 'calendars');
    const r = calendarsFromTexts(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8')));
    if (!r.ok) throw new Error('shipped calendars are invalid');
    shipped = new Map(r.calendars.map((c) => [c.id, new BusinessCalendar(c)]));
  }
  const cal = shipped.get(id);
  if (!cal) throw new Error(`no shipped calendar ${id}`);
  return cal;
}

/** Redis is not part of a medium test: a provider that needs it at all fails loudly. */
const NO_REDIS = new Proxy(
  {},
  {
    get: (_t, key) => {
      // not a promise, and no lifecycle hooks for Nest to call
      if (typeof key === 'symbol' || key === 'then' || key === 'constructor' || /^(on|before)[A-Z]/.test(key)) return undefined;
      throw new Error(`medium tests run without Redis (Redis.${String(key)} was called)`);
    },
  },
);

/**
 * What every module expects from the platform, for a medium test: the validated config, an
 * adjustable clock and TypeORM on the run's database; no Redis, no HTTP, no logging setup.
 */
@Global()
@Module({
  imports: [
    ConfigurationModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ type: 'postgres', url: config.get('DATABASE_URL'), autoLoadEntities: true, synchronize: false }),
    }),
  ],
  providers: [
    { provide: Clock, useFactory: () => new AdjustableClock() },
    { provide: REDIS, useValue: NO_REDIS },
  ],
  exports: [ConfigurationModule, Clock, REDIS],
})
export class MediumPlatformModule {}

/**
 * Real modules and services on Postgres, with the timer queue in memory (immich's
 * `newMediumService`): `imports` are the feature modules the services come from, `providers`
 * the services under test when no module exports them.
 */
export async function mediumModule(meta: Pick<ModuleMetadata, 'imports' | 'providers'>): Promise<TestingModule> {
  const ref = await Test.createTestingModule({
    imports: [MediumPlatformModule, InMemoryTimerQueueModule, ...(meta.imports ?? [])],
    providers: meta.providers ?? [],
  }).compile();
  await ref.init();
  return ref;
}
