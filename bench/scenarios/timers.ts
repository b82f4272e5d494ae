import { CatalogueService } from '@tenggat/catalogue';
import { AppConfig, bullConnection } from '@tenggat/platform';
import { BullTimerQueue, TimerRequest } from '@tenggat/sla';
import { Job, Queue, Worker } from 'bullmq';
import { performance } from 'node:perf_hooks';
import { summarize, Summary } from '../lib/stats';
import { TimerCases, TimerClock } from '../seed/timer-cases';
import { BenchContext, ScenarioResult } from './context';

/** The SLA processor's concurrency (libs/enforcement/src/sla.processor.ts): the baseline worker uses the same. */
const CONCURRENCY = 16;
const FAR_MS = 2 * 3_600_000;
const ARM_CHUNK = 500;

interface Plan {
  armed: number;
  due: number;
  far: number;
  perSecond: number;
}

/**
 * Timer precision: `armed` delayed timers in Redis, `due` of them falling due at `perSecond`,
 * the rest hours ahead. For every due timer, the lag from its deadline to the breach flag in
 * Postgres (clocks.breached_at - clocks.deadline_at), and every timer flagged exactly once
 * (one sla.breached audit event and one breach clock event per case, none early).
 *
 * Baseline: BullMQ's own lag (processedAt - dueAt) for an empty handler, same counts, same
 * rate, same concurrency, same Redis, measured first in the same run.
 */
export async function timersScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const o = ctx.options.timers;
  const due = Math.min(o.armed, Math.round(o.perSecond * o.windowSeconds));
  const plan: Plan = { armed: o.armed, due, far: o.armed - due, perSecond: o.perSecond };
  const baseline = await bullmqLag(ctx, plan, o.drainCapSeconds);
  ctx.log(`timers: BullMQ empty handler: ${baseline.processed}/${due} due jobs, lag p99 ${baseline.lag.p99.toFixed(0)} ms, ${baseline.jobsPerSecond.toFixed(0)} jobs/s`);

  const catalogue = ctx.bench.app.get(CatalogueService);
  const types = (await catalogue.all()).map((t) => ({ code: t.code, version: t.version, definition: t.definition }));
  const agencies = new Map((await catalogue.listAgencies()).map((a) => [a.code, { cal: a.calendarId, tz: a.timeZone }]));
  const cases = await TimerCases.open(ctx.bench.app.get(AppConfig).get('DATABASE_URL'), types, agencies, ctx.meta.applicants);
  const timers = ctx.bench.app.get(BullTimerQueue);
  const tag = String(Date.now() % 1e8);
  try {
    await cases.deleteAll(); // leftovers of a run that died
    const now = (): number => ctx.bench.clock.now().getTime();
    // the far timers first: they also tell how fast cases are inserted and timers armed
    const farStart = now() + FAR_MS;
    let t = performance.now();
    const farClocks = await cases.insert(
      Array.from({ length: plan.far }, (_, k) => new Date(farStart + k)),
      { now: ctx.bench.clock.now(), due: false, tag, offset: 0 },
    );
    const insertRate = plan.far ? plan.far / ((performance.now() - t) / 1000) : 5_000;
    t = performance.now();
    await arm(timers, farClocks);
    const armRate = plan.far ? plan.far / ((performance.now() - t) / 1000) : 5_000;
    const leadMs = Math.max(1_000, Math.round((due / insertRate + due / armRate) * 1000 * 1.5) + 1_000);
    const t0 = now() + leadMs;
    const dueClocks = await cases.insert(
      Array.from({ length: due }, (_, k) => new Date(t0 + Math.floor((k * 1000) / plan.perSecond))),
      { now: ctx.bench.clock.now(), due: true, tag, offset: plan.far },
    );
    await arm(timers, dueClocks);
    const slackMs = t0 - now();
    ctx.log(`  ${plan.far} far + ${due} due timers armed (${Math.round(armRate)} timers/s); first deadline ${slackMs} ms after arming`);

    const lastDue = t0 + Math.floor(((due - 1) * 1000) / plan.perSecond);
    const unflagged = async (): Promise<number> =>
      (await cases.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE t.due AND c.breached_at IS NULL`))[0].n;
    let left = due;
    let lastLog = Date.now();
    while (left > 0 && now() < lastDue + o.drainCapSeconds * 1000) {
      await sleep(500);
      left = await unflagged();
      if (Date.now() - lastLog > 10_000) {
        ctx.log(`  ${due - left}/${due} flagged`);
        lastLog = Date.now();
      }
    }
    await timers.queue.pause(); // stop the backlog (if any) before its cases are deleted
    await waitIdle(timers);
    // what is still unflagged at the cap: a backlog (its job is still in Redis) or missed (no job left)
    const pending = await cases.query<{ clock_id: string; application_id: string; deadline_at: Date }>(
      `SELECT t.clock_id, t.application_id, c.deadline_at FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id
        WHERE t.due AND c.breached_at IS NULL`,
    );
    const pendingTimers: TimerRequest[] = pending.map((p) => ({ applicationId: p.application_id, clockId: p.clock_id, epoch: 1, kind: 'deadline', dueAt: p.deadline_at }));
    const noJob = pendingTimers.length ? await timers.missing(pendingTimers) : [];
    const jobCounts = await timers.queue.getJobCounts('delayed', 'waiting', 'active', 'failed');
    const flagged = (
      await cases.query<{ lag: number }>(
        `SELECT extract(epoch FROM (c.breached_at - c.deadline_at)) * 1000 AS lag FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id
          WHERE t.due AND c.breached_at IS NOT NULL`,
      )
    ).map((r) => Number(r.lag));
    // a timer still waiting at the cap is at least this late: counted so, the tail is a lower bound
    const capNow = now();
    const lags = [...flagged, ...pending.map((p) => capNow - p.deadline_at.getTime())];
    const [check] = await cases.query<{ early: number; before: number; doubled_audit: number; doubled_events: number; flags_per_s: number | null }>(
      `SELECT
         (SELECT count(*)::int FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE NOT t.due AND c.breached_at IS NOT NULL) AS early,
         (SELECT count(*)::int FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE c.breached_at < c.deadline_at) AS before,
         (SELECT count(*)::int FROM (SELECT a.case_id FROM bench_timer_clocks t JOIN audit_events a ON a.case_id = t.application_id
            WHERE a.action = 'sla.breached' GROUP BY 1 HAVING count(*) > 1) d) AS doubled_audit,
         (SELECT count(*)::int FROM (SELECT e.clock_id FROM bench_timer_clocks t JOIN clock_events e ON e.clock_id = t.clock_id
            WHERE e.kind = 'breach' GROUP BY 1 HAVING count(*) > 1) d) AS doubled_events,
         (SELECT count(*) / NULLIF(extract(epoch FROM max(c.breached_at) - min(c.deadline_at)), 0)
            FROM bench_timer_clocks t JOIN clocks c ON c.id = t.clock_id WHERE t.due AND c.breached_at IS NOT NULL)::float8 AS flags_per_s`,
    );
    const [{ audited }] = await cases.query<{ audited: number }>(
      `SELECT count(DISTINCT a.case_id)::int AS audited FROM bench_timer_clocks t JOIN audit_events a ON a.case_id = t.application_id
        WHERE t.due AND a.action = 'sla.breached'`,
    );
    const lag = summarize(lags);
    const missed = noJob.length;
    const backlog = pending.length - noJob.length;
    const faults = missed + check.early + check.before + check.doubled_audit + check.doubled_events;
    ctx.log(
      `  flagged ${flagged.length}/${due} (lag p50 ${lag.median.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms${backlog ? `, ${backlog} still queued at the cap` : ''}), ` +
        `${check.flags_per_s?.toFixed(0) ?? '-'} flags/s`,
    );
    return {
      scenario: 'timers',
      rows: [
        {
          scenario: 'timers',
          metric: `deadline -> breach flag lag, ${due} due at ${plan.perSecond}/s, ${plan.armed} armed`,
          unit: 'ms',
          median: lag.median,
          tail: lag.p99,
          tailLabel: 'p99',
          baseline: baseline.lag.p99,
          baselineLabel: 'BullMQ empty handler p99',
          ratio: baseline.lag.p99 > 0 ? lag.p99 / baseline.lag.p99 : null,
          target: 'p99 <= 500 ms',
          pass: lag.p99 <= 500 && pending.length === 0,
          ...(backlog ? { note: `${backlog} timers still queued ${o.drainCapSeconds} s after the last deadline: their lag is counted up to then (a lower bound)` } : {}),
        },
        {
          scenario: 'timers',
          metric: 'breach flags per second (drain)',
          unit: '/s',
          median: check.flags_per_s ?? 0,
          tail: null,
          tailLabel: '',
          baseline: baseline.jobsPerSecond,
          baselineLabel: 'BullMQ jobs/s',
          ratio: baseline.jobsPerSecond > 0 ? (check.flags_per_s ?? 0) / baseline.jobsPerSecond : null,
          target: `>= ${plan.perSecond}/s to keep up`,
          pass: (check.flags_per_s ?? 0) >= plan.perSecond,
        },
        {
          scenario: 'timers',
          metric: 'timers missed + doubled + early',
          unit: '',
          median: faults,
          tail: null,
          tailLabel: '',
          baseline: null,
          baselineLabel: '',
          ratio: null,
          target: '0',
          pass: faults === 0 && audited === flagged.length,
          note: `missed (no flag, no job) ${missed}, early ${check.early}, before deadline ${check.before}, doubled audit ${check.doubled_audit}, doubled clock events ${check.doubled_events}; ${audited}/${flagged.length} flags audited`,
        },
      ],
      details: {
        plan,
        leadMs,
        slackMs,
        insertRate,
        armRate,
        lag,
        flagged: flagged.length,
        backlogAtCap: backlog,
        jobCountsAtCap: jobCounts,
        auditedBreaches: audited,
        missed,
        ...check,
        baseline,
      },
    };
  } finally {
    await waitIdle(timers);
    const removed = await cases.deleteAll().catch((e: Error) => {
      ctx.log(`  could not delete the timer cases: ${e.message}`);
      return 0;
    });
    ctx.log(`  deleted ${removed} timer cases`);
    await cases.close();
    await timers.queue.resume();
  }
}

/** Waits (up to 30 s) until no SLA job is running. */
async function waitIdle(timers: BullTimerQueue): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until && (await timers.queue.getActiveCount()) > 0) await sleep(200);
}

async function arm(timers: BullTimerQueue, clocks: readonly TimerClock[]): Promise<void> {
  for (let i = 0; i < clocks.length; i += ARM_CHUNK) {
    const chunk: TimerRequest[] = clocks.slice(i, i + ARM_CHUNK).map((c) => ({ ...c, kind: 'deadline' }));
    await timers.arm(chunk);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface BaselineResult {
  processed: number;
  lag: Summary;
  jobsPerSecond: number;
  addRate: number;
}

/** BullMQ alone: the same number of delayed jobs, the same due rate, an empty handler. */
async function bullmqLag(ctx: BenchContext, plan: Plan, capSeconds: number): Promise<BaselineResult> {
  const config = ctx.bench.app.get(AppConfig);
  const opts = { connection: bullConnection(config.get('REDIS_URL')), prefix: config.get('QUEUE_PREFIX') };
  const queue = new Queue('bench-baseline-timers', opts);
  const lags: number[] = [];
  let last = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const worker = new Worker(
    queue.name,
    async (job: Job<{ dueAt: number; due: boolean }>) => {
      if (!job.data.due) return;
      const at = Date.now();
      lags.push(at - job.data.dueAt);
      last = at;
      if (lags.length === plan.due) done();
    },
    { ...opts, concurrency: CONCURRENCY },
  );
  const add = async (dueAts: number[], due: boolean): Promise<void> => {
    for (let i = 0; i < dueAts.length; i += ARM_CHUNK) {
      await queue.addBulk(
        dueAts.slice(i, i + ARM_CHUNK).map((dueAt, k) => ({
          name: 'due',
          data: { dueAt, due },
          opts: { jobId: `b.${due ? 'd' : 'f'}.${i + k}`, delay: Math.max(0, dueAt - Date.now()), removeOnComplete: true },
        })),
      );
    }
  };
  try {
    const farStart = Date.now() + FAR_MS;
    let t = performance.now();
    await add(Array.from({ length: plan.far }, (_, k) => farStart + k), false);
    const addRate = plan.far ? plan.far / ((performance.now() - t) / 1000) : 5_000;
    const t0 = Date.now() + Math.max(1_000, Math.round((plan.due / addRate) * 1000 * 1.5) + 500);
    t = performance.now();
    await add(Array.from({ length: plan.due }, (_, k) => t0 + Math.floor((k * 1000) / plan.perSecond)), true);
    const lastDue = t0 + Math.floor(((plan.due - 1) * 1000) / plan.perSecond);
    let cap: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((r) => (cap = setTimeout(r, Math.max(0, lastDue - Date.now()) + capSeconds * 1000)))]);
    clearTimeout(cap);
    return {
      processed: lags.length,
      lag: summarize(lags),
      jobsPerSecond: lags.length > 1 ? lags.length / Math.max(0.001, (last - t0) / 1000) : 0,
      addRate,
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
