import QueryStream from 'pg-query-stream';
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import type { PoolClient } from 'pg';
import { OVERDUE_COUNT_CAP, OverdueReadModel } from '@tenggat/oversight';
import { median, ResultRow } from '../lib/stats';
import { anyCaseId, BenchContext, getJson, latencyOf, latencyRow, ScenarioResult, userByEmail } from './context';

/** An overdue query as the read model takes it (the HTTP layer's defaults are not needed for counts and statements). */
const overdueQuery = (q: { includeClosed?: boolean; deadlineFrom?: string }): Parameters<OverdueReadModel['exactCount']>[0] =>
  q as Parameters<OverdueReadModel['exactCount']>[0];

/** The export's cursor batch (libs/oversight EXPORT_BATCH_ROWS): the baseline reads as the export does. */
const EXPORT_BATCH_ROWS = 1000;

interface Page {
  total: number;
  totalIsExact?: boolean;
  items: { deadline: string | null; agency: string; permitType: string }[];
}

/**
 * Oversight at scale: the overdue list (first and deep pages, with and without filters, with
 * closed cases), a year of statistics, the ombudsman's dashboard, and the CSV export of ~N rows with the server's peak
 * RSS growth while it streams.
 */
export async function oversightScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { samples: n, statsSamples, csvRows, csvRuns } = ctx.options.reads;
  const ombudsman = await userByEmail(ctx, 'ombudsman.0@bench.example');
  const get = (path: string): Promise<Page> => getJson<Page>(ctx, path, ombudsman.token);
  const baseline = await latencyOf(ctx, `/v1/bench/bare/${await anyCaseId(ctx)}`, ombudsman.token, n);

  const all = await get('/v1/oversight/overdue?pageSize=1');
  const deepPage = Math.max(1, Math.floor(all.total / 20 / 2));
  const [busiest] = await ctx.bench.db.query<{ agency_code: string; permit_type_code: string }[]>(
    `SELECT a.agency_code, a.permit_type_code FROM applications a WHERE a.status = 'open' AND a.breached_at IS NOT NULL
      GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
  );
  const filter = busiest ? `agency=${busiest.agency_code}&permitType=${busiest.permit_type_code}&minDaysOverdue=2` : 'minDaysOverdue=2';
  const filtered = await get(`/v1/oversight/overdue?${filter}&pageSize=1`);
  const filteredDeep = Math.max(1, Math.floor(filtered.total / 20 / 2));
  // with closed cases the list's total stops at 10,000 (totalIsExact: false): the scenario counts them exactly itself
  const overdue = ctx.bench.app.get(OverdueReadModel);
  const withClosed = { total: await overdue.exactCount(overdueQuery({ includeClosed: true }), ctx.bench.clock.now()) };

  const first = await latencyOf(ctx, '/v1/oversight/overdue', ombudsman.token, n);
  const deep = await latencyOf(ctx, `/v1/oversight/overdue?page=${deepPage}`, ombudsman.token, n);
  const fFirst = await latencyOf(ctx, `/v1/oversight/overdue?${filter}`, ombudsman.token, n);
  const fDeep = await latencyOf(ctx, `/v1/oversight/overdue?${filter}&page=${filteredDeep}`, ombudsman.token, n);
  const closed = await latencyOf(ctx, '/v1/oversight/overdue?includeClosed=true&sort=deadline&order=desc', ombudsman.token, n);
  const at = DateTime.fromJSDate(ctx.bench.clock.now(), { zone: 'Asia/Jakarta' });
  const year = { from: at.minus({ months: 11 }).toFormat('yyyy-MM'), to: at.toFormat('yyyy-MM') };
  const stats = await latencyOf(ctx, `/v1/oversight/stats?from=${year.from}&to=${year.to}`, ombudsman.token, statsSamples, 1);
  // the ombudsman's first view (no warm-up: the first answer counts), then a year filtered by zone and permit type
  const dashboard = await latencyOf(ctx, '/v1/oversight/dashboard', ombudsman.token, statsSamples, 0);
  const dashboardFilter = `months=12&zone=WIB${busiest ? `&permitType=${busiest.permit_type_code}` : ''}`;
  const dashboardFiltered = await latencyOf(ctx, `/v1/oversight/dashboard?${dashboardFilter}`, ombudsman.token, statsSamples, 0);
  ctx.log(`oversight: ${all.total} overdue open cases (${withClosed.total} with closed); first page p95 ${first.p95.toFixed(1)} ms, stats p95 ${stats.p95.toFixed(0)} ms, dashboard p95 ${dashboard.p95.toFixed(0)} ms`);

  const csv = await csvExport(ctx, ombudsman.token, Math.min(csvRows, withClosed.total), csvRuns);
  const strip = ({ raw: _raw, ...s }: Awaited<ReturnType<typeof latencyOf>>): Record<string, number> => s;
  const rows: ResultRow[] = [
    latencyRow('oversight', `overdue first page (${all.total} overdue)`, first, baseline, { p95Ms: 50 }),
    latencyRow('oversight', `overdue deep page ${deepPage}`, deep, baseline, { p95Ms: 50 }),
    latencyRow('oversight', `overdue filtered first page (${filtered.total})`, fFirst, baseline, { p95Ms: 50 }),
    latencyRow('oversight', `overdue filtered deep page ${filteredDeep}`, fDeep, baseline, { p95Ms: 50 }),
    latencyRow('oversight', `overdue incl. closed (${withClosed.total})`, closed, baseline, { p95Ms: 50 }),
    latencyRow('oversight', `stats ${year.from}..${year.to}`, stats, baseline),
    latencyRow('oversight', 'dashboard first view (6 months)', dashboard, baseline, { p95Ms: 1000 }),
    latencyRow('oversight', `dashboard ${dashboardFilter}`, dashboardFiltered, baseline, { p95Ms: 1000 }),
    {
      scenario: 'oversight',
      metric: `CSV export ${csv.rows} rows (rows/s)`,
      unit: 'rows/s',
      median: csv.rowsPerSecond,
      tail: null,
      tailLabel: '',
      baseline: csv.rawRowsPerSecond,
      baselineLabel: 'raw cursor',
      ratio: csv.rawRowsPerSecond > 0 ? csv.rowsPerSecond / csv.rawRowsPerSecond : null,
      target: 'CSV = JSON rows',
      pass: csv.rows === csv.expectedRows && csv.listTotalAgrees,
    },
    {
      scenario: 'oversight',
      metric: `CSV export peak RSS growth (${(csv.bytes / 1e6).toFixed(0)} MB out)`,
      unit: 'MB',
      median: csv.rssGrowthMb,
      tail: null,
      tailLabel: '',
      baseline: csv.smallRssGrowthMb,
      baselineLabel: `${csv.smallRows} rows`,
      ratio: csv.smallRssGrowthMb > 0 ? csv.rssGrowthMb / csv.smallRssGrowthMb : null,
      target: 'constant memory',
      pass: csv.rssGrowthMb < Math.max(64, 2 * csv.smallRssGrowthMb + 32),
    },
  ];
  return {
    scenario: 'oversight',
    rows,
    details: {
      overdue: all.total,
      withClosed: withClosed.total,
      filter,
      filteredTotal: filtered.total,
      baseline: strip(baseline),
      first: strip(first),
      deep: { page: deepPage, ...strip(deep) },
      filteredFirst: strip(fFirst),
      filteredDeep: { page: filteredDeep, ...strip(fDeep) },
      includeClosed: strip(closed),
      stats: { ...year, ...strip(stats) },
      dashboard: strip(dashboard),
      dashboardFiltered: { query: dashboardFilter, ...strip(dashboardFiltered) },
      csv,
    },
  };
}

interface CsvResult {
  query: string;
  rows: number;
  expectedRows: number;
  /** The API's total for the same query: exact, or the cap with totalIsExact false when the rows are more. */
  listTotal: number;
  listTotalAgrees: boolean;
  bytes: number;
  runs: { ms: number; firstByteMs: number; rows: number; rssGrowthMb: number; heapGrowthMb: number }[];
  rowsPerSecond: number;
  rssGrowthMb: number;
  smallRows: number;
  smallRssGrowthMb: number;
  rawRows: number;
  rawRowsPerSecond: number;
  rawRuns: { rows: number; ms: number }[];
}

/**
 * Exports about `target` rows (the breached cases, closed included, with deadlines from a date
 * chosen so that about `target` match) while sampling this process's RSS: the app runs here,
 * the client in the load generator's process. A tenth of the size is exported first, so that
 * the growth can be compared: constant memory means about the same growth at both sizes.
 */
async function csvExport(ctx: BenchContext, token: string, target: number, runs: number): Promise<CsvResult> {
  const at = ctx.bench.clock.now();
  const from = await deadlineFromFor(ctx, token, target);
  const query = `includeClosed=true&deadlineFrom=${from}`;
  // the list's count of the same query, exact (the API's own total is capped with closed cases: checked against it too)
  const listed = await getJson<Page>(ctx, `/v1/oversight/overdue?${query}&pageSize=1`, token);
  const expectedRows = await ctx.bench.app.get(OverdueReadModel).exactCount(overdueQuery({ includeClosed: true, deadlineFrom: from }), at);
  const listTotalAgrees = listed.totalIsExact === false ? listed.total === OVERDUE_COUNT_CAP && expectedRows > OVERDUE_COUNT_CAP : listed.total === expectedRows;
  const smallFrom = await deadlineFromFor(ctx, token, Math.max(1, Math.floor(target / 10)));
  const small = await sampled(() => ctx.load.download({ url: ctx.bench.url, path: `/v1/oversight/overdue.csv?includeClosed=true&deadlineFrom=${smallFrom}`, token }));
  const results: CsvResult['runs'] = [];
  const raws: { rows: number; ms: number }[] = [];
  let bytes = 0;
  // export and raw cursor alternate, so that both see the same moments of a noisy machine
  for (let i = 0; i < runs; i++) {
    const r = await sampled(() => ctx.load.download({ url: ctx.bench.url, path: `/v1/oversight/overdue.csv?${query}`, token }));
    if (r.result.status !== 200) throw new Error(`CSV export answered ${r.result.status}`);
    bytes = r.result.bytes;
    results.push({ ms: r.result.ms, firstByteMs: r.result.firstByteMs, rows: r.result.rows, rssGrowthMb: r.rssGrowthMb, heapGrowthMb: r.heapGrowthMb });
    raws.push(await rawCursor(ctx, at, from));
  }
  return {
    query,
    rows: results[0]?.rows ?? 0,
    expectedRows,
    listTotal: listed.total,
    listTotalAgrees,
    bytes,
    runs: results,
    rowsPerSecond: median(results.map((r) => r.rows / (r.ms / 1000))),
    rssGrowthMb: Math.max(...results.map((r) => r.rssGrowthMb)),
    smallRows: small.result.rows,
    smallRssGrowthMb: small.rssGrowthMb,
    rawRows: raws[0]?.rows ?? 0,
    rawRowsPerSecond: median(raws.map((r) => r.rows / (r.ms / 1000))),
    rawRuns: raws,
  };
}

/** The deadline date from which about `target` overdue rows (closed included) remain, newest first. */
async function deadlineFromFor(ctx: BenchContext, token: string, target: number): Promise<string> {
  const page = await getJson<Page>(ctx, `/v1/oversight/overdue?includeClosed=true&sort=deadline&order=desc&pageSize=1&page=${Math.max(1, target)}`, token);
  const deadline = page.items[0]?.deadline;
  return deadline ? deadline.slice(0, 10) : '2000-01-01';
}

async function sampled<T>(work: () => Promise<T>): Promise<{ result: T; rssGrowthMb: number; heapGrowthMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  try {
    const result = await work();
    return { result, rssGrowthMb: (peakRss - before.rss) / 1e6, heapGrowthMb: (peakHeap - before.heapUsed) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The baseline of the export: the export's own statement (`OverdueReadModel.exportStatement`, the
 * same join, filter and order) read through a server-side cursor with the export's batch size
 * (pg-query-stream, as the export does), with no per-row work, no CSV and no HTTP.
 */
async function rawCursor(ctx: BenchContext, now: Date, deadlineFrom: string): Promise<{ rows: number; ms: number }> {
  const q = overdueQuery({ includeClosed: true, deadlineFrom });
  const { sql, params } = await ctx.bench.app.get(OverdueReadModel).exportStatement(q, now);
  const runner = ctx.bench.db.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const t0 = performance.now();
    const stream = client.query(new QueryStream(sql, params, { batchSize: EXPORT_BATCH_ROWS, highWaterMark: EXPORT_BATCH_ROWS }));
    let rows = 0;
    for await (const _row of stream) rows++;
    return { rows, ms: performance.now() - t0 };
  } finally {
    await runner.release();
  }
}
