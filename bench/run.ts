/**
 * The benchmark (docs/BENCHMARKS.md):
 *
 *   npm run bench                 1M cases in tenggat_bench (seeded first if needed), full scenarios, < 10 min
 *   npm run bench -- --quick      20k cases in tenggat_bench_quick, short scenarios, < 2 min
 *
 * Options: --db URL, --redis URL, --reseed, --reuse (keep an older seed version), --only
 * actions,queue,oversight,public,reconciler,timers,whatif, --cases N, --whatif-cases N|all and the
 * sizes in lib/options.ts. Prints the table and writes bench/results/*.json
 * (with the EXPLAIN ANALYZE of the hot queries; `bench/plans.ts FILE` prints them as Markdown).
 * `--out FILE` writes the results there instead; `--no-plans` skips the plans and statement
 * counts (the growth run, bench/growth.ts, runs this once per size with both).
 *
 *   npm run bench:growth          the read scenarios at 20k, 200k and 1M cases, and the cliff: see bench/growth.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchQueuePrefix, setBenchEnv } from './lib/env';
import { assertBenchDatabase, parseArgs } from './lib/options';
import { formatTable } from './lib/stats';

async function main(): Promise<void> {
  const { argv, out, plans } = ownArgs(process.argv.slice(2));
  const o = parseArgs(argv);
  assertBenchDatabase(o.databaseUrl);
  const queuePrefix = benchQueuePrefix();
  setBenchEnv({ databaseUrl: o.databaseUrl, redisUrl: o.redisUrl, queuePrefix });
  // interrupted: still remove this run's Redis keys (the database is the bench's own)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: removing the Redis keys under ${queuePrefix}: ...`);
      void import('./app/bench-app')
        .then(({ deletePrefixedKeys }) => deletePrefixedKeys(o.redisUrl, queuePrefix))
        .finally(() => process.exit(130));
    });
  }
  // only now: the application reads its configuration when its modules are loaded
  const { runBench } = await import('./run-bench');
  const report = await runBench(o, { queuePrefix, plans });
  const table = formatTable(report.rows);
  console.log(`\nTenggat benchmark, ${report.mode}, ${report.seed.cases} cases, commit ${report.commit}, ${report.startedAt}`);
  console.log(`machine: ${JSON.stringify(report.machine)}`);
  console.log(`run: ${report.seconds.toFixed(0)} s (seed ${report.seed.reused ? 'reused' : `${report.seed.seconds.toFixed(0)} s, ${report.seed.rowsPerSecond} rows/s`})\n`);
  console.log(table);
  for (const r of report.rows.filter((x) => x.note)) console.log(`  ${r.scenario} / ${r.metric}: ${r.note ?? ''}`);
  for (const s of report.statements) {
    const target = s.label.startsWith('POST /v1/applications/') ? ` (target <= 8: ${s.statements <= 8 ? 'met' : 'missed'})` : '';
    console.log(`  statements per request: ${s.label}: ${s.statements}${target} ${JSON.stringify(s.byKind)}, writes ${JSON.stringify(s.writes ?? {})}`);
    s.sql.forEach((q, i) => console.log(`    ${String(i + 1).padStart(2)}. ${q}`));
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = out ?? join(dir, `${stamp}-${report.mode}.json`);
  writeFileSync(file, JSON.stringify({ ...report, table }, null, 2));
  console.log(`\nwrote ${file}`);
}

/** The command's own options (not the bench's): `--out FILE`, `--no-plans`. */
function ownArgs(args: string[]): { argv: string[]; out?: string; plans: boolean } {
  const argv: string[] = [];
  let out: string | undefined;
  let plans = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-plans') plans = false;
    else if (args[i] === '--out') out = args[++i];
    else if (args[i].startsWith('--out=')) out = args[i].slice('--out='.length);
    else argv.push(args[i]);
  }
  return { argv, out, plans };
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
