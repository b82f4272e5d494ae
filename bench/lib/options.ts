/**
 * Options of the bench harness and the seeder, from the command line. Every size has a full
 * default (the numbers the benchmark issue names) and a `--quick` default that fits in two
 * minutes; any of them can be overridden (`--cases 200000`).
 */

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tenggat_bench';
export const DEFAULT_QUICK_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tenggat_bench_quick';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface BenchOptions {
  quick: boolean;
  databaseUrl: string;
  redisUrl: string;
  /** Cases the database must hold (it is re-seeded when it holds another number). */
  cases: number;
  /** Force a fresh seed even when the database already holds `cases` cases. */
  reseed: boolean;
  /** Keep a database seeded by an older seed version (same number of cases) instead of re-seeding it. */
  reuse: boolean;
  /** Only these scenarios (default: all). */
  only: ScenarioName[] | null;
  actions: { rounds: number; bareSeconds: number; realSeconds: number; connections: number; pool: number; warmupSeconds?: number };
  timers: { armed: number; perSecond: number; windowSeconds: number; drainCapSeconds: number };
  reads: { samples: number; statsSamples: number; csvRows: number; csvRuns: number };
  reconciler: { missing: number; upcoming: number; sweeps: number };
  /** Cases the what-if scenario replays, first by submission (`--whatif-cases all`: every case, the self-consistency figure). */
  whatif: { cases: number | 'all' };
  /** The deadline cliff: `due` deadlines at one instant among `armed` clocks; then the same at the `growth` sizes (chart: write docs/bench-cliff.svg). */
  cliff: { due: number; armed: number; growth: number[]; capSeconds: number; chart: boolean };
}

export const SCENARIOS = ['actions', 'queue', 'oversight', 'public', 'reconciler', 'cliff', 'timers', 'whatif'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * Action load uses 10 connections, the low end of the 10-50: at 20 and more the app's
 * pool of 20 connections deadlocks (a transaction checks out a second connection for a lookup
 * outside its EntityManager; see docs/BENCHMARKS.md). `--connections 20` reproduces it.
 */
export function defaults(quick: boolean): BenchOptions {
  return quick
    ? {
        quick,
        databaseUrl: process.env.BENCH_DATABASE_URL ?? DEFAULT_QUICK_DATABASE_URL,
        redisUrl: process.env.BENCH_REDIS_URL ?? DEFAULT_REDIS_URL,
        cases: 20_000,
        reseed: false,
        reuse: false,
        only: null,
        actions: { rounds: 3, bareSeconds: 2, realSeconds: 3, connections: 10, pool: 400 },
        timers: { armed: 5_000, perSecond: 3_000, windowSeconds: 1, drainCapSeconds: 30 },
        reads: { samples: 20, statsSamples: 5, csvRows: 5_000, csvRuns: 1 },
        reconciler: { missing: 200, upcoming: 1_000, sweeps: 3 },
        whatif: { cases: 10_000 },
        cliff: { due: 2_000, armed: 10_000, growth: [500], capSeconds: 60, chart: false },
      }
    : {
        quick,
        databaseUrl: process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL,
        redisUrl: process.env.BENCH_REDIS_URL ?? DEFAULT_REDIS_URL,
        cases: 1_000_000,
        reseed: false,
        reuse: false,
        only: null,
        actions: { rounds: 5, bareSeconds: 5, realSeconds: 8, connections: 10, pool: 2_000 },
        // 100k armed, 3k/s falling due for 5 s (15k due): the rest hours ahead
        timers: { armed: 100_000, perSecond: 3_000, windowSeconds: 5, drainCapSeconds: 120 },
        reads: { samples: 30, statsSamples: 5, csvRows: 100_000, csvRuns: 2 },
        reconciler: { missing: 1_000, upcoming: 10_000, sweeps: 5 },
        whatif: { cases: 100_000 },
        // 20k statutory deadlines at one instant among 100k armed, then the growth at 2k and 50k
        cliff: { due: 20_000, armed: 100_000, growth: [2_000, 50_000], capSeconds: 150, chart: true },
      };
}

const NUMERIC: Record<string, (o: BenchOptions, n: number) => void> = {
  cases: (o, n) => (o.cases = n),
  rounds: (o, n) => (o.actions.rounds = n),
  connections: (o, n) => (o.actions.connections = n),
  pool: (o, n) => (o.actions.pool = n),
  'bare-seconds': (o, n) => (o.actions.bareSeconds = n),
  'action-seconds': (o, n) => (o.actions.realSeconds = n),
  'warmup-seconds': (o, n) => (o.actions.warmupSeconds = n),
  timers: (o, n) => (o.timers.armed = n),
  'timers-per-second': (o, n) => (o.timers.perSecond = n),
  'timer-window': (o, n) => (o.timers.windowSeconds = n),
  'timer-cap': (o, n) => (o.timers.drainCapSeconds = n),
  samples: (o, n) => (o.reads.samples = n),
  'csv-rows': (o, n) => (o.reads.csvRows = n),
  missing: (o, n) => (o.reconciler.missing = n),
  upcoming: (o, n) => (o.reconciler.upcoming = n),
  sweeps: (o, n) => (o.reconciler.sweeps = n),
  cliff: (o, n) => (o.cliff.due = n),
  // one point of the growth runner's cliff series (bench:growth): that many due, no growth of its own, no chart
  'cliff-cases': (o, n) => Object.assign(o.cliff, { due: n, growth: [], chart: false }),
  'cliff-armed': (o, n) => (o.cliff.armed = n),
  'cliff-cap': (o, n) => (o.cliff.capSeconds = n),
};

/** `--quick`, `--reseed`, `--reuse`, `--db URL`, `--redis URL`, `--only actions,queue`, `--whatif-cases N|all`, `--<size> N`. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const o = defaults(quick);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    if (arg === '--reseed') {
      o.reseed = true;
      continue;
    }
    if (arg === '--reuse') {
      o.reuse = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') ? arg.slice(2).split('=', 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${flag} needs a value`);
      return v;
    };
    if (flag === 'db') o.databaseUrl = value();
    else if (flag === 'whatif-cases') {
      const v = value();
      const n = Number(v.replace(/_/g, ''));
      if (v !== 'all' && !(Number.isSafeInteger(n) && n > 0)) throw new Error('--whatif-cases must be a positive number or "all"');
      o.whatif.cases = v === 'all' ? 'all' : n;
    }
    else if (flag === 'redis') o.redisUrl = value();
    else if (flag === 'cliff-growth') {
      const v = value();
      o.cliff.growth = v === 'none' ? [] : v.split(',').map((n) => Number(n.replace(/_/g, '')));
    }
    else if (flag === 'cliff-chart') o.cliff.chart = value() !== 'false';
    else if (flag === 'only') {
      const names = value().split(',');
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
      o.only = names as ScenarioName[];
    } else if (flag in NUMERIC) {
      const n = Number(value().replace(/_/g, ''));
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} must be a non-negative number`);
      NUMERIC[flag](o, n);
    } else throw new Error(`unknown option ${arg}`);
  }
  return o;
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The seeder drops and refills its database: never one whose name does not say "bench". */
export function assertBenchDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!name.includes('bench')) throw new Error(`Refusing to use database "${name}" for benchmarks: its name must contain "bench"`);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Refusing database name "${name}"`);
}
