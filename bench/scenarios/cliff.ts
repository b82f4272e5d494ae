import { AuditService } from '@tenggat/audit';
import { CatalogueService } from '@tenggat/catalogue';
import { AppConfig } from '@tenggat/platform';
import { BullTimerQueue } from '@tenggat/sla';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ResultRow } from '../lib/stats';
import { TimerCases, TimerClock } from '../seed/timer-cases';
import { BenchContext, ScenarioResult } from './context';

/** The far timers fall due at a few day-ends this many hours ahead (coalesced as they would be). */
const FAR_HOURS = 48;
const POLL_MS = 100;

export interface CliffPoint {
  due: number;
  armed: number;
  /** Bare set-based SQL: one UPDATE ... RETURNING and one INSERT ... SELECT of the clock events, one transaction. */
  baselineMs: number;
  /** From the instant to the moment every due case is flagged (clock flag, clock event, audit event, case flag committed). */
  flagMs: number | null;
  escalationMs: number | null;
  deemedMs: number | null;
  escalations: number;
  deemed: number;
  missed: number;
  doubled: number;
  early: number;
  withoutEvents: number;
  permitsMissing: number;
  chainsChecked: number;
  chainsBroken: number;
}

interface Codes {
  escalate: string[];
  deemed: string[];
}

/**
 * The deadline cliff: `due` statutory deadlines fall at one instant (the end of a working day)
 * among `armed` running clocks, in the seed's mix of policies (flag, escalate, deemed approval).
 * Measured from the instant: every case flagged (with its clock event, audit event and case flag),
 * every escalation, every deemed approval with its permit. Checked: none missed, doubled or early,
 * every breach with its events, a sample of the audit chains verified.
 *
 * Baseline, in the same run on the same kind of cases: bare set-based SQL doing the flag writes
 * in one transaction (one UPDATE ... RETURNING and one INSERT ... SELECT of the clock events).
 * Then the growth: the same at other numbers of due cases (the far timers stay).
 */
export async function cliffScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const o = ctx.options.cliff;
  const catalogue = ctx.bench.app.get(CatalogueService);
  const all = await catalogue.all();
  const types = all.map((t) => ({ code: t.code, version: t.version, definition: t.definition }));
  const codes: Codes = {
    escalate: all.filter((t) => t.definition.onBreach === 'escalate').map((t) => t.code),
    deemed: all.filter((t) => t.definition.onBreach === 'deemed-approval').map((t) => t.code),
  };
  const agencies = new Map((await catalogue.listAgencies()).map((a) => [a.code, { cal: a.calendarId, tz: a.timeZone }]));
  const cases = await TimerCases.open(ctx.bench.app.get(AppConfig).get('DATABASE_URL'), types, agencies, ctx.meta.applicants);
  const timers = ctx.bench.app.get(BullTimerQueue);
  const tag = `C${Date.now() % 1e7}`;
  const points: CliffPoint[] = [];
  try {
    await cases.deleteAll();
    const far = Math.max(0, o.armed - o.due);
    const farClocks = await cases.insert(
      Array.from({ length: far }, (_, k) => new Date(ctx.bench.clock.now().getTime() + FAR_HOURS * 3_600_000 + (k % 10) * 86_400_000)),
      { now: ctx.bench.clock.now(), due: false, tag, offset: 0 },
    );
    await timers.arm(farClocks.map((c) => ({ ...c, kind: 'deadline' as const })));
    ctx.log(`cliff: ${far} far clocks armed (${new Set(farClocks.map((c) => c.dueAt.getTime())).size} alarms)`);
    let offset = far;
    const sizes = [o.due, ...o.growth.filter((n) => n !== o.due)];
    for (const n of sizes) {
      const point = await cliffPoint(ctx, cases, timers, codes, { due: n, armed: far + n, tag, offset });
      offset += 2 * n;
      points.push(point);
      ctx.log(
        `  cliff ${n} due among ${far + n}: baseline ${point.baselineMs.toFixed(0)} ms, flagged ${fmt(point.flagMs)}, escalations ${fmt(point.escalationMs)} (${point.escalations}), ` +
          `deemed ${fmt(point.deemedMs)} (${point.deemed}); missed ${point.missed}, doubled ${point.doubled}, early ${point.early}, without events ${point.withoutEvents}, ` +
          `permits missing ${point.permitsMissing}, chains ${point.chainsChecked - point.chainsBroken}/${point.chainsChecked}`,
      );
    }
  } finally {
    await timers.queue.resume();
    const removed = await cases.deleteAll().catch((e: Error) => {
      ctx.log(`  could not delete the cliff cases: ${e.message}`);
      return 0;
    });
    ctx.log(`  deleted ${removed} cliff cases`);
    await cases.close();
  }
  const main = points[0];
  const growth = [...points].sort((a, b) => a.due - b.due);
  if (o.chart) writeChart(growth, ctx);
  const faults = main.missed + main.doubled + main.early + main.withoutEvents + main.permitsMissing + main.chainsBroken;
  const flagRatio = main.flagMs !== null && main.baselineMs > 0 ? main.flagMs / main.baselineMs : null;
  const label = `${main.due} due at one instant, ${main.armed} armed`;
  const rows: ResultRow[] = [
    {
      scenario: 'cliff',
      metric: `all flagged (clock, events, audit, case), ${label}`,
      unit: 'ms',
      median: main.flagMs ?? NaN,
      tail: null,
      tailLabel: '',
      baseline: main.baselineMs,
      baselineLabel: 'bare UPDATE..RETURNING + INSERT..SELECT, 1 tx',
      ratio: flagRatio,
      target: '<= 5x baseline and < 10 s',
      pass: main.flagMs !== null && flagRatio !== null && flagRatio <= 5 && main.flagMs < 10_000,
    },
    {
      scenario: 'cliff',
      metric: `all escalated (${main.escalations} cases)`,
      unit: 'ms',
      median: main.escalationMs ?? NaN,
      tail: null,
      tailLabel: '',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: '< 15 s',
      pass: main.escalationMs !== null && main.escalationMs < 15_000,
    },
    {
      scenario: 'cliff',
      metric: `all deemed approved with permits (${main.deemed} cases)`,
      unit: 'ms',
      median: main.deemedMs ?? NaN,
      tail: null,
      tailLabel: '',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: '< 60 s',
      pass: main.deemedMs !== null && main.deemedMs < 60_000,
    },
    {
      scenario: 'cliff',
      metric: 'missed + doubled + early + without events + chains broken',
      unit: '',
      median: faults,
      tail: null,
      tailLabel: '',
      baseline: null,
      baselineLabel: '',
      ratio: null,
      target: '0',
      pass: faults === 0,
      note: `missed ${main.missed}, doubled ${main.doubled}, early ${main.early}, without clock/audit event ${main.withoutEvents}, deemed without permit ${main.permitsMissing}, chains ${main.chainsChecked - main.chainsBroken}/${main.chainsChecked} verified`,
    },
  ];
  if (growth.length > 1) {
    const [small, big] = [growth[0], growth[growth.length - 1]];
    const perCase = (p: CliffPoint): number => (p.flagMs ?? NaN) / p.due;
    rows.push({
      scenario: 'cliff',
      metric: `growth: flag time per due case, ${big.due} vs ${small.due} due`,
      unit: 'ms',
      median: perCase(big),
      tail: null,
      tailLabel: '',
      baseline: perCase(small),
      baselineLabel: `per case at ${small.due}`,
      ratio: perCase(big) / perCase(small),
      target: 'linear or better (ratio <= 1.5)',
      pass: perCase(big) / perCase(small) <= 1.5,
      note: growth.map((p) => `${p.due}: flag ${fmt(p.flagMs)}, baseline ${p.baselineMs.toFixed(0)} ms, escalations ${fmt(p.escalationMs)}, deemed ${fmt(p.deemedMs)}`).join('; '),
    });
  }
  return { scenario: 'cliff', rows, details: { points, codes } };
}

async function cliffPoint(
  ctx: BenchContext,
  cases: TimerCases,
  timers: BullTimerQueue,
  codes: Codes,
  p: { due: number; armed: number; tag: string; offset: number },
): Promise<CliffPoint> {
  const db = ctx.bench.db;
  const clock = ctx.bench.clock;
  // a placeholder instant no sweep reaches; the cases are moved to their cliff once inserted
  const parked = (): Date[] => Array.from({ length: p.due }, () => new Date(clock.now().getTime() + 30 * 86_400_000));

  // the baseline first, on cases of its own: bare set-based SQL, one transaction
  const baseClocks = await cases.insert(parked(), { now: clock.now(), due: true, tag: p.tag, offset: p.offset });
  const bInstant = new Date(clock.now().getTime() + 20 * 86_400_000);
  await moveTo(ctx, baseClocks, bInstant);
  const t0 = performance.now();
  await db.transaction(async (m) => {
    await m.query(
      `WITH f AS (
         UPDATE clocks c SET breached_at = $2, breach_late_ms = 0
          WHERE c.status = 'running' AND c.breached_at IS NULL AND c.deadline_at <= $1 AND c.deadline_at >= $1
          RETURNING c.id, c.application_id, c.kind, c.state_name, c.budget_ms, c.deadline_at)
       INSERT INTO clock_events (clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at)
       SELECT f.id, f.application_id, f.kind, f.state_name, $2, 'breach', NULL, 'system', NULL, f.budget_ms, 0, f.deadline_at FROM f`,
      [bInstant, bInstant],
    );
  });
  const baselineMs = performance.now() - t0;
  await cases.deleteAll({ onlyDue: true });

  // the cliff: every due case at one instant, one alarm
  const dueClocks = await cases.insert(parked(), { now: clock.now(), due: true, tag: p.tag, offset: p.offset + p.due });
  const instant = new Date(clock.now().getTime() + 2_500);
  await moveTo(ctx, dueClocks, instant);
  await timers.arm(dueClocks.map((c) => ({ ...c, kind: 'deadline' as const, dueAt: instant })));
  const wallInstant = Date.now() + (instant.getTime() - clock.now().getTime());

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await db.query<{ n: number }[]>(sql, params))[0].n;
  const unflagged = (): Promise<number> =>
    count(`SELECT count(*)::int AS n FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE t.due AND c.breached_at IS NULL`);
  const unescalated = (): Promise<number> =>
    count(
      `SELECT count(*)::int AS n FROM bench_timer_clocks t JOIN applications a ON a.id = t.application_id
        WHERE t.due AND a.permit_type_code = ANY($1) AND a.escalated_at IS NULL`,
      [codes.escalate],
    );
  const undeemed = (): Promise<number> =>
    count(
      `SELECT count(*)::int AS n FROM bench_timer_clocks t JOIN applications a ON a.id = t.application_id
        WHERE t.due AND a.permit_type_code = ANY($1) AND a.status = 'open'`,
      [codes.deemed],
    );
  const capMs = ctx.options.cliff.capSeconds * 1000;
  const waitUntilZero = async (probe: () => Promise<number>): Promise<number | null> => {
    for (;;) {
      if ((await probe()) === 0) return Math.max(0, Date.now() - wallInstant);
      if (Date.now() - wallInstant > capMs) return null;
      await sleep(POLL_MS);
    }
  };
  while (Date.now() < wallInstant) await sleep(20);
  const flagMs = await waitUntilZero(unflagged);
  const escalationMs = await waitUntilZero(unescalated);
  const deemedMs = await waitUntilZero(undeemed);
  if (deemedMs === null) ctx.log(`  ${await undeemed()} deemed approvals still open at the cap`);
  await waitIdle(timers);

  const [check] = await db.query<{ missed: number; early: number; before: number; doubled_events: number; doubled_audit: number; no_event: number; no_audit: number; no_permit: number; escalations: number; deemed: number; doubled_escalations: number }[]>(
    `SELECT
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE t.due AND c.breached_at IS NULL) AS missed,
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE NOT t.due AND c.breached_at IS NOT NULL) AS early,
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE c.breached_at < c.deadline_at) AS before,
       (SELECT count(*)::int FROM (SELECT e.clock_id FROM bench_timer_clocks t JOIN clock_events e ON e.clock_id = t.clock_id
          WHERE t.due AND e.kind = 'breach' GROUP BY 1 HAVING count(*) > 1) d) AS doubled_events,
       (SELECT count(*)::int FROM (SELECT a.case_id FROM bench_timer_clocks t JOIN audit_events a ON a.case_id = t.application_id
          WHERE t.due AND a.action = 'sla.breached' GROUP BY 1 HAVING count(*) > 1) d) AS doubled_audit,
       (SELECT count(*)::int FROM (SELECT a.case_id FROM bench_timer_clocks t JOIN audit_events a ON a.case_id = t.application_id
          WHERE t.due AND a.action = 'escalated' GROUP BY 1 HAVING count(*) > 1) d) AS doubled_escalations,
       (SELECT count(*)::int FROM bench_timer_clocks t WHERE t.due
          AND NOT EXISTS (SELECT 1 FROM clock_events e WHERE e.clock_id = t.clock_id AND e.kind = 'breach')) AS no_event,
       (SELECT count(*)::int FROM bench_timer_clocks t WHERE t.due
          AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = t.application_id AND a.action = 'sla.breached')) AS no_audit,
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN applications a ON a.id = t.application_id WHERE t.due AND a.permit_type_code = ANY($2)
          AND NOT EXISTS (SELECT 1 FROM permits p WHERE p.application_id = a.id AND p.deemed_approval)) AS no_permit,
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN applications a ON a.id = t.application_id WHERE t.due AND a.permit_type_code = ANY($1)) AS escalations,
       (SELECT count(*)::int FROM bench_timer_clocks t JOIN applications a ON a.id = t.application_id WHERE t.due AND a.permit_type_code = ANY($2)) AS deemed`,
    [codes.escalate, codes.deemed],
  );
  const sample = await db.query<{ application_id: string }[]>(`SELECT application_id FROM bench_timer_clocks WHERE due ORDER BY md5(application_id::text) LIMIT 100`);
  const audit = ctx.bench.app.get(AuditService);
  let chainsBroken = 0;
  for (const s of sample) if (!(await audit.verify(`case:${s.application_id}`)).ok) chainsBroken++;
  await cases.deleteAll({ onlyDue: true });
  return {
    due: p.due,
    armed: p.armed,
    baselineMs,
    flagMs,
    escalationMs,
    deemedMs,
    escalations: check.escalations,
    deemed: check.deemed,
    missed: check.missed,
    doubled: check.doubled_events + check.doubled_audit + check.doubled_escalations,
    early: check.early + check.before,
    withoutEvents: check.no_event + check.no_audit,
    permitsMissing: check.no_permit,
    chainsChecked: sample.length,
    chainsBroken,
  };
}

/** Moves these (just inserted, not yet armed) statutory clocks and their cases' deadlines to one instant. */
async function moveTo(ctx: BenchContext, clocks: readonly TimerClock[], at: Date): Promise<void> {
  const ids = clocks.map((c) => c.clockId);
  await ctx.bench.db.query(`UPDATE clocks SET deadline_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  await ctx.bench.db.query(
    `UPDATE applications SET statutory_deadline_at = $2, next_deadline_at = LEAST(next_deadline_at, $2) WHERE id = ANY($1::uuid[])`,
    [clocks.map((c) => c.applicationId), at],
  );
}

async function waitIdle(timers: BullTimerQueue): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until && (await timers.queue.getActiveCount()) > 0) await sleep(200);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const fmt = (ms: number | null): string => (ms === null ? 'NOT within the cap' : `${ms.toFixed(0)} ms`);

/** docs/bench-cliff.svg: seconds from the instant against due cases, per phase, with the baseline. */
function writeChart(points: readonly CliffPoint[], ctx: BenchContext): void {
  const W = 640;
  const H = 360;
  const pad = { l: 60, r: 170, t: 30, b: 50 };
  const series: { name: string; color: string; value: (p: CliffPoint) => number | null }[] = [
    { name: 'deemed approvals', color: '#7b3294', value: (p) => p.deemedMs },
    { name: 'escalations', color: '#d7191c', value: (p) => p.escalationMs },
    { name: 'all flagged', color: '#2c7bb6', value: (p) => p.flagMs },
    { name: 'bare SQL baseline', color: '#777777', value: (p) => p.baselineMs },
  ];
  const maxX = Math.max(...points.map((p) => p.due));
  const maxY = Math.max(1, ...points.flatMap((p) => series.map((s) => s.value(p) ?? 0))) / 1000;
  const x = (v: number): number => pad.l + (v / maxX) * (W - pad.l - pad.r);
  const y = (sec: number): number => H - pad.b - (sec / maxY) * (H - pad.t - pad.b);
  const lines = series
    .map((s, i) => {
      const pts = points.filter((p) => s.value(p) !== null).map((p) => `${x(p.due).toFixed(1)},${y((s.value(p) as number) / 1000).toFixed(1)}`);
      const dots = pts.map((xy) => `<circle cx="${xy.split(',')[0]}" cy="${xy.split(',')[1]}" r="3" fill="${s.color}"/>`).join('');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(' ')}"/>${dots}` +
        `<text x="${W - pad.r + 12}" y="${pad.t + 18 * i + 10}" font-size="12" fill="${s.color}">${s.name}</text>`;
    })
    .join('\n');
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${pad.l - 8}" y="${y(f * maxY) + 4}" font-size="11" text-anchor="end">${(f * maxY).toFixed(1)}</text>` +
    `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(f * maxY)}" y2="${y(f * maxY)}" stroke="#eee"/>`).join('');
  const ticksX = points.map((p) => `<text x="${x(p.due)}" y="${H - pad.b + 16}" font-size="11" text-anchor="middle">${p.due.toLocaleString('en')}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${pad.l}" y="18" font-size="13">The deadline cliff: seconds from the instant, by due cases (${ctx.meta.cases.toLocaleString('en')} cases seeded)</text>
${ticksY}${ticksX}
<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${H - pad.b}" stroke="#333"/><line x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}" stroke="#333"/>
<text x="${(pad.l + W - pad.r) / 2}" y="${H - 12}" font-size="12" text-anchor="middle">cases due at one instant</text>
<text x="16" y="${(pad.t + H - pad.b) / 2}" font-size="12" transform="rotate(-90 16 ${(pad.t + H - pad.b) / 2})" text-anchor="middle">seconds</text>
${lines}
</svg>
`;
  const dir = join(__dirname, '..', '..', 'docs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench-cliff.svg'), svg);
  ctx.log(`  wrote docs/bench-cliff.svg`);
}
