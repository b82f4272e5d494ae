import { Injectable } from '@nestjs/common';
import { ReadReplica } from '@tenggat/platform';

/** One roll-up row: the cases of one agency and permit type closed with one outcome in one month (WIB). */
export interface DecisionRollup {
  /** `YYYY-MM` */
  month: string;
  agency: string;
  permitType: string;
  outcome: 'approved' | 'rejected' | 'withdrawn';
  cases: number;
  onTime: number;
  breaches: number;
  escalations: number;
  deemed: number;
  deficiencyNotices: number;
  /** Cases with a statutory clock (the ones the time figures describe). */
  timedCases: number;
  consumedMs: number;
  stoppedMs: number;
  /** Consumed working time in tenths of a working day -> cases. */
  workingDays: Record<string, number>;
  /** Whole working days over the budget (> 0) -> cases. */
  daysLate: Record<string, number>;
}

export interface DecisionRollupFilter {
  /** First month, `YYYY-MM` (inclusive). */
  from: string;
  /** Last month, `YYYY-MM` (inclusive). */
  to: string;
  agency?: string;
  permitType?: string;
  outcomes?: readonly DecisionRollup['outcome'][];
}

interface Raw {
  month: string;
  agency_code: string;
  permit_type_code: string;
  outcome: DecisionRollup['outcome'];
  cases: number;
  on_time: number;
  breaches: number;
  escalations: number;
  deemed: number;
  deficiency_notices: number;
  timed_cases: number;
  consumed_ms: string;
  stopped_ms: string;
  working_days: Record<string, number>;
  days_late: Record<string, number>;
}

/**
 * The decision roll-ups (`case_decision_rollups`, kept by the applications module in the
 * transaction of every decision): monthly figures per agency, permit type and outcome. The
 * compliance statistics read them, and so can any dashboard (trend by month; per agency,
 * permit type or zone; on-time, breaches, escalations, deemed approvals; the distribution of
 * working days, with `percentileOf`). A year at a million cases is a few hundred rows.
 */
@Injectable()
export class DecisionRollupReadModel {
  constructor(private readonly replica: ReadReplica) {}

  async rows(f: DecisionRollupFilter): Promise<DecisionRollup[]> {
    const params: unknown[] = [`${f.from}-01`, `${f.to}-01`];
    const where = ['r.month >= $1::date', 'r.month <= $2::date'];
    if (f.agency) where.push(`r.agency_code = $${params.push(f.agency)}`);
    if (f.permitType) where.push(`r.permit_type_code = $${params.push(f.permitType)}`);
    if (f.outcomes) where.push(`r.outcome = ANY($${params.push([...f.outcomes])}::text[])`);
    const rows = await this.replica.query<Raw[]>(
      `SELECT to_char(r.month, 'YYYY-MM') AS month, r.agency_code, r.permit_type_code, r.outcome, r.cases, r.on_time, r.breaches, r.escalations,
              r.deemed, r.deficiency_notices, r.timed_cases, r.consumed_ms, r.stopped_ms, r.working_days, r.days_late
         FROM case_decision_rollups r
        WHERE ${where.join(' AND ')}
        ORDER BY r.month, r.agency_code, r.permit_type_code, r.outcome`,
      params,
    );
    return rows.map((r) => ({
      month: r.month,
      agency: r.agency_code,
      permitType: r.permit_type_code,
      outcome: r.outcome,
      cases: r.cases,
      onTime: r.on_time,
      breaches: r.breaches,
      escalations: r.escalations,
      deemed: r.deemed,
      deficiencyNotices: r.deficiency_notices,
      timedCases: r.timed_cases,
      consumedMs: Number(r.consumed_ms),
      stoppedMs: Number(r.stopped_ms),
      workingDays: r.working_days,
      daysLate: r.days_late,
    }));
  }
}

/** Adds distributions (`{"15": 3}` + `{"15": 1, "20": 2}`). */
export function mergeDistributions(...hs: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hs) for (const [k, n] of Object.entries(h)) out[k] = (out[k] ?? 0) + n;
  return out;
}

/**
 * The f-quantile of a distribution of tenths of a working day, in working days, interpolated
 * between neighbours as `percentile_cont` does (null when empty).
 */
export function percentileOf(h: Record<string, number>, f: number): number | null {
  const buckets = Object.entries(h)
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const pos = f * (total - 1);
  const at = (i: number): number => {
    let seen = 0;
    for (const [k, n] of buckets) {
      seen += n;
      if (i < seen) return k;
    }
    return buckets[buckets.length - 1][0];
  };
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const v = at(lo) + (at(hi) - at(lo)) * (pos - lo);
  return v / 10;
}
