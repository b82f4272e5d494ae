import 'reflect-metadata';
import { DomainError, validateEnv } from '@tenggat/platform';
import { dataSourceOptions } from '@tenggat/schema';
import type { WhatIfReport } from '@tenggat/whatif';
import { planRun, reportCsv, WhatIfExecutor, WhatIfHistoryReadModel, WhatIfRunInput, WhatIfRunRepository } from '@tenggat/whatif-service';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { runCli } from './run-cli';

/**
 * `npm run whatif -- --proposal file.yaml --from 2026-01-01 --to 2026-06-30 [--agency X ...]
 *   [--calendar change.yaml] [--warning-share 0.7] [--csv out.csv] [--json out.json]`
 * `npm run whatif -- --check --from 2021-12-01 --to 2026-11-30` (the self-consistency check)
 *
 * Replays the cases submitted in the period under the proposal, as POST /v1/whatif/runs does
 * (the same checks, the same run row, the same report), showing progress (cases done of total)
 * on stderr; Ctrl-C cancels the run. Prints the totals and actual vs proposal per agency, permit
 * type and month. `--calendar` is a YAML or JSON file `{calendar: id-national, add: [{date, name}],
 * remove: [date]}`. Exit 0 when done, 1 on a refused input, 2 on an error.
 *
 * `--check` is the self-consistency check: no proposal (the rules in force on both sides), every
 * case of the period replayed and compared with its record; it prints the time and each mismatch
 * and exits 3 when there is any.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      proposal: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      agency: { type: 'string', multiple: true },
      calendar: { type: 'string' },
      'warning-share': { type: 'string' },
      csv: { type: 'string' },
      json: { type: 'string' },
      check: { type: 'boolean' },
    },
  });
  if (!values.from || !values.to) {
    console.error('usage: npm run whatif -- [--proposal file.yaml] --from YYYY-MM-DD --to YYYY-MM-DD [--agency X] [--calendar file] [--warning-share 0.7] [--csv out.csv] [--json out.json] [--check]');
    return 1;
  }
  if (values.check && (values.proposal || values.calendar || values['warning-share'])) {
    console.error('--check replays the rules in force: it takes no proposal, calendar change or warning share');
    return 1;
  }
  const input: WhatIfRunInput = {
    from: values.from,
    to: values.to,
    ...(values.agency ? { agencies: values.agency } : {}),
    ...(values.proposal ? { proposal: readFileSync(values.proposal, 'utf8') } : {}),
    ...(values.calendar ? { calendar: parseYaml(readFileSync(values.calendar, 'utf8')) as WhatIfRunInput['calendar'] } : {}),
    ...(values['warning-share'] ? { warningShare: Number(values['warning-share']) } : {}),
  };
  const env = validateEnv(process.env);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await db.initialize();
  try {
    const runs = new WhatIfRunRepository(db);
    const history = new WhatIfHistoryReadModel(db);
    const now = new Date();
    let permitType: string | null;
    try {
      permitType = planRun(input, await history.published(), now, env.SLA_WARNING_SHARE).permitTypeCode;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      console.error(`refused: ${e.message}`);
      const errors = (e.details?.errors ?? []) as { field: string; message: string }[];
      for (const f of errors) console.error(`  ${f.field}: ${f.message}`);
      return 1;
    }
    const run = await runs.create(input, permitType, null, now);
    console.error(`what-if run ${run.id}: cases submitted ${input.from}..${input.to}${input.agencies ? ` of ${input.agencies.join(', ')}` : ''}`);
    process.once('SIGINT', () => {
      console.error('\ncancelling...');
      void runs.cancel(run.id, new Date());
    });
    const started = Date.now();
    const report = await new WhatIfExecutor(runs, history, () => new Date(), env.SLA_WARNING_SHARE).execute(run.id, (done, total) => {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      process.stderr.write(`\r  ${done} of ${total} cases (${pct} %)`);
    });
    process.stderr.write('\n');
    if (!report) {
      console.error(`run ${run.id} was cancelled`);
      return 1;
    }
    const seconds = (Date.now() - started) / 1000;
    console.error(`done in ${seconds.toFixed(1)} s`);
    if (values.csv) writeFileSync(values.csv, reportCsv(report));
    if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
    if (values.check) return check(report, seconds);
    print(report);
    return 0;
  } finally {
    await db.destroy();
  }
}

/** The self-consistency verdict: 0 when every replayed case reproduces its record, else 3. */
function check(r: WhatIfReport, seconds: number): number {
  const t = r.totals;
  const rate = seconds > 0 ? Math.round(t.cases / seconds) : t.cases;
  console.log(`self-consistency: ${t.mismatches} mismatch(es) in ${t.replayed + t.misfits} cases replayed under the rules in force (${t.cases} read, ${t.unreplayable} unreplayable, ${t.gaps} record gaps) in ${seconds.toFixed(1)} s (${rate} cases/s)`);
  const byField = new Map<string, number>();
  for (const m of r.mismatches) byField.set(m.field, (byField.get(m.field) ?? 0) + 1);
  if (byField.size > 0) console.log(`by field (first ${r.mismatches.length} listed): ${[...byField].map(([f, n]) => `${f} ${n}`).join(', ')}`);
  for (const m of r.mismatches.slice(0, 50)) console.log(`MISMATCH ${m.reference ?? m.caseId} ${m.field}: recorded ${m.recorded}, replayed ${m.replayed}`);
  for (const m of r.unreplayable.slice(0, 20)) console.log(`unreplayable ${m.reference ?? m.caseId} step ${m.step} (${m.action} from ${m.from}): ${m.reason}`);
  return t.mismatches === 0 ? 0 : 3;
}

function print(r: WhatIfReport): void {
  const t = r.totals;
  console.log(`cases ${t.cases}, replayed ${t.replayed}, misfits ${t.misfits}, unreplayable ${t.unreplayable}, record gaps ${t.gaps}, self-consistency mismatches ${t.mismatches}`);
  console.log(['agency', 'permit type', 'month', 'decided', 'breaches', 'rate', 'median wd', 'p90 wd', 'escalations', 'deemed', 'compensation', 'cliff'].join('\t'));
  const pair = (a: number | null, b: number | null): string => (a === b ? String(a ?? '-') : `${a ?? '-'} -> ${b ?? '-'}`);
  for (const g of r.groups) {
    const [a, p] = [g.actual, g.proposal];
    console.log(
      [g.agency, g.permitType, g.month, pair(a.decided, p.decided), pair(a.breaches, p.breaches), pair(a.breachRate, p.breachRate), pair(a.medianWorkingDays, p.medianWorkingDays),
        pair(a.p90WorkingDays, p.p90WorkingDays), pair(a.escalations, p.escalations), pair(a.deemedApprovals, p.deemedApprovals), pair(a.compensation, p.compensation),
        pair(a.largestCliff, p.largestCliff)].join('\t'),
    );
  }
  for (const m of r.misfits.slice(0, 20)) console.log(`misfit ${m.reference ?? m.caseId} step ${m.step} (${m.action} from ${m.from}): ${m.reason}`);
  if (r.misfits.length > 20) console.log(`... ${t.misfits - 20} more misfits (see --json)`);
  for (const m of r.mismatches.slice(0, 20)) console.log(`MISMATCH ${m.reference ?? m.caseId} ${m.field}: recorded ${m.recorded}, replayed ${m.replayed}`);
}

runCli(main);
