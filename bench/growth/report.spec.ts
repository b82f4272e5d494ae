import type { ResultRow } from '../lib/stats';
import { collectGrowth, decades, growthMarkdown, growthPanels, growthRatio, GrowthRun, growthSvg, metricKey, msTick, sizeLabel } from './report';

const row = (scenario: string, metric: string, median: number, tail: number | null, baseline: number | null = 8, unit = 'ms'): ResultRow => ({
  scenario,
  metric,
  unit,
  median,
  tail,
  tailLabel: tail === null ? '' : 'p95',
  baseline,
  baselineLabel: unit === 'ms' ? 'bare read p95' : 'raw cursor',
  ratio: null,
  target: '(info)',
  pass: null,
});

const runs: GrowthRun[] = [
  {
    series: 'reads',
    size: 20_000,
    load: 3.2,
    database: 'tenggat_bench_quick',
    rows: [
      row('queue', 'GET /v1/queue (approver, 914 queued)', 15, 27, 10),
      row('oversight', 'overdue deep page 21', 40, 60, 12),
      row('oversight', 'stats 2025-12..2026-11', 20, 30, 12),
      { ...row('oversight', 'CSV export 2,696 rows (rows/s)', 9_713, null, 34_588, 'rows/s'), ratio: 0.28 },
    ],
  },
  {
    series: 'reads',
    size: 1_000_000,
    load: 5.5,
    database: 'tenggat_bench',
    rows: [
      row('queue', 'GET /v1/queue (approver, 44,842 queued)', 16, 30, 9),
      row('oversight', 'overdue deep page 1037', 41, 66, 11),
      row('oversight', 'stats 2025-12..2026-11', 22, 33, 11),
      { ...row('oversight', 'CSV export 100,710 rows (rows/s)', 22_013, null, 44_783, 'rows/s'), ratio: 0.49 },
    ],
  },
  { series: 'cliff', size: 2_000, rows: [], database: 'tenggat_bench', error: 'scenario not in this build' },
];

describe('growth report', () => {
  it('lines up a metric across sizes whatever its label says about the size', () => {
    expect(metricKey('GET /v1/queue (approver, 44,842 queued)')).toBe('GET /v1/queue');
    expect(metricKey('overdue deep page 1037')).toBe('overdue deep page N');
    expect(metricKey('stats 2025-12..2026-11')).toBe('stats period');
    expect(metricKey('CSV export 100,710 rows (rows/s)')).toBe('CSV export N rows (rows/s)');
    expect(metricKey('dashboard months=12&zone=WIB&permitType=pbg')).toBe('dashboard months=N&zone=WIB&permitType=pbg');
  });

  it('collects one metric per key with its points in size order, and each scenario baseline first', () => {
    const m = collectGrowth([...runs].reverse());
    const keys = m.map((x) => `${x.scenario}/${x.key}`);
    expect(keys).toEqual([
      'queue/bare read (baseline)',
      'queue/GET /v1/queue',
      'oversight/bare read (baseline)',
      'oversight/overdue deep page N',
      'oversight/stats period',
      'oversight/CSV export N rows (rows/s)',
      'oversight/CSV export N rows (rows/s): ratio to raw cursor',
    ]);
    const queue = m.find((x) => x.key === 'GET /v1/queue');
    expect(queue?.points.map((p) => [p.size, p.median, p.tail])).toEqual([
      [20_000, 15, 27],
      [1_000_000, 16, 30],
    ]);
    expect(m.find((x) => x.scenario === 'oversight' && x.baseline)?.points.map((p) => p.tail)).toEqual([12, 11]);
    expect(growthRatio(queue!)).toBe('1.11x');
  });

  it('writes a Markdown table with a column per size, the growth ratio, the load and what was not measured', () => {
    const md = growthMarkdown(collectGrowth(runs), runs, [
      { name: 'reads', axis: 'cases in the database' },
      { name: 'cliff', axis: 'cases due at one instant' },
    ]);
    expect(md).toContain('| scenario | metric | 20k: median / tail | 1M: median / tail | largest / smallest |');
    expect(md).toContain('| queue | GET /v1/queue | 15.0 ms / p95 27.0 ms | 16.0 ms / p95 30.0 ms | 1.11x |');
    expect(md).toContain('| oversight | CSV export N rows (rows/s) | 9,713 rows/s | 22,013 rows/s | 2.27x |');
    expect(md).toContain('| oversight | CSV export N rows (rows/s): ratio to raw cursor | 0.28x | 0.49x | 1.75x |');
    expect(md).toContain('Runs: 20k (tenggat_bench_quick): load 3.2; 1M (tenggat_bench): load 5.5.');
    expect(md).toContain('- queue / GET /v1/queue: 20k "GET /v1/queue (approver, 914 queued)", 1M "GET /v1/queue (approver, 44,842 queued)"');
    expect(md).toContain('2k (tenggat_bench): not measured: scenario not in this build');
  });

  it('draws one panel per scenario, one line per latency metric, the baseline dashed, on log axes', () => {
    const series = [{ name: 'reads', axis: 'cases in the database' }];
    const panels = growthPanels(collectGrowth(runs), series);
    expect(panels.map((p) => p.title)).toEqual(['queue', 'oversight']);
    expect(panels[1].lines.map((l) => [l.label, Boolean(l.dashed)])).toEqual([
      ['bare read (baseline)', true],
      ['overdue deep page N (p95)', false],
      ['stats period (p95)', false],
    ]);
    const svg = growthSvg('Growth', 'p95', panels);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    expect(svg).toContain('stroke-dasharray="5 4"');
    expect(svg).toContain('>cases in the database (log scale)</text>');
    expect(svg).toContain('>20k</text>');
    expect(svg).toContain('>1M</text>');
    expect(svg).toContain('>10 ms</text>');
    expect(svg).toContain('>100 ms</text>');
    expect(svg).toContain('>stats period (p95)</text>');
    // same input, same bytes (the chart is committed)
    expect(growthSvg('Growth', 'p95', panels)).toBe(svg);
    // text is escaped
    expect(growthSvg('a < b & c', '', panels)).toContain('a &lt; b &amp; c');
  });

  it('an empty run still gives a valid chart', () => {
    const svg = growthSvg('Growth', 'none', []);
    expect(svg).toContain('no measurements');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('labels sizes and ticks', () => {
    expect([sizeLabel(2_000), sizeLabel(200_000), sizeLabel(1_000_000), sizeLabel(1_500_000), sizeLabel(1234)]).toEqual(['2k', '200k', '1M', '1.5M', '1,234']);
    expect(decades(3, 480)).toEqual([1, 10, 100, 1000]);
    expect(decades(20, 30)).toEqual([10, 100]);
    expect([msTick(1), msTick(100), msTick(1000), msTick(10_000)]).toEqual(['1 ms', '100 ms', '1 s', '10 s']);
  });
});
