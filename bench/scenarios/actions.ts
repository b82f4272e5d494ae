import { BUILT_IN_ROLES, PermitTypeDefinition, TransitionDefinition } from '@tenggat/workflow';
import type { ActionPlan, LoadResult, PoolCase } from '../load/load';
import { median } from '../lib/stats';
import { BenchContext, definitions, officerEmail, ScenarioResult, userByEmail } from './context';

const BUILT_IN: readonly string[] = BUILT_IN_ROLES;

interface Loop {
  code: string;
  agency: string;
  steps: { from: string; action: string; role: string; comment: boolean }[];
}

/**
 * Pairs of officer transitions A -> B and B -> A (e.g. PBG: technical-review -recommend->
 * approval -return-for-review-> technical-review) on which a case can be worked forever: each
 * step is a full transition (state clocks finished and started, audit event, timers).
 */
export function actionLoops(defs: readonly PermitTypeDefinition[]): Loop[] {
  const loops: Loop[] = [];
  const usable = (def: PermitTypeDefinition, t: TransitionDefinition): string | null => {
    const role = t.roles.find((r) => !BUILT_IN.includes(r));
    const from = def.states[t.from];
    const to = def.states[t.to];
    if (!role || !from || !to || from.final || to.final || from.clock === 'stopped' || to.clock === 'stopped') return null;
    return (t.requires ?? []).every((r) => r === 'comment') ? role : null;
  };
  for (const def of defs) {
    for (const t1 of def.transitions) {
      const r1 = usable(def, t1);
      if (!r1) continue;
      const t2 = def.transitions.find((t) => t.from === t1.to && t.to === t1.from && usable(def, t) !== null);
      if (!t2) continue;
      loops.push({
        code: def.code,
        agency: def.agency,
        steps: [
          { from: t1.from, action: t1.action, role: r1, comment: (t1.requires ?? []).includes('comment') },
          { from: t2.from, action: t2.action, role: usable(def, t2) as string, comment: (t2.requires ?? []).includes('comment') },
        ],
      });
      break;
    }
  }
  return loops;
}

async function refresh(ctx: BenchContext, pool: PoolCase[]): Promise<PoolCase[]> {
  const rows = await ctx.bench.db.query<{ id: string; version: number; state: string; permit_type_code: string }[]>(
    `SELECT id, version, state, permit_type_code FROM applications WHERE id = ANY($1::uuid[]) AND status = 'open'`,
    [pool.map((c) => c.id)],
  );
  return rows.map((r) => ({ id: r.id, version: r.version, state: r.state, permitType: r.permit_type_code }));
}

/**
 * Action throughput: autocannon on POST /v1/applications/{id}/actions over a pool of open
 * cases in loop states, against the bare one-UPDATE endpoint, in alternating rounds.
 */
export async function actionsScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const o = ctx.options.actions;
  const loops = actionLoops(await definitions(ctx));
  if (!loops.length) throw new Error('no permit type has a loop of officer actions to benchmark');
  const plan: ActionPlan = {};
  let bareToken = '';
  for (const loop of loops) {
    plan[loop.code] = {};
    for (const s of loop.steps) {
      const user = await userByEmail(ctx, officerEmail(loop.agency, s.role));
      bareToken ||= user.token;
      plan[loop.code][s.from] = { action: s.action, token: user.token, ...(s.comment ? { comment: 'Diperiksa (bench)' } : {}) };
    }
  }
  const keys = loops.flatMap((l) => l.steps.map((s) => `${l.code}/${s.from}`));
  const picked = await ctx.bench.db.query<{ id: string; version: number; state: string; permit_type_code: string }[]>(
    `SELECT id, version, state, permit_type_code FROM applications
      WHERE status = 'open' AND assignee_id IS NULL AND escalated_at IS NULL AND (permit_type_code || '/' || state) = ANY($1::text[])
      ORDER BY md5(id::text || $2) LIMIT $3`,
    [keys, String(Date.now()), o.pool],
  );
  let pool: PoolCase[] = picked.map((r) => ({ id: r.id, version: r.version, state: r.state, permitType: r.permit_type_code }));
  if (pool.length < o.connections) throw new Error(`only ${pool.length} cases to act on; need at least ${o.connections}`);
  ctx.log(`actions: ${pool.length} cases of ${loops.map((l) => `${l.code} (${l.steps.map((s) => s.action).join('/')})`).join(', ')}; ${o.connections} connections`);
  const startedAt = ctx.bench.clock.now();
  let settle = 0;
  const run = async (mode: 'real' | 'bare', seconds: number): Promise<LoadResult> => {
    // requests cut off when the client stopped may still be running on the server: let them finish
    await new Promise((r) => setTimeout(r, settle));
    pool = await refresh(ctx, pool);
    const result = await ctx.load.actions({ url: ctx.bench.url, mode, cases: pool, plan, bareToken, connections: o.connections, durationSeconds: seconds });
    if (result.requests === 0) throw new Error(`the app answered no ${mode} action in ${seconds} s: ${await stalled(ctx)}`);
    settle = Math.min(10_000, 500 + 2 * result.latencyMs.max);
    return result;
  };
  const warmup = await run('real', o.warmupSeconds ?? Math.min(2, o.realSeconds));
  const rounds: { bare: LoadResult; real: LoadResult }[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const bare = await run('bare', o.bareSeconds);
    const real = await run('real', o.realSeconds);
    rounds.push({ bare, real });
    ctx.log(
      `  round ${r + 1}: bare ${bare.okRps.toFixed(0)} req/s (p99 ${bare.latencyMs.p99} ms), actions ${real.okRps.toFixed(0)} req/s ` +
        `(p99 ${real.latencyMs.p99} ms, ${real.ok}/${real.requests} ok, ${real.conflicts} conflicts)`,
    );
  }
  // every answered 200 wrote its audit event (more may have committed after the client stopped listening)
  const actions = [...new Set(loops.flatMap((l) => l.steps.map((s) => s.action)))];
  const [{ events }] = await ctx.bench.db.query<{ events: number }[]>(
    `SELECT count(*)::int AS events FROM audit_events WHERE case_id = ANY($1::uuid[]) AND action = ANY($2::text[]) AND occurred_at >= $3`,
    [picked.map((p) => p.id), actions, startedAt],
  );
  const realOk = median(rounds.map((r) => r.real.okRps));
  const bareOk = median(rounds.map((r) => r.bare.okRps));
  const realP99 = median(rounds.map((r) => r.real.latencyMs.p99));
  const bareP99 = median(rounds.map((r) => r.bare.latencyMs.p99));
  const answered = rounds.reduce((s, r) => s + r.real.requests, 0);
  const ok = rounds.reduce((s, r) => s + r.real.ok, 0);
  const ratio = bareOk > 0 ? realOk / bareOk : 0;
  return {
    scenario: 'actions',
    rows: [
      {
        scenario: 'actions',
        metric: `POST /actions, ${o.connections} conn (ok req/s)`,
        unit: 'req/s',
        median: realOk,
        tail: null,
        tailLabel: '',
        baseline: bareOk,
        baselineLabel: 'bare UPDATE',
        ratio,
        target: '>= 0.4 x bare',
        pass: ratio >= 0.4,
        note: `${((ok / Math.max(1, answered)) * 100).toFixed(1)} % of ${answered} answered 200`,
      },
      {
        scenario: 'actions',
        metric: 'POST /actions latency',
        unit: 'ms',
        median: median(rounds.map((r) => r.real.latencyMs.p50)),
        tail: realP99,
        tailLabel: 'p99',
        baseline: bareP99,
        baselineLabel: 'bare p99',
        ratio: bareP99 > 0 ? realP99 / bareP99 : null,
        target: 'p99 < 50 ms',
        pass: realP99 < 50,
      },
    ],
    details: { loops, pool: picked.length, connections: o.connections, warmup, rounds, successRate: ok / Math.max(1, answered), auditEventsWritten: events, okAnswers: ok + warmup.ok },
  };
}

/** What the database sessions of the app are doing (a stalled app is usually waiting on its pool). */
async function stalled(ctx: BenchContext): Promise<string> {
  const rows = await ctx.bench.db
    .query<{ state: string; n: number; query: string }[]>(
      `SELECT state, count(*)::int AS n, left(query, 120) AS query FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1, 3 ORDER BY 2 DESC LIMIT 5`,
    )
    .catch(() => []);
  const idleInTx = rows.filter((r) => r.state === 'idle in transaction').reduce((s, r) => s + r.n, 0);
  return (
    (idleInTx ? `${idleInTx} sessions idle in transaction (pool exhaustion: transactions waiting for a second pool connection?); ` : '') +
    rows.map((r) => `${r.n} x ${r.state}: ${r.query}`).join('; ')
  );
}
