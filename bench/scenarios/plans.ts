import { ReconcilerService } from '@tenggat/enforcement';
import { RequestContext } from '@tenggat/platform';
import { DateTime } from 'luxon';
import { actionLoops } from './actions';
import { BenchContext, definitions, getJson, officerEmail, postJson, userByEmail } from './context';

export interface CapturedPlan {
  label: string;
  sql: string;
  ms: number;
  plan: string;
}

/** How many statements one request sends to Postgres (BEGIN/COMMIT included). */
export interface StatementCount {
  label: string;
  statements: number;
  byKind: Record<string, number>;
  /** Rows written, by table: each INSERT, UPDATE or DELETE, also those inside a WITH (one statement may write several tables). */
  writes: Record<string, number>;
  /** Each statement in order, whitespace folded, cut at 160 characters (the report prints them). */
  sql: string[];
}

/**
 * The plans of the hot queries, exactly as the application issues them: the SQL sent during
 * one request (or one sweep) is captured at the query runner, then run again under
 * EXPLAIN (ANALYZE, BUFFERS). Only SELECTs; the guard's own user lookup is left out.
 */
export async function capturePlans(ctx: BenchContext): Promise<CapturedPlan[]> {
  const defs = await definitions(ctx);
  const [top] = await ctx.bench.db.query<{ agency_code: string; permit_type_code: string; state: string }[]>(
    `SELECT agency_code, permit_type_code, state FROM applications WHERE status = 'open' GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 1`,
  );
  const role = defs.find((d) => d.code === top.permit_type_code)?.states[top.state]?.role ?? 'verifier';
  const officer = await userByEmail(ctx, officerEmail(top.agency_code, role));
  const ombudsman = await userByEmail(ctx, 'ombudsman.0@bench.example');
  const at = DateTime.fromJSDate(ctx.bench.clock.now(), { zone: 'Asia/Jakarta' });
  const get = (path: string, token: string) => (id: string): Promise<unknown> => getJson(ctx, path, token, id);
  const out: CapturedPlan[] = [];
  const targets: [string, (requestId: string) => Promise<unknown>][] = [
    [`GET /v1/queue (${role}, ${top.agency_code})`, get('/v1/queue', officer.token)],
    ['GET /v1/oversight/overdue (first page)', get('/v1/oversight/overdue', ombudsman.token)],
    ['GET /v1/oversight/overdue?page=1000', get('/v1/oversight/overdue?page=1000', ombudsman.token)],
    [
      `GET /v1/oversight/stats (${at.minus({ months: 11 }).toFormat('yyyy-MM')}..${at.toFormat('yyyy-MM')})`,
      get(`/v1/oversight/stats?from=${at.minus({ months: 11 }).toFormat('yyyy-MM')}&to=${at.toFormat('yyyy-MM')}`, ombudsman.token),
    ],
    ['ReconcilerService.sweep()', (id) => RequestContext.run({ requestId: id }, () => ctx.bench.app.get(ReconcilerService).sweep())],
  ];
  for (const [label, work] of targets) {
    for (const q of await captured(ctx, work)) {
      if (!/^\s*SELECT/i.test(q.sql) || /FROM "users"/i.test(q.sql)) continue;
      if (out.some((p) => p.sql === q.sql)) continue;
      const t0 = Date.now();
      const rows = await ctx.bench.db.query<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      out.push({ label, sql: q.sql.replace(/\s+/g, ' ').trim(), ms: Date.now() - t0, plan: rows.map((r) => Object.values(r)[0]).join('\n') });
    }
  }
  return out;
}

/**
 * Statements per request: one real action (POST /v1/applications/{id}/actions) against one
 * bare UPDATE, each on an open case of a loop state (so the action is a full transition).
 */
export async function countStatements(ctx: BenchContext): Promise<StatementCount[]> {
  const loops = actionLoops(await definitions(ctx));
  const loop = loops[0];
  if (!loop) return [];
  const out: StatementCount[] = [];
  const [c] = await ctx.bench.db.query<{ id: string; version: number; state: string }[]>(
    `SELECT id, version, state FROM applications WHERE status = 'open' AND assignee_id IS NULL AND escalated_at IS NULL
        AND permit_type_code = $1 AND state = ANY($2::text[]) LIMIT 1`,
    [loop.code, loop.steps.map((x) => x.from)],
  );
  if (!c) return [];
  const step = loop.steps.find((x) => x.from === c.state) ?? loop.steps[0];
  const officer = await userByEmail(ctx, officerEmail(loop.agency, step.role));
  const count = async (label: string, work: (requestId: string) => Promise<unknown>): Promise<void> => {
    const seen = await captured(ctx, work);
    const byKind: Record<string, number> = {};
    for (const q of seen) {
      const kind = /^\s*(\w+)/.exec(q.sql)?.[1]?.toUpperCase() ?? '?';
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    const writes: Record<string, number> = {};
    for (const q of seen) {
      for (const w of q.sql.matchAll(/(?<!\b(?:DO|FOR|KEY)\s+)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/gi)) writes[w[1]] = (writes[w[1]] ?? 0) + 1;
    }
    out.push({ label, statements: seen.length, byKind, writes, sql: seen.map((q) => q.sql.replace(/\s+/g, ' ').trim().slice(0, 160)) });
  };
  await count(`POST /v1/applications/{id}/actions (${loop.code} ${step.action})`, (id) =>
    postJson(ctx, `/v1/applications/${c.id}/actions`, officer.token, { action: step.action, comment: 'Diperiksa (bench)', expectedVersion: c.version }, id),
  );
  const [fresh] = await ctx.bench.db.query<{ version: number }[]>(`SELECT version FROM applications WHERE id = $1`, [c.id]);
  await count('POST /v1/bench/bare/{id} (one UPDATE)', (id) => postJson(ctx, `/v1/bench/bare/${c.id}`, officer.token, { expectedVersion: fresh.version }, id));
  return out;
}

type QueryFn = (this: unknown, sql: string, params?: unknown[], ...rest: unknown[]) => Promise<unknown>;

let captures = 0;

/**
 * The statements sent to Postgres while `work` runs under its own request id (given to it:
 * HTTP requests send it as X-Request-Id, which opens the app's RequestContext), so that what
 * other parts of the app do meanwhile (SLA jobs, the reconciler) is left out.
 */
async function captured(ctx: BenchContext, work: (requestId: string) => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const runner = ctx.bench.db.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: QueryFn };
  await runner.release();
  const original = proto.query;
  const id = `bench-capture-${process.pid}-${++captures}`;
  const seen: { sql: string; params: unknown[] }[] = [];
  proto.query = function (this: unknown, sql: string, params?: unknown[], ...rest: unknown[]) {
    if (RequestContext.requestId() === id) seen.push({ sql, params: params ?? [] });
    return original.call(this, sql, params, ...rest);
  };
  try {
    await work(id);
  } finally {
    proto.query = original;
  }
  return seen;
}
