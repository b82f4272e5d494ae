import { planRun, WhatIfHistoryReadModel } from '@tenggat/whatif-service';
import { runWhatIf } from '@tenggat/whatif';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, ScenarioResult } from './context';

/** The proposal the bench replays: sertifikat-standar from 10 to 5 working days (its state SLAs shortened to fit). */
export function fiveDaysProposal(): string {
  return readFileSync(join(__dirname, '..', '..', 'config', 'permit-types', 'sertifikat-standar.yaml'), 'utf8')
    .replace('processingTime: {workingDays: 10}', 'processingTime: {workingDays: 5}')
    .replace('sla: {workingDays: 7}', 'sla: {workingDays: 3}')
    .replace('sla: {workingDays: 3}\n  approved', 'sla: {workingDays: 2}\n  approved');
}

/**
 * What-if replay: the first N cases by submission (`--whatif-cases`: 100,000 by default; 10,000
 * with --quick; `all` for the self-consistency figure at the seeded size, as `npm run whatif --
 * --check` gives it) replayed under the rules in force (compared with the record) and under the
 * proposal, beside a baseline that streams the same rows through the same cursor and computes
 * nothing. The target is per 100,000 cases.
 */
export async function whatifScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const db = ctx.bench.db;
  const asked = ctx.options.whatif.cases;
  const wanted = asked === 'all' || asked > ctx.meta.cases ? ctx.meta.cases : asked;
  const [first] = await db.query<{ at: Date }[]>(`SELECT min(submitted_at) AS at FROM applications WHERE status <> 'draft'`);
  const [nth] = await db.query<{ at: Date | null }[]>(
    `SELECT submitted_at AS at FROM applications WHERE status <> 'draft' ORDER BY submitted_at OFFSET $1 LIMIT 1`,
    [wanted - 1],
  );
  const end = nth?.at ? new Date(nth.at.getTime() + 1) : new Date(ctx.meta.at);
  const history = new WhatIfHistoryReadModel(db);
  const asOf = new Date(ctx.meta.at);
  const plan = planRun({ from: '2025-01-01', to: '2025-01-01', proposal: fiveDaysProposal() }, await history.published(), asOf, 0.8);
  const filter = { start: first.at, end, agencies: [] };

  const stream = async (): Promise<{ rows: number; s: number }> => {
    const t0 = performance.now();
    let rows = 0;
    for await (const row of history.rows(filter)) if (row) rows++;
    return { rows, s: (performance.now() - t0) / 1000 };
  };
  await stream(); // warm the cache: both sides read warm pages
  const baseline = await stream();
  ctx.log(`  baseline: streamed ${baseline.rows} rows in ${baseline.s.toFixed(1)} s`);
  const t0 = performance.now();
  const report = await runWhatIf(history.histories(filter), plan.book);
  const s = (performance.now() - t0) / 1000;
  if (!report) throw new Error('the run was cancelled');
  const t = report.totals;
  ctx.log(`  replayed ${t.cases} cases in ${s.toFixed(1)} s: ${t.replayed} replayed, ${t.misfits} misfits, ${t.unreplayable} unreplayable, ${t.gaps} record gaps, ${t.mismatches} mismatches`);
  const byField: Record<string, number> = {};
  for (const m of report.mismatches) byField[m.field] = (byField[m.field] ?? 0) + 1;
  return {
    scenario: 'whatif',
    rows: [
      {
        scenario: 'whatif',
        metric: `replay ${t.cases} cases, in force + proposal (sertifikat-standar 10 -> 5 wd)`,
        unit: 's',
        median: s,
        tail: null,
        tailLabel: '',
        baseline: baseline.s,
        baselineLabel: 'stream the same rows, no computation',
        ratio: baseline.s > 0 ? s / baseline.s : null,
        target: '< 30 s per 100,000 cases',
        pass: s / Math.max(1, t.cases / 100_000) < 30,
        note: `self-consistency: ${t.mismatches} mismatch(es) in ${t.replayed + t.misfits} replayed; ${t.unreplayable} unreplayable; ${t.gaps} record gaps`,
      },
    ],
    details: { totals: t, seconds: s, baselineSeconds: baseline.s, mismatchFields: byField, firstMismatches: report.mismatches.slice(0, 20), firstUnreplayable: report.unreplayable.slice(0, 20), groups: report.groups.length },
  };
}
