import { ReconcilerService, SweepReport } from '@tenggat/enforcement';
import { AppConfig, bullConnection } from '@tenggat/platform';
import { alarmJobId, BullTimerQueue, TimerRequest } from '@tenggat/sla';
import { Queue } from 'bullmq';
import { performance } from 'node:perf_hooks';
import { median, percentile } from '../lib/stats';
import { BenchContext, ScenarioResult } from './context';

/**
 * The reconciler at scale: `upcoming` running clocks are moved so that their deadline (and, if
 * not yet warned, their warning) falls 40-55 minutes ahead, inside the sweep's re-arm horizon;
 * a warm-up sweep arms all of them; then, `sweeps` times, `missing` of those timers are deleted
 * from Redis and one sweep (ReconcilerService.sweep, as the job scheduler runs it) is timed and
 * checked: every deleted timer must be back. The clocks are put back afterwards.
 *
 * Baseline: BullMQ's own addBulk of the same number of jobs (the least re-arming can cost).
 */
export async function reconcilerScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const o = ctx.options.reconciler;
  const db = ctx.bench.db;
  const reconciler = ctx.bench.app.get(ReconcilerService);
  const timers = ctx.bench.app.get(BullTimerQueue);
  await restoreMovedClocks(ctx); // a previous run that died half-way
  await db.query(`CREATE TABLE IF NOT EXISTS bench_moved_clocks (id uuid PRIMARY KEY, epoch int, deadline_at timestamptz, warn_at timestamptz)`);
  const now = ctx.bench.clock.now();
  const moved = await db.query<{ id: string }[]>(
    `WITH pick AS (
       SELECT id FROM clocks WHERE status = 'running' AND breached_at IS NULL AND kind IN ('statutory', 'state')
        ORDER BY md5(id::text || $2) LIMIT $1
     ), saved AS (
       INSERT INTO bench_moved_clocks SELECT c.id, c.epoch, c.deadline_at, c.warn_at FROM clocks c JOIN pick USING (id) RETURNING id
     )
     SELECT id FROM saved`,
    [o.upcoming, String(Date.now())],
  );
  await db.query(
    `UPDATE clocks c SET epoch = c.epoch + 1,
        deadline_at = $2::timestamptz + interval '40 minutes' + (x.n * interval '1 millisecond' * (900000.0 / GREATEST(1, $3::int))),
        warn_at = CASE WHEN c.warned_at IS NULL THEN $2::timestamptz + interval '35 minutes' + (x.n * interval '1 millisecond' * (900000.0 / GREATEST(1, $3::int))) ELSE c.warn_at END
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n) WHERE c.id = x.id`,
    [moved.map((m) => m.id), now, moved.length],
  );
  const horizonMs = Math.max(3_600_000, 3 * ctx.bench.app.get(AppConfig).get('RECONCILE_INTERVAL_MS'));
  const [{ upcoming }] = await db.query<{ upcoming: number }[]>(
    `SELECT count(*)::int AS upcoming FROM clocks WHERE status = 'running'
        AND ((warned_at IS NULL AND warn_at <= $1) OR (breached_at IS NULL AND deadline_at <= $1))`,
    [new Date(now.getTime() + horizonMs)],
  );
  try {
    const warm = await reconciler.sweep();
    ctx.log(`reconciler: ${upcoming} clocks due within the ${horizonMs / 60000}-minute horizon (${moved.length} moved there); warm-up sweep ${warm.ms} ms armed ${warm.rearmed}`);
    const rows = await db.query<{ id: string; application_id: string; epoch: number; deadline_at: Date }[]>(
      `SELECT c.id, c.application_id, c.epoch, c.deadline_at FROM clocks c JOIN bench_moved_clocks m USING (id) ORDER BY c.id`,
    );
    const candidates: TimerRequest[] = rows.map((r) => ({ applicationId: r.application_id, clockId: r.id, epoch: r.epoch, kind: 'deadline', dueAt: r.deadline_at }));
    const sweeps: { ms: number; report: SweepReport; deleted: number; back: number }[] = [];
    for (let i = 0; i < o.sweeps; i++) {
      const victims = candidates.slice((i * o.missing) % Math.max(1, candidates.length - o.missing + 1)).slice(0, o.missing);
      const deleted = await removeJobs(timers.queue, victims);
      if ((await timers.missing(victims)).length !== victims.length) throw new Error('the deleted timers are still in Redis');
      const t0 = performance.now();
      const report = await reconciler.sweep();
      const ms = performance.now() - t0;
      const back = victims.length - (await timers.missing(victims)).length;
      sweeps.push({ ms, report, deleted, back });
      ctx.log(`  sweep ${i + 1}: ${ms.toFixed(0)} ms, re-armed ${report.rearmed}, ${back}/${victims.length} back`);
    }
    const baseline = await bullmqAddBulk(ctx, o.missing, o.sweeps);
    const ms = sweeps.map((s) => s.ms);
    const allBack = sweeps.every((s) => s.back === Math.min(o.missing, candidates.length));
    const med = median(ms);
    const p99 = percentile(ms, 99);
    return {
      scenario: 'reconciler',
      rows: [
        {
          scenario: 'reconciler',
          metric: `sweep, ${o.missing} of ${upcoming} due timers missing, ${ctx.meta.cases} cases`,
          unit: 'ms',
          median: med,
          tail: p99,
          tailLabel: 'p99',
          baseline: median(baseline),
          baselineLabel: `BullMQ addBulk ${o.missing}`,
          ratio: median(baseline) > 0 ? med / median(baseline) : null,
          target: '< 500 ms, all re-armed',
          pass: p99 < 500 && allBack,
          note: allBack ? 'all re-armed' : 'SOME TIMERS NOT RE-ARMED',
        },
      ],
      details: { upcomingWithinHorizon: upcoming, moved: moved.length, horizonMs, warmup: warm, sweeps, baselineMs: baseline, allBack },
    };
  } finally {
    await restoreMovedClocks(ctx);
  }
}

async function removeJobs(queue: Queue, timers: readonly TimerRequest[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < timers.length; i += 200) {
    const chunk = timers.slice(i, i + 200);
    const r = await Promise.all(chunk.map((t) => queue.remove(alarmJobId(t))));
    removed += r.reduce((s, n) => s + n, 0);
  }
  return removed;
}

/** Puts the moved clocks back as they were, in a new epoch (so that the timers armed meanwhile are stale no-ops). */
async function restoreMovedClocks(ctx: BenchContext): Promise<void> {
  const [{ t }] = await ctx.bench.db.query<{ t: string | null }[]>(`SELECT to_regclass('bench_moved_clocks')::text AS t`);
  if (!t) return;
  await ctx.bench.db.query(
    `UPDATE clocks c SET deadline_at = m.deadline_at, warn_at = m.warn_at, epoch = c.epoch + 1 FROM bench_moved_clocks m WHERE c.id = m.id`,
  );
  await ctx.bench.db.query(`DROP TABLE bench_moved_clocks`);
}

/** BullMQ alone: addBulk of `n` delayed jobs with the same options the timer queue uses. */
async function bullmqAddBulk(ctx: BenchContext, n: number, repeats: number): Promise<number[]> {
  const config = ctx.bench.app.get(AppConfig);
  const queue = new Queue('bench-baseline-arm', { connection: bullConnection(config.get('REDIS_URL')), prefix: config.get('QUEUE_PREFIX') });
  const out: number[] = [];
  try {
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i += 500) {
        await queue.addBulk(
          Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
            name: 'due',
            data: { clockId: `${r}.${i + k}`, epoch: 1, kind: 'deadline' },
            opts: { jobId: `b.${r}.${i + k}`, delay: 2_400_000, removeOnComplete: true, removeOnFail: { count: 1000 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
          })),
        );
      }
      out.push(performance.now() - t0);
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  return out;
}
