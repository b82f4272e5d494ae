import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The zone whose months the roll-ups (and the statistics) use. */
export const ROLLUP_ZONE = 'Asia/Jakarta';

/** One tenth of a working day, the bucket of the working-days distribution. */
export const WORKING_DAYS_BUCKET_MS = 8_640_000;

const merge = (col: string): string =>
  `(SELECT COALESCE(jsonb_object_agg(k, s), '{}') FROM (SELECT k, sum(v::int) AS s FROM (SELECT * FROM jsonb_each_text(r.${col})
      UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.${col})) e(k, v) GROUP BY k) t)`;

/**
 * Rolls the closed cases the condition selects up into `case_decision_rollups`, merged into
 * the rows already there: one statement whatever the number of cases.
 */
const rollUp = (where: string): string => `
  WITH c AS (
    SELECT date_trunc('month', a.closed_at AT TIME ZONE '${ROLLUP_ZONE}')::date AS month, a.agency_code, a.permit_type_code, a.outcome,
           a.breached_at IS NOT NULL AS breached, a.escalated_at IS NOT NULL AS escalated, a.post_issuance_supervision AS deemed,
           a.deficiency_notices AS notices, s.consumed_ms, s.stopped_ms,
           floor(s.consumed_ms / ${WORKING_DAYS_BUCKET_MS}.0)::int AS wd, GREATEST(0, ceil((s.consumed_ms - s.budget_ms) / 86400000.0))::int AS late
      FROM applications a
      LEFT JOIN LATERAL (SELECT c.consumed_ms, c.stopped_ms, c.budget_ms FROM clocks c
                          WHERE c.application_id = a.id AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1) s ON true
     WHERE ${where} AND a.status = 'closed' AND a.outcome IS NOT NULL AND a.closed_at IS NOT NULL
  ),
  wd AS (SELECT month, agency_code, permit_type_code, outcome, jsonb_object_agg(wd::text, n) AS h
           FROM (SELECT month, agency_code, permit_type_code, outcome, wd, count(*)::int AS n FROM c WHERE wd IS NOT NULL GROUP BY 1, 2, 3, 4, 5) x
          GROUP BY 1, 2, 3, 4),
  late AS (SELECT month, agency_code, permit_type_code, outcome, jsonb_object_agg(late::text, n) AS h
             FROM (SELECT month, agency_code, permit_type_code, outcome, late, count(*)::int AS n FROM c WHERE late > 0 GROUP BY 1, 2, 3, 4, 5) x
            GROUP BY 1, 2, 3, 4),
  g AS (SELECT month, agency_code, permit_type_code, outcome, count(*)::int AS cases, count(*) FILTER (WHERE NOT breached)::int AS on_time,
               count(*) FILTER (WHERE breached)::int AS breaches, count(*) FILTER (WHERE escalated)::int AS escalations,
               count(*) FILTER (WHERE deemed)::int AS deemed, COALESCE(sum(notices), 0)::int AS notices, count(consumed_ms)::int AS timed,
               COALESCE(sum(consumed_ms), 0)::bigint AS consumed_ms, COALESCE(sum(stopped_ms), 0)::bigint AS stopped_ms
          FROM c GROUP BY 1, 2, 3, 4)
  INSERT INTO case_decision_rollups AS r (month, agency_code, permit_type_code, outcome, cases, on_time, breaches, escalations, deemed,
                                          deficiency_notices, timed_cases, consumed_ms, stopped_ms, working_days, days_late)
  SELECT g.month, g.agency_code, g.permit_type_code, g.outcome, g.cases, g.on_time, g.breaches, g.escalations, g.deemed,
         g.notices, g.timed, g.consumed_ms, g.stopped_ms, COALESCE(wd.h, '{}'), COALESCE(late.h, '{}')
    FROM g LEFT JOIN wd USING (month, agency_code, permit_type_code, outcome) LEFT JOIN late USING (month, agency_code, permit_type_code, outcome)
  ON CONFLICT (month, agency_code, permit_type_code, outcome) DO UPDATE SET
    cases = r.cases + EXCLUDED.cases, on_time = r.on_time + EXCLUDED.on_time, breaches = r.breaches + EXCLUDED.breaches,
    escalations = r.escalations + EXCLUDED.escalations, deemed = r.deemed + EXCLUDED.deemed,
    deficiency_notices = r.deficiency_notices + EXCLUDED.deficiency_notices, timed_cases = r.timed_cases + EXCLUDED.timed_cases,
    consumed_ms = r.consumed_ms + EXCLUDED.consumed_ms, stopped_ms = r.stopped_ms + EXCLUDED.stopped_ms,
    working_days = ${merge('working_days')}, days_late = ${merge('days_late')}`;

/**
 * The one owner of `case_decision_rollups`. A case is rolled up once, when it closes, in the
 * transaction that closes it (after its statutory clock has finished), so the roll-ups are
 * exactly as committed as the decisions. Batches (deemed approvals or decisions of many cases
 * at once) call `record` once with every id: one statement for the whole batch.
 */
@Injectable()
export class DecisionRollupRepository {
  /** Adds the cases (closed in the caller's transaction, not rolled up before) to their month's row. */
  async record(m: EntityManager, caseIds: readonly string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await m.query(rollUp('a.id = ANY($1::uuid[])'), [[...caseIds]]);
  }

  /** Rebuilds every roll-up from the closed cases (after a bulk load; the bench seeder passes its own client). */
  async rebuild(m: { query(sql: string, params?: unknown[]): Promise<unknown> }): Promise<void> {
    await m.query('DELETE FROM case_decision_rollups');
    await m.query(rollUp('TRUE'));
  }
}
