/**
 * The benchmark harness cannot rot: its seeder and every scenario run here on a tiny database
 * (500 cases), against the real app, Postgres and Redis, in a few seconds. It checks what the
 * numbers rest on, not the numbers: the seeded audit chains verify, the load really moved
 * cases, every due timer is flagged exactly once, the reconciler re-arms what was deleted, the
 * CSV export has the rows the JSON list counts.
 *
 * No @tenggat module is imported at the top: the app captures its configuration when its
 * modules load, so they are loaded only once the bench environment is set.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { BenchReport } from '../bench/run-bench';
import { defaults } from '../bench/lib/options';
import { ownDatabaseUrl, TEST_REDIS_URL } from './setup/test-env';

// contains "test" and "bench": the seeder may drop it
const smokeUrl = (): string => ownDatabaseUrl('bench');

async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}

describe('bench smoke (quick harness on tiny data)', () => {
  const databaseUrl = smokeUrl();
  const queuePrefix = `tenggat-bench-smoke-${process.pid}`;
  let report: BenchReport;
  let details: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    process.env.BENCH_LOG_LEVEL = 'silent';
    // the app reads its configuration when its modules load: set it first, then load them
    const { setBenchEnv } = await import('../bench/lib/env');
    setBenchEnv({ databaseUrl, redisUrl: TEST_REDIS_URL, queuePrefix });
    const { runBench } = await import('../bench/run-bench');
    const o = {
      ...defaults(true),
      databaseUrl,
      redisUrl: TEST_REDIS_URL,
      cases: 500,
      reseed: true,
      actions: { rounds: 1, bareSeconds: 1, realSeconds: 1, connections: 4, pool: 40, warmupSeconds: 0.5 },
      timers: { armed: 120, perSecond: 300, windowSeconds: 0.2, drainCapSeconds: 15 },
      reads: { samples: 3, statsSamples: 2, csvRows: 40, csvRuns: 1 },
      reconciler: { missing: 10, upcoming: 40, sweeps: 2 },
      cliff: { due: 500, armed: 600, growth: [], capSeconds: 60, chart: false },
    };
    report = await runBench(o, { queuePrefix, log: process.env.BENCH_SMOKE_VERBOSE ? (l) => process.stdout.write(`${l}\n`) : () => undefined });
    details = Object.fromEntries(report.scenarios.map((s) => [s.scenario, s.details]));
  }, 120_000);

  afterAll(() => dropDatabase(databaseUrl));

  it('seeds every kind of case with hash chains that verify', async () => {
    expect(report.seed).toMatchObject({ cases: 500, reused: false });
    expect(report.seed.rows).toMatchObject({ applications: 500 });
    expect(report.seed.rows.clocks).toBeGreaterThan(500);
    const { AuditService } = await import('@tenggat/audit');
    const { dataSourceOptions } = await import('@tenggat/schema');
    const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
    try {
      const states = await ds.query<{ status: string; n: number }[]>(`SELECT status, count(*)::int AS n FROM applications GROUP BY 1`);
      expect(states.map((s) => s.status).sort()).toEqual(['closed', 'draft', 'open']);
      const [{ unflagged }] = await ds.query<{ unflagged: number }[]>(
        `SELECT count(*)::int AS unflagged FROM clocks WHERE status = 'running' AND breached_at IS NULL AND deadline_at < $1`,
        [new Date(report.seed.at)],
      );
      expect(unflagged).toBe(0); // the snapshot is consistent: whatever is past due is flagged
      const verified = await new AuditService(ds).verify();
      expect(verified).toMatchObject({ ok: true });
      expect(verified.checked).toBeGreaterThanOrEqual(1000); // at least draft.created and submit per submitted case
    } finally {
      await ds.destroy();
    }
  });

  it('reports every scenario as rows with a baseline and a ratio', () => {
    expect(report.scenarios.map((s) => s.scenario)).toEqual(['actions', 'queue', 'oversight', 'public', 'reconciler', 'cliff', 'timers', 'whatif']);
    for (const row of report.rows) {
      expect(Number.isFinite(row.median)).toBe(true);
      if ((row.scenario !== 'timers' && row.scenario !== 'cliff') || row.baseline !== null) expect(row.baseline).not.toBeNull();
    }
    // the plans are captured from what the app sent (their shape at 500 rows means nothing)
    const queuePage = report.plans.find((p) => /FROM applications a WHERE a\.status = 'open'/.test(p.sql) && /ORDER BY a\.priority/.test(p.sql));
    expect(queuePage?.plan).toMatch(/Execution Time/);
    expect(report.plans.some((p) => p.label === 'ReconcilerService.sweep()')).toBe(true);
    const [action, bare] = report.statements;
    expect(bare.byKind).toMatchObject({ UPDATE: 1 }); // the baseline is what it says: one UPDATE (and the guard's user lookup)
    expect(bare.statements).toBeLessThanOrEqual(2);
    expect(action.statements).toBeGreaterThan(bare.statements);
    expect(action.statements).toBeLessThanOrEqual(8); // issue 12: an officer's action in 8 statements at most
    // at least the case, a clock event, the audit event and its outbox row (several in one WITH statement)
    expect(action.writes).toMatchObject({ applications: 1, clock_events: 1, audit_events: 1, outbox_events: 1 });
  });

  it('drives real actions: the pool moved and every 200 wrote its audit event', () => {
    const a = details.actions as { rounds: { real: { ok: number }; bare: { ok: number } }[]; auditEventsWritten: number; okAnswers: number };
    expect(a.rounds[0].real.ok).toBeGreaterThan(0);
    expect(a.rounds[0].bare.ok).toBeGreaterThan(0);
    expect(a.auditEventsWritten).toBeGreaterThanOrEqual(a.okAnswers);
  });

  it('flags every due timer exactly once and none early', () => {
    const t = details.timers as { flagged: number; missed: number; early: number; before: number; doubled_audit: number; doubled_events: number; auditedBreaches: number; plan: { due: number } };
    expect(t.flagged).toBe(t.plan.due);
    expect(t.auditedBreaches).toBe(t.plan.due);
    expect({ missed: t.missed, early: t.early, before: t.before, doubledAudit: t.doubled_audit, doubledEvents: t.doubled_events }).toEqual({
      missed: 0,
      early: 0,
      before: 0,
      doubledAudit: 0,
      doubledEvents: 0,
    });
  });

  it('a small cliff (500 cases at one instant): all flagged once with their clock and audit events, none early; escalations and deemed approvals done', () => {
    const [p] = (details.cliff as { points: import('../bench/scenarios/cliff').CliffPoint[] }).points;
    expect(p.due).toBe(500);
    expect(p.flagMs).not.toBeNull();
    expect(p.escalationMs).not.toBeNull();
    expect(p.deemedMs).not.toBeNull();
    expect(p.escalations).toBeGreaterThan(0);
    expect(p.deemed).toBeGreaterThan(0);
    expect({ missed: p.missed, doubled: p.doubled, early: p.early, withoutEvents: p.withoutEvents, permitsMissing: p.permitsMissing, chainsBroken: p.chainsBroken }).toEqual({
      missed: 0,
      doubled: 0,
      early: 0,
      withoutEvents: 0,
      permitsMissing: 0,
      chainsBroken: 0,
    });
    expect(p.chainsChecked).toBe(100);
    expect(p.baselineMs).toBeGreaterThan(0);
  });

  it('re-arms every deleted timer and exports as many CSV rows as the list counts', () => {
    const r = details.reconciler as { allBack: boolean; sweeps: { deleted: number; back: number }[] };
    expect(r.allBack).toBe(true);
    expect(r.sweeps.every((s) => s.deleted === 10 && s.back === 10)).toBe(true);
    const csv = (details.oversight as { csv: { rows: number; expectedRows: number; rawRows: number } }).csv;
    expect(csv.rows).toBe(csv.expectedRows);
    expect(csv.rawRows).toBe(csv.expectedRows);
  });
});
