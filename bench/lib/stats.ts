/** Percentiles, summaries and the result table. */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : NaN,
  };
}

/** One line of the result table. `higherIsBetter` says which way the ratio should go. */
export interface ResultRow {
  scenario: string;
  metric: string;
  unit: string;
  median: number;
  /** The tail the target names (p95 or p99), with its label. */
  tail: number | null;
  tailLabel: 'p95' | 'p99' | '';
  baseline: number | null;
  baselineLabel: string;
  /** scenario / baseline (for latencies, lower is better; for throughput, higher). */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  note?: string;
}

const fmt = (n: number | null, unit = ''): string => {
  if (n === null || Number.isNaN(n)) return '-';
  const abs = Math.abs(n);
  const s = abs >= 1000 ? n.toFixed(0) : abs >= 100 ? n.toFixed(1) : abs >= 10 ? n.toFixed(2) : n.toFixed(3);
  return unit ? `${s} ${unit}` : s;
};

export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['scenario', 'metric', 'median', 'p95/p99', 'baseline', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [
    r.scenario,
    r.metric,
    fmt(r.median, r.unit),
    r.tail === null ? '-' : `${r.tailLabel} ${fmt(r.tail, r.unit)}`,
    r.baseline === null ? '-' : `${fmt(r.baseline, r.unit)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
    r.ratio === null ? '-' : r.ratio.toFixed(2),
    r.target,
    r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

