import { ReconcilerService } from '@tenggat/enforcement';
import { runMigrations } from '@tenggat/schema';
import { execSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { BenchApp, deletePrefixedKeys, startBenchApp } from './app/bench-app';
import { LoadWorker } from './load/load-client';
import { BenchOptions, databaseNameOf, SCENARIOS, ScenarioName } from './lib/options';
import { ResultRow } from './lib/stats';
import { actionsScenario } from './scenarios/actions';
import { cliffScenario } from './scenarios/cliff';
import { BenchContext, ScenarioResult } from './scenarios/context';
import { oversightScenario } from './scenarios/oversight';
import { CapturedPlan, capturePlans, countStatements, StatementCount } from './scenarios/plans';
import { publicScenario } from './scenarios/public';
import { queueScenario } from './scenarios/queue';
import { reconcilerScenario } from './scenarios/reconciler';
import { timersScenario } from './scenarios/timers';
import { whatifScenario } from './scenarios/whatif';
import { readSeedMeta, SEED_VERSION, SeedMeta, seedBench } from './seed/seeder';

export interface BenchReport {
  startedAt: string;
  seconds: number;
  mode: 'quick' | 'full' | 'custom';
  commit: string;
  machine: Record<string, unknown>;
  options: BenchOptions;
  seed: SeedMeta & { reused: boolean };
  rows: ResultRow[];
  scenarios: (ScenarioResult & { seconds: number })[];
  plans: CapturedPlan[];
  statements: StatementCount[];
}

const RUNNERS: Record<ScenarioName, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  actions: actionsScenario,
  queue: queueScenario,
  oversight: oversightScenario,
  public: publicScenario,
  reconciler: reconcilerScenario,
  cliff: cliffScenario,
  timers: timersScenario,
  whatif: whatifScenario,
};

/**
 * The whole benchmark: seeds the database if it does not hold the requested data, starts the
 * app in-process, runs the scenarios (timers last: it is the heaviest and leaves a backlog when
 * it cannot keep up), captures the plans of the hot queries, and cleans up its Redis keys.
 * The environment (database, Redis, queue prefix) must have been set before this module was
 * loaded (see lib/env.ts).
 */
export async function runBench(o: BenchOptions, opts: { queuePrefix: string; log?: (line: string) => void; plans?: boolean }): Promise<BenchReport> {
  const log = opts.log ?? ((line: string): void => console.log(line));
  const started = Date.now();
  let meta = await readSeedMeta(o.databaseUrl);
  const reused = !(o.reseed || !meta || meta.cases !== o.cases || (meta.version !== SEED_VERSION && !o.reuse));
  if (!reused || !meta) meta = await seedBench({ databaseUrl: o.databaseUrl, cases: o.cases, log });
  else {
    log(`reusing ${databaseNameOf(o.databaseUrl)}: ${meta.cases} cases as of ${meta.at} (seeded ${meta.seededAt}, seed version ${meta.version ?? '?'}${meta.version !== SEED_VERSION ? `, not the current ${SEED_VERSION}` : ''})`);
    // a migration added since the seed (an index, statistics) applies to the seeded data too
    const applied = await runMigrations(o.databaseUrl);
    if (applied.length) log(`  applied ${applied.join(', ')}`);
  }

  let bench: BenchApp | undefined;
  let load: LoadWorker | undefined;
  const scenarios: (ScenarioResult & { seconds: number })[] = [];
  let plans: CapturedPlan[] = [];
  let statements: StatementCount[] = [];
  let versions: Record<string, string> = {};
  try {
    bench = await startBenchApp(new Date(meta.at));
    versions = await serverVersions(bench, o.redisUrl);
    load = await LoadWorker.start();
    const ctx: BenchContext = { bench, load, options: o, meta, log };
    // the sweep the workers start with: let it finish before measuring
    await bench.app.get(ReconcilerService).sweep();
    for (const name of SCENARIOS) {
      if (o.only && !o.only.includes(name)) continue;
      const t0 = Date.now();
      const result = await RUNNERS[name](ctx);
      scenarios.push({ ...result, seconds: (Date.now() - t0) / 1000 });
      log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (opts.plans !== false) {
      plans = await capturePlans(ctx);
      statements = await countStatements(ctx);
    }
  } finally {
    await load?.close();
    await bench?.close();
    const deleted = await deletePrefixedKeys(o.redisUrl, opts.queuePrefix);
    log(`cleaned up ${deleted} Redis keys under ${opts.queuePrefix}:`);
  }
  return {
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    mode: o.quick ? 'quick' : o.cases === 1_000_000 ? 'full' : 'custom',
    commit: gitCommit(),
    machine: { ...machine(), ...versions },
    options: o,
    seed: { ...meta, reused },
    rows: scenarios.flatMap((s) => s.rows),
    scenarios,
    plans,
    statements,
  };
}

/** The commit measured ("(with uncommitted changes)" when the tree is dirty). */
export function gitCommit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Postgres and Redis versions, asked before the app closes. */
export async function serverVersions(bench: BenchApp, redisUrl: string): Promise<Record<string, string>> {
  const [{ version }] = await bench.db.query<{ version: string }[]>('SELECT version()');
  const { createRedis } = await import('@tenggat/platform');
  const redis = createRedis(redisUrl);
  try {
    const infoText = await redis.info('server');
    return { postgres: version, redis: /redis_version:(\S+)/.exec(infoText)?.[1] ?? 'unknown' };
  } finally {
    redis.disconnect();
  }
}
