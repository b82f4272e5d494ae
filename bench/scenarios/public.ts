import { createHash, randomBytes } from 'node:crypto';
import type { ResultRow } from '../lib/stats';
import { anyCaseId, BenchContext, latencyOf, latencyRow, ScenarioResult, userByEmail } from './context';

/** The access code the bench gives one case, so that it can be tracked as its applicant would. */
const BENCH_ACCESS_CODE = 'BENCHTRAK9';

/**
 * Stored the way the applications module stores access codes (`s1$salt$SHA-256(salt || SHA-256(code))`,
 * see libs/applications/src/access-code.ts): the bench writes one, it never reads one back.
 */
function storedAccessCode(code: string): string {
  const salt = randomBytes(16);
  const inner = createHash('sha256').update(code.trim().toUpperCase()).digest();
  return `s1$${salt.toString('hex')}$${createHash('sha256').update(salt).update(inner).digest('hex')}`;
}

/**
 * The public pages at scale, as an anonymous visitor sees them (no token): the catalogue list,
 * one permit type's service standard, a case tracked by reference and access code (a case with
 * a stopped clock, so that its stops are read too), and the public statistics. Tracking is
 * limited to 30 lookups a minute per address, so it is sampled at most 25 times.
 */
export async function publicScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const n = ctx.options.reads.samples;
  const ombudsman = await userByEmail(ctx, 'ombudsman.0@bench.example');
  const baseline = await latencyOf(ctx, `/v1/bench/bare/${await anyCaseId(ctx)}`, ombudsman.token, n);
  const [tracked] = await ctx.bench.db.query<{ id: string; reference: string }[]>(
    `SELECT a.id, a.reference FROM applications a JOIN clocks c ON c.application_id = a.id AND c.kind = 'statutory' AND c.status = 'stopped'
      WHERE a.status = 'open' AND a.reference IS NOT NULL LIMIT 1`,
  );
  await ctx.bench.db.query(`UPDATE applications SET access_code_hash = $2 WHERE id = $1`, [tracked.id, storedAccessCode(BENCH_ACCESS_CODE)]);

  const catalogue = await latencyOf(ctx, '/v1/permit-types', '', n);
  const standard = await latencyOf(ctx, '/v1/permit-types/pbg', '', n);
  const tracking = await latencyOf(ctx, `/v1/public/track/${encodeURIComponent(tracked.reference)}?code=${BENCH_ACCESS_CODE}`, '', Math.min(n, 25), 1);
  const stats = await latencyOf(ctx, '/v1/public/stats', '', n);
  ctx.log(`public: catalogue p95 ${catalogue.p95.toFixed(1)} ms, tracking p95 ${tracking.p95.toFixed(1)} ms`);
  const strip = ({ raw: _raw, ...s }: Awaited<ReturnType<typeof latencyOf>>): Record<string, number> => s;
  const rows: ResultRow[] = [
    latencyRow('public', 'catalogue list', catalogue, baseline, { p95Ms: 20 }),
    latencyRow('public', 'service standard (pbg)', standard, baseline),
    latencyRow('public', 'tracking by reference and code', tracking, baseline, { p95Ms: 20 }),
    latencyRow('public', 'public statistics', stats, baseline),
  ];
  return {
    scenario: 'public',
    rows,
    details: { trackedReference: tracked.reference, baseline: strip(baseline), catalogue: strip(catalogue), standard: strip(standard), tracking: strip(tracking), stats: strip(stats) },
  };
}
