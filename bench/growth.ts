/**
 * How cost grows with work (docs/BENCHMARKS.md, "Growth"):
 *
 *   npm run bench:growth                          the series of bench/growth/plan.ts at every size
 *   npm run bench:growth -- --sizes 20000,200000  the read scenarios at these sizes only
 *   npm run bench:growth -- --series reads        one series (reads, cliff)
 *
 * Each size is one `bench/run.ts` in a child process (the app reads its database from the
 * environment once, at start), with the same sampling options at every size (the full run's, not
 * `--quick`'s). A database that does not exist is seeded first by the bench's seeder; one that
 * exists is never re-seeded (an older seed version is measured as it is, with `--reuse`, unless
 * `--reseed-stale`); one that exists without seed metadata (being seeded) or with another number of
 * cases, or that other sessions are busy on, is skipped with a note. A series whose scenario this
 * build does not have is skipped too.
 *
 * Options: --series a,b; --sizes N,N (reads); --cliff-sizes N,N; --db-template URL with {size}
 * (databases of your own: postgres://postgres@127.0.0.1:5432/tenggat_bench_mine_{size}); --db-for
 * SIZE=URL (one size's database, e.g. the shared 1M one beside your own smaller ones); --svg PATH
 * (default docs/bench-growth.svg); --reseed-stale; --allow-busy; anything else is passed to every run
 * (`--samples 20`, `--redis URL`).
 *
 * Prints the table, writes bench/results/<time>-growth.{md,json} and the chart.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import { GROWTH_SERIES, growthDatabaseUrl, GrowthSeries } from './growth/plan';
import { collectGrowth, growthMarkdown, growthPanels, GrowthRun, growthSvg } from './growth/report';
import { benchQueuePrefix, setBenchEnv } from './lib/env';
import { DEFAULT_BENCH_DATABASE_URL, DEFAULT_REDIS_URL, databaseNameOf, SCENARIOS } from './lib/options';
import type { ResultRow } from './lib/stats';

interface GrowthOptions {
  series: GrowthSeries[];
  template?: string;
  /** A database for one size (`--db-for 1000000=URL`), before the template and the shared names. */
  databases: Map<number, string>;
  svg: string;
  reseedStale: boolean;
  allowBusy: boolean;
  passThrough: string[];
}

const ROOT = resolve(__dirname, '..');

function parse(argv: string[]): GrowthOptions {
  const series = GROWTH_SERIES.map((s) => ({ ...s, sizes: [...s.sizes] }));
  const o: GrowthOptions = { series, databases: new Map(), svg: join(ROOT, 'docs', 'bench-growth.svg'), reseedStale: false, allowBusy: false, passThrough: [] };
  const sizes = (v: string): number[] => v.split(',').map((x) => Number(x.replace(/_/g, '')));
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => inline ?? argv[++i];
    if (flag === '--series') {
      const names = value().split(',');
      o.series = series.filter((s) => names.includes(s.name));
    } else if (flag === '--sizes') setSizes(series, 'reads', sizes(value()));
    else if (flag === '--cliff-sizes') setSizes(series, 'cliff', sizes(value()));
    else if (flag === '--db-template') o.template = value();
    else if (flag === '--db-for') {
      const v = value();
      const at = v.indexOf('=');
      const size = Number(v.slice(0, at).replace(/_/g, ''));
      if (at < 0 || !Number.isSafeInteger(size)) throw new Error('--db-for SIZE=URL');
      o.databases.set(size, v.slice(at + 1));
    }
    else if (flag === '--svg') o.svg = resolve(value());
    else if (flag === '--reseed-stale') o.reseedStale = true;
    else if (flag === '--allow-busy') o.allowBusy = true;
    else o.passThrough.push(argv[i]);
  }
  return o;
}

function setSizes(series: GrowthSeries[], name: string, sizes: number[]): void {
  if (sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new Error(`--sizes: positive numbers, comma-separated`);
  const s = series.find((x) => x.name === name);
  if (s) s.sizes = sizes;
}

/** Why this database cannot be measured at `cases` now, or the options its run needs. */
async function prepare(url: string, cases: number, o: GrowthOptions): Promise<{ skip: string } | { args: string[] }> {
  const { readSeedMeta, SEED_VERSION } = await import('./seed/seeder');
  const meta = await readSeedMeta(url);
  const name = databaseNameOf(url);
  if (meta === null) {
    const exists = await adminQuery<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [name]);
    if (exists[0].n > 0) return { skip: `${name} exists without seed metadata (being seeded?): not touched` };
    return { args: [] }; // missing: bench/run.ts seeds it
  }
  if (meta.cases !== cases) return { skip: `${name} holds ${meta.cases} cases, not ${cases}: not re-seeded` };
  if (!o.allowBusy) {
    const busy = await adminQuery<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'`,
      [name],
    );
    if (busy[0].n > 0) return { skip: `${name} is busy (${busy[0].n} active sessions of another run): skipped (--allow-busy to measure anyway)` };
  }
  if (meta.version !== SEED_VERSION && !o.reseedStale) return { args: ['--reuse'] };
  return { args: [] };
}

async function adminQuery<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** One bench/run.ts in a child process; its report's rows. */
function runOnce(args: string[], out: string): Promise<{ rows: ResultRow[]; load: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'run.ts'), ...args, '--out', out, '--no-plans'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', fail);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code !== 0) return fail(new Error(`bench/run.ts ${args.join(' ')} exited with ${code}`));
      const report = JSON.parse(readFileSync(out, 'utf8')) as { rows: ResultRow[]; machine: { loadAverageAtEnd?: number[] } };
      done({ rows: report.rows, load: report.machine.loadAverageAtEnd?.[0] ?? null });
    });
  });
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  // the seeder's module (seed metadata) loads the app's configuration: give it the bench's (nothing is booted here)
  setBenchEnv({ databaseUrl: DEFAULT_BENCH_DATABASE_URL, redisUrl: DEFAULT_REDIS_URL, queuePrefix: benchQueuePrefix('growth') });
  const { gitCommit } = await import('./run-bench');
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const known = new Set<string>(SCENARIOS);
  const runs: GrowthRun[] = [];
  const measured: GrowthSeries[] = [];
  for (const s of o.series) {
    const scenarios = s.scenarios.filter((n) => known.has(n));
    const missing = s.scenarios.filter((n) => !known.has(n));
    if (missing.length) console.log(`growth: ${s.name}: scenario(s) ${missing.join(', ')} not in this build: ${scenarios.length ? 'left out' : 'series skipped'}`);
    if (!scenarios.length) continue;
    measured.push(s);
    for (const size of s.sizes) {
      const cases = s.vary === 'database' ? size : s.vary.cases;
      const url = o.databases.get(cases) ?? growthDatabaseUrl(cases, o.template);
      const database = databaseNameOf(url);
      const ready = await prepare(url, cases, o);
      if ('skip' in ready) {
        console.log(`growth: ${s.name} at ${size}: ${ready.skip}`);
        runs.push({ series: s.name, size, rows: [], database, error: ready.skip });
        continue;
      }
      const args = ['--db', url, '--cases', String(cases), '--only', scenarios.join(','), ...ready.args, ...o.passThrough];
      if (s.vary !== 'database') args.push(s.vary.option, String(size));
      console.log(`\ngrowth: ${s.name} at ${size}: bench/run.ts ${args.join(' ')} (load ${loadavg()[0].toFixed(1)})`);
      try {
        const r = await runOnce(args, join(dir, `${stamp}-growth-${s.name}-${size}.json`));
        runs.push({ series: s.name, size, rows: r.rows, load: r.load, database });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        console.log(`growth: ${s.name} at ${size} failed: ${error}`);
        runs.push({ series: s.name, size, rows: [], database, error });
      }
    }
  }
  const metrics = collectGrowth(runs);
  const commit = gitCommit();
  const meta = measured.map((s) => ({ name: s.name, axis: s.axis }));
  const table = growthMarkdown(metrics, runs, meta);
  const title = `Tenggat: cost as the work grows (commit ${commit}, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  console.log(`\n${title}\n\n${table}`);
  const md = join(dir, `${stamp}-growth.md`);
  writeFileSync(md, `# ${title}\n\n${table}`);
  writeFileSync(join(dir, `${stamp}-growth.json`), JSON.stringify({ startedAt: started.toISOString(), commit, series: measured, runs, metrics }, null, 2));
  const loads = runs.filter((r) => r.load !== undefined && r.load !== null).map((r) => r.load as number);
  const subtitle = `p95 per metric (median where a row has no tail); bare read dashed; load average ${loads.length ? `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}` : '?'} on 2 shared vCPU`;
  writeFileSync(o.svg, growthSvg(title, subtitle, growthPanels(metrics, meta)));
  console.log(`wrote ${relative(ROOT, md)} and ${relative(ROOT, o.svg)}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
