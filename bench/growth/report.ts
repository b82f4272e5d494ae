/**
 * The growth report (docs/BENCHMARKS.md, "Growth"): how each metric's cost grows with the work,
 * from the result rows of one bench run per size. Pure: rows in, a table (Markdown) and a chart
 * (a hand-written SVG, log-scale x) out.
 */
import type { ResultRow } from '../lib/stats';

/** One bench run of a series at one size (`rows` empty and `error` set when the run failed or was skipped). */
export interface GrowthRun {
  series: string;
  size: number;
  rows: ResultRow[];
  /** Load average (1 min) at the end of the run, for the reader of the numbers. */
  load?: number | null;
  database?: string;
  error?: string;
}

export interface GrowthPoint {
  size: number;
  median: number;
  /** The row's tail (p95 for the reads), or null when the row has none. */
  tail: number | null;
  label: string;
}

/** One metric across sizes. */
export interface GrowthMetric {
  series: string;
  scenario: string;
  key: string;
  unit: string;
  tailLabel: string;
  points: GrowthPoint[];
  /** A baseline line (the bare read), drawn dashed. */
  baseline?: boolean;
}

export interface GrowthSeriesMeta {
  name: string;
  /** What the x axis counts ("cases in the database", "cases due at one instant"). */
  axis: string;
}

/**
 * A metric's label without what changes with the size ("(44,842 queued)", "page 1121",
 * "2025-12..2026-11"), so that the same metric lines up across sizes.
 */
export function metricKey(metric: string): string {
  return metric
    .replace(/\s*\([^()]*\d[^()]*\)/g, '')
    .replace(/\b\d{4}-\d{2}\.\.\d{4}-\d{2}\b/g, 'period')
    .replace(/(?<![\w/.])\d[\d,]*(\.\d+)?(?![\w])/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

const BASELINE_KEY = 'bare read (baseline)';

/** The runs' rows grouped per series and metric, sizes ascending; each scenario's baseline (the bare read p95) as a metric of its own. */
export function collectGrowth(runs: readonly GrowthRun[]): GrowthMetric[] {
  const metrics = new Map<string, GrowthMetric>();
  const add = (series: string, scenario: string, key: string, unit: string, tailLabel: string, point: GrowthPoint, baseline = false): void => {
    const id = `${series}\u0000${scenario}\u0000${key}`;
    let m = metrics.get(id);
    if (!m) metrics.set(id, (m = { series, scenario, key, unit, tailLabel, points: [], ...(baseline ? { baseline } : {}) }));
    if (!m.points.some((p) => p.size === point.size)) m.points.push(point);
  };
  for (const run of runs) {
    for (const r of run.rows) {
      add(run.series, r.scenario, metricKey(r.metric), r.unit, r.tailLabel, { size: run.size, median: r.median, tail: r.tail, label: r.metric });
      // a throughput against its own baseline (the CSV export against the raw cursor): the ratio is the steadier figure
      if (r.unit !== 'ms' && r.ratio !== null && r.baselineLabel) {
        add(run.series, r.scenario, `${metricKey(r.metric)}: ratio to ${r.baselineLabel}`, 'x', '', { size: run.size, median: r.ratio, tail: null, label: r.metric });
      }
      if (r.unit === 'ms' && r.baselineLabel === 'bare read p95' && r.baseline !== null) {
        add(run.series, r.scenario, BASELINE_KEY, 'ms', 'p95', { size: run.size, median: NaN, tail: r.baseline, label: BASELINE_KEY }, true);
      }
    }
  }
  const all = [...metrics.values()];
  for (const m of all) m.points.sort((a, b) => a.size - b.size);
  // the baseline first in each scenario, then the metrics in the order the runs gave them
  return all.sort((a, b) => (a.series === b.series && a.scenario === b.scenario ? Number(Boolean(b.baseline)) - Number(Boolean(a.baseline)) : 0));
}

const group = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "20k", "200k", "1M". */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return group(n);
}

/** A value with its unit, to three significant figures (thousands grouped). */
export function formatValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '-';
  const abs = Math.abs(v);
  const s = abs >= 1000 ? group(v) : abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
  if (unit === 'x') return `${s}x`;
  return unit ? `${s} ${unit}` : s;
}

/**
 * The growth table as Markdown: one row per metric, one column per size (median / tail), and the
 * ratio of the largest size's value to the smallest's (tail if any, else median): ~1 is flat.
 */
export function growthMarkdown(metrics: readonly GrowthMetric[], runs: readonly GrowthRun[], series: readonly GrowthSeriesMeta[]): string {
  const out: string[] = [];
  for (const s of series) {
    const sizes = [...new Set(runs.filter((r) => r.series === s.name).map((r) => r.size))].sort((a, b) => a - b);
    if (!sizes.length) continue;
    const ms = metrics.filter((m) => m.series === s.name);
    out.push(`**${s.name}**: x = ${s.axis}`, '');
    out.push(`| scenario | metric | ${sizes.map((n) => `${sizeLabel(n)}: median / tail`).join(' | ')} | largest / smallest |`);
    out.push(`|---|---|${sizes.map(() => '---').join('|')}|---|`);
    for (const m of ms) {
      const cells = sizes.map((n) => {
        const p = m.points.find((x) => x.size === n);
        if (!p) return '-';
        return p.tail === null ? formatValue(p.median, m.unit) : `${formatValue(p.median, m.unit)} / ${m.tailLabel} ${formatValue(p.tail, m.unit)}`;
      });
      out.push(`| ${m.scenario} | ${m.key} | ${cells.join(' | ')} | ${growthRatio(m)} |`);
    }
    const notes = runs
      .filter((r) => r.series === s.name)
      .sort((a, b) => a.size - b.size)
      .map((r) => `${sizeLabel(r.size)}${r.database ? ` (${r.database})` : ''}: ${r.error ? `not measured: ${r.error}` : `load ${r.load === null || r.load === undefined ? '?' : r.load.toFixed(1)}`}`);
    out.push('', `Runs: ${notes.join('; ')}.`);
    const varying = ms.filter((m) => new Set(m.points.map((p) => p.label)).size > 1 && !m.baseline);
    if (varying.length) {
      out.push('', 'As measured at each size:');
      for (const m of varying) out.push(`- ${m.scenario} / ${m.key}: ${m.points.map((p) => `${sizeLabel(p.size)} "${p.label}"`).join(', ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The largest size's value over the smallest's (the tail when both have one), e.g. "1.12x"; "-" with fewer than two sizes. */
export function growthRatio(m: GrowthMetric): string {
  if (m.points.length < 2) return '-';
  const first = m.points[0];
  const last = m.points[m.points.length - 1];
  const v = (p: GrowthPoint): number => (first.tail !== null && last.tail !== null ? (p.tail as number) : p.median);
  const a = v(first);
  const b = v(last);
  if (!(a > 0) || !Number.isFinite(b)) return '-';
  return `${(b / a).toFixed(2)}x`;
}

// ---------------------------------------------------------------------------------------------
// The chart

export interface ChartLine {
  label: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

export interface ChartPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  lines: ChartLine[];
}

/** Time-like units the chart can draw on one axis, in milliseconds. */
const TO_MS: Record<string, number> = { ms: 1, s: 1000 };

/**
 * The chart's panels: one per scenario of each series (so that no panel holds more than a
 * handful of lines), one line per latency metric (its tail, else its median), the bare read dashed.
 */
export function growthPanels(metrics: readonly GrowthMetric[], series: readonly GrowthSeriesMeta[]): ChartPanel[] {
  const panels: ChartPanel[] = [];
  for (const s of series) {
    const ms = metrics.filter((m) => m.series === s.name && m.unit in TO_MS);
    for (const scenario of [...new Set(ms.map((m) => m.scenario))]) {
      const lines = ms
        .filter((m) => m.scenario === scenario)
        .map((m) => ({
          label: m.baseline ? m.key : `${m.key}${m.points.some((p) => p.tail !== null) ? ` (${m.tailLabel})` : ''}`,
          dashed: Boolean(m.baseline),
          points: m.points
            .map((p) => ({ x: p.size, y: (p.tail ?? p.median) * TO_MS[m.unit] }))
            .filter((p) => Number.isFinite(p.y) && p.y > 0),
        }))
        .filter((l) => l.points.length > 0);
      if (lines.length) panels.push({ title: `${scenario}`, xLabel: s.axis, yLabel: 'latency (log scale)', lines });
    }
  }
  return panels;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Powers of ten covering [lo, hi] (at least one decade). */
export function decades(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
  const out: number[] = [];
  for (let e = a; e <= b; e++) out.push(10 ** e);
  return out;
}

/** "1 ms", "10 ms", "1 s", "10 s" for a tick in milliseconds. */
export function msTick(v: number): string {
  if (v >= 1000) return `${group(v / 1000)} s`;
  if (v >= 1) return `${group(v)} ms`;
  return `${v} ms`;
}

const PANEL_W = 520;
const PANEL_H = 330;
const PLOT = { left: 64, right: 16, top: 34, bottom: 46 };
const LEGEND_LINE = 15;

/**
 * The chart as a standalone SVG: a title, then the panels two to a row, each with log-scale axes
 * (x: the size, y: milliseconds), gridlines at every decade, one polyline with markers per line,
 * and its legend below the plot. Deterministic: the same input gives the same bytes.
 */
export function growthSvg(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const cols = panels.length > 1 ? 2 : 1;
  const legendH = (p: ChartPanel): number => p.lines.length * LEGEND_LINE + 8;
  const rows: ChartPanel[][] = [];
  for (let i = 0; i < panels.length; i += cols) rows.push(panels.slice(i, i + cols));
  const rowH = rows.map((r) => PANEL_H + Math.max(0, ...r.map(legendH)));
  const head = 56;
  const width = cols * PANEL_W;
  const height = head + rowH.reduce((a, b) => a + b, 0) + 8;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${esc(title)}</text>`,
    `<text x="${width / 2}" y="40" text-anchor="middle" fill="#555555">${esc(subtitle)}</text>`,
  ];
  if (!panels.length) out.push(`<text x="${width / 2}" y="${head + 20}" text-anchor="middle">no measurements</text>`);
  let y0 = head;
  rows.forEach((row, ri) => {
    row.forEach((p, ci) => out.push(...panelSvg(p, ci * PANEL_W, y0)));
    y0 += rowH[ri];
  });
  out.push('</svg>', '');
  return out.join('\n');
}

function panelSvg(p: ChartPanel, ox: number, oy: number): string[] {
  const xs = p.lines.flatMap((l) => l.points.map((q) => q.x));
  const ys = p.lines.flatMap((l) => l.points.map((q) => q.y));
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const xLo = Math.min(...xs) / 1.6;
  const xHi = Math.max(...xs) * 1.6;
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const yLo = yTicks[0];
  const yHi = yTicks[yTicks.length - 1];
  const L = ox + PLOT.left;
  const R = ox + PANEL_W - PLOT.right;
  const T = oy + PLOT.top;
  const B = oy + PANEL_H - PLOT.bottom;
  const sx = (x: number): number => L + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (R - L);
  const sy = (y: number): number => B - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * (B - T);
  const out: string[] = [`<g>`, `<text x="${ox + PANEL_W / 2}" y="${oy + 20}" text-anchor="middle" font-size="13" font-weight="bold">${esc(p.title)}</text>`];
  // grid and y ticks (decades, with 2x and 5x minor lines)
  for (const t of yTicks) {
    out.push(`<line x1="${L}" y1="${num(sy(t))}" x2="${R}" y2="${num(sy(t))}" stroke="#dddddd"/>`);
    out.push(`<text x="${L - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${esc(msTick(t))}</text>`);
    for (const m of [2, 5]) if (t * m < yHi) out.push(`<line x1="${L}" y1="${num(sy(t * m))}" x2="${R}" y2="${num(sy(t * m))}" stroke="#f0f0f0"/>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${num(sx(t))}" y1="${T}" x2="${num(sx(t))}" y2="${B}" stroke="#eeeeee"/>`);
    out.push(`<text x="${num(sx(t))}" y="${B + 16}" text-anchor="middle">${esc(sizeLabel(t))}</text>`);
  }
  // axes
  out.push(`<line x1="${L}" y1="${B}" x2="${R}" y2="${B}" stroke="#333333"/>`, `<line x1="${L}" y1="${T}" x2="${L}" y2="${B}" stroke="#333333"/>`);
  out.push(`<text x="${(L + R) / 2}" y="${B + 34}" text-anchor="middle" fill="#333333">${esc(p.xLabel)} (log scale)</text>`);
  out.push(
    `<text x="${ox + 14}" y="${(T + B) / 2}" text-anchor="middle" fill="#333333" transform="rotate(-90 ${ox + 14} ${(T + B) / 2})">${esc(p.yLabel)}</text>`,
  );
  // lines, markers, legend
  p.lines.forEach((l, i) => {
    const color = l.dashed ? '#777777' : PALETTE[i % PALETTE.length];
    const dash = l.dashed ? ' stroke-dasharray="5 4"' : '';
    const pts = l.points.map((q) => `${num(sx(q.x))},${num(sy(q.y))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts}"/>`);
    for (const q of l.points) out.push(`<circle cx="${num(sx(q.x))}" cy="${num(sy(q.y))}" r="3" fill="${color}"><title>${esc(`${l.label}: ${msTick(q.y)} at ${sizeLabel(q.x)}`)}</title></circle>`);
    const ly = oy + PANEL_H + i * LEGEND_LINE;
    out.push(`<line x1="${L}" y1="${ly - 4}" x2="${L + 22}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${L + 28}" y="${ly}">${esc(l.label)}</text>`);
  });
  out.push('</g>');
  return out;
}
