/**
 * What the growth run measures: each series is a set of scenarios run once per size, either on a
 * database of that many cases (`vary: 'database'`) or on one database with a scenario option set
 * to the size (`vary: { option }`). A scenario this build does not have is skipped with a note,
 * so a series can be listed before its scenario lands.
 */
export interface GrowthSeries {
  name: string;
  scenarios: string[];
  sizes: number[];
  /** What the x axis counts. */
  axis: string;
  /** `database`: one database per size (seeded when missing); `option`: this bench option set to the size, on the database of `cases`. */
  vary: 'database' | { option: string; cases: number };
}

export const GROWTH_SERIES: GrowthSeries[] = [
  { name: 'reads', scenarios: ['queue', 'oversight', 'public'], sizes: [20_000, 200_000, 1_000_000], axis: 'cases in the database', vary: 'database' },
  { name: 'cliff', scenarios: ['cliff'], sizes: [2_000, 20_000, 50_000], axis: 'cases due at one instant', vary: { option: '--cliff-cases', cases: 1_000_000 } },
];

/** The shared bench databases by size (docs/BENCHMARKS.md); any other size gets `tenggat_bench_<size>`. */
const DATABASES: Record<number, string> = {
  20_000: 'tenggat_bench_quick',
  200_000: 'tenggat_bench_200k',
  1_000_000: 'tenggat_bench',
};

const short = (n: number): string => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1_000 === 0 ? `${n / 1_000}k` : String(n));

/**
 * The database of `cases` cases: the shared one, or with `template` (a URL containing `{size}`,
 * e.g. `postgres://postgres@127.0.0.1:5432/tenggat_bench_mine_{size}`) one of the caller's own.
 */
export function growthDatabaseUrl(cases: number, template?: string): string {
  if (template) return template.replace('{size}', short(cases));
  return `postgres://postgres@127.0.0.1:5432/${DATABASES[cases] ?? `tenggat_bench_${short(cases)}`}`;
}
