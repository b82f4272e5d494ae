import { anyCaseId, BenchContext, definitions, getJson, latencyOf, latencyRow, officerEmail, ScenarioResult, userByEmail } from './context';

/**
 * An officer's queue at scale: the officer whose queue is the longest (the role working the
 * state with most open cases, in the agency with most open cases), first page, a filtered
 * page and a deep page; and the supervisor's whole-agency queue.
 */
export async function queueScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const n = ctx.options.reads.samples;
  const defs = await definitions(ctx);
  const busiest = await ctx.bench.db.query<{ agency_code: string; permit_type_code: string; state: string; n: number }[]>(
    `SELECT agency_code, permit_type_code, state, count(*)::int AS n FROM applications WHERE status = 'open'
      GROUP BY 1, 2, 3 ORDER BY n DESC`,
  );
  const top = busiest.find((b) => defs.find((d) => d.code === b.permit_type_code)?.states[b.state]?.role);
  if (!top) throw new Error('no open case in a state an officer works');
  const role = defs.find((d) => d.code === top.permit_type_code)?.states[top.state]?.role as string;
  const officer = await userByEmail(ctx, officerEmail(top.agency_code, role));
  const supervisor = await userByEmail(ctx, officerEmail(top.agency_code, 'supervisor'));
  const agencyOpen = busiest.filter((b) => b.agency_code === top.agency_code).reduce((s, b) => s + b.n, 0);

  const baseline = await latencyOf(ctx, `/v1/bench/bare/${await anyCaseId(ctx)}`, officer.token, n);
  const first = await latencyOf(ctx, '/v1/queue', officer.token, n);
  // the officer's queue: the agency's open cases in the states the role works on
  const counted = busiest
    .filter((b) => b.agency_code === top.agency_code && defs.find((d) => d.code === b.permit_type_code)?.states[b.state]?.role === role)
    .reduce((sum, b) => sum + b.n, 0);
  const total = await queueTotal(ctx, officer.token, counted);
  const filtered = await latencyOf(ctx, `/v1/queue?permitType=${top.permit_type_code}&assigned=unassigned`, officer.token, n);
  const deepPage = Math.max(2, Math.floor(total / 20 / 2));
  const deep = await latencyOf(ctx, `/v1/queue?page=${deepPage}`, officer.token, n);
  // the same depth by keyset: the cursor of the row just before that page, as the API would give it
  const deepCursor = await cursorAt(ctx, officer.token, (deepPage - 1) * 20);
  const keyset = await latencyOf(ctx, deepCursor ? `/v1/queue?after=${deepCursor}` : '/v1/queue', officer.token, n);
  const sup = await latencyOf(ctx, '/v1/queue', supervisor.token, n);
  ctx.log(`queue: ${role} of ${top.agency_code}: ${total} cases in the queue (${agencyOpen} open in the agency); first page p95 ${first.p95.toFixed(1)} ms`);
  const strip = ({ raw: _raw, ...s }: Awaited<ReturnType<typeof latencyOf>>): Record<string, number> => s;
  return {
    scenario: 'queue',
    rows: [
      latencyRow('queue', `GET /v1/queue (${role}, ${total} queued)`, first, baseline, { p95Ms: 50 }),
      latencyRow('queue', 'GET /v1/queue filtered (type, unassigned)', filtered, baseline, { p95Ms: 50 }),
      latencyRow('queue', `GET /v1/queue deep page by cursor (row ${(deepPage - 1) * 20})`, keyset, baseline, { p95Ms: 50 }),
      latencyRow('queue', `GET /v1/queue deep page ${deepPage} by offset`, deep, baseline),
      latencyRow('queue', `GET /v1/queue supervisor (${agencyOpen} open)`, sup, baseline, { p95Ms: 50 }),
    ],
    details: {
      officer: { role, agency: top.agency_code, queued: total },
      agencyOpen,
      baseline: strip(baseline),
      first: strip(first),
      filtered: strip(filtered),
      deep: { page: deepPage, ...strip(deep) },
      keyset: { row: (deepPage - 1) * 20, ...strip(keyset) },
      supervisor: strip(sup),
    },
  };
}

/** The queue's length: exact from the API, or (past the count's cap) counted in the database. */
async function queueTotal(ctx: BenchContext, token: string, counted: number): Promise<number> {
  const first = await getJson<{ total: number; totalIsExact: boolean }>(ctx, '/v1/queue?pageSize=1', token);
  return first.totalIsExact ? first.total : counted;
}

/** The cursor that starts the page right after `rows` rows of the queue (from the page that ends there). */
async function cursorAt(ctx: BenchContext, token: string, rows: number): Promise<string | null> {
  const page = await getJson<{ nextCursor: string | null }>(ctx, `/v1/queue?pageSize=20&page=${Math.max(1, rows / 20)}`, token);
  return page.nextCursor; // null on tiny data (the queue ends first): the first page is measured instead
}
