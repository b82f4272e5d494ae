/**
 * Seeds the bench database (its name must contain "bench"):
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/seed.ts [--cases 1000000] [--db URL] [--quick]
 *
 * Default: 1,000,000 cases into postgres://postgres@127.0.0.1:5432/tenggat_bench (`--quick`:
 * 20,000 into tenggat_bench_quick). The database is dropped and rebuilt every time.
 */
import { benchQueuePrefix, setBenchEnv } from './lib/env';
import { assertBenchDatabase, parseArgs } from './lib/options';

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  assertBenchDatabase(o.databaseUrl);
  setBenchEnv({ databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, queuePrefix: benchQueuePrefix('seed') });
  const { seedBench } = await import('./seed/seeder');
  await seedBench({ databaseUrl: o.databaseUrl, cases: o.cases });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
