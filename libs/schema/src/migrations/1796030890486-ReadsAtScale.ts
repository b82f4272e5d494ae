import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hot reads at a million cases (issue 12, see docs/queries.md):
 *
 * - `idx_applications_queue` is rebuilt on `COALESCE(next_deadline_at, 'infinity')`: the same
 *   order as `next_deadline_at NULLS LAST`, with no NULL in the key, so a keyset cursor
 *   `(priority, deadline, id) > (...)` is one index range and a deep page costs what the first does.
 * - `idx_applications_queue_count` serves the queue's (capped) count as an index-only scan. Its
 *   predicate carries `priority >= 0`, which only the count statement states: the page
 *   statements cannot use it, so their plan stays the ordered walk of `idx_applications_queue`.
 * - `idx_applications_overdue_open`, `idx_applications_due_unflagged` and
 *   `idx_applications_breached` drive the overdue list from `applications` (where
 *   `statutory_deadline_at` and `breached_at` already are) in deadline order, with the filter
 *   columns included for index-only pages and counts.
 * - `case_decision_rollups`, back-filled from the closed cases (the same statement as
 *   `DecisionRollupRepository.record`, for every closed case).
 *
 * The indexes are written by hand (expressions, INCLUDE): the entity marks them
 * `synchronize: false`, so the drift check ignores them.
 */
export class ReadsAtScale1796030890486 implements MigrationInterface {
  name = 'ReadsAtScale1796030890486';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_queue"`);
    await queryRunner.query(
      `CREATE INDEX "idx_applications_queue" ON "applications" ("agency_code", "priority", (COALESCE("next_deadline_at", 'infinity'::timestamptz)), "id")
        WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_queue_count" ON "applications" ("agency_code", "permit_type_code", "state", "assignee_id")
        INCLUDE ("breached_at", "warned_at", "escalated_at") WHERE "status" = 'open' AND "priority" >= 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_overdue_open" ON "applications" ("statutory_deadline_at", "id")
        INCLUDE ("agency_code", "permit_type_code", "state", "escalated_at") WHERE "status" = 'open' AND "breached_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_due_unflagged" ON "applications" ("statutory_deadline_at", "id")
        INCLUDE ("agency_code", "permit_type_code", "state", "escalated_at") WHERE "status" = 'open' AND "breached_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_breached" ON "applications" ("statutory_deadline_at", "id")
        INCLUDE ("agency_code", "permit_type_code", "state", "status", "escalated_at") WHERE "breached_at" IS NOT NULL`,
    );
    await queryRunner.query(`
            CREATE TABLE "case_decision_rollups" (
                "month" date NOT NULL,
                "agency_code" text NOT NULL,
                "permit_type_code" text NOT NULL,
                "outcome" text NOT NULL,
                "cases" integer NOT NULL DEFAULT '0',
                "on_time" integer NOT NULL DEFAULT '0',
                "breaches" integer NOT NULL DEFAULT '0',
                "escalations" integer NOT NULL DEFAULT '0',
                "deemed" integer NOT NULL DEFAULT '0',
                "deficiency_notices" integer NOT NULL DEFAULT '0',
                "timed_cases" integer NOT NULL DEFAULT '0',
                "consumed_ms" bigint NOT NULL DEFAULT '0',
                "stopped_ms" bigint NOT NULL DEFAULT '0',
                "working_days" jsonb NOT NULL DEFAULT '{}',
                "days_late" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_9025ac07741a8de2d636cbc86a2" PRIMARY KEY (
                    "month",
                    "agency_code",
                    "permit_type_code",
                    "outcome"
                )
            )
        `);
    // the back-fill: every closed case, grouped once (the table is empty, so no merge is needed)
    await queryRunner.query(`
      WITH c AS (
        SELECT date_trunc('month', a.closed_at AT TIME ZONE 'Asia/Jakarta')::date AS month, a.agency_code, a.permit_type_code, a.outcome,
               a.breached_at IS NOT NULL AS breached, a.escalated_at IS NOT NULL AS escalated, a.post_issuance_supervision AS deemed,
               a.deficiency_notices AS notices, s.consumed_ms, s.stopped_ms,
               floor(s.consumed_ms / 8640000.0)::int AS wd, GREATEST(0, ceil((s.consumed_ms - s.budget_ms) / 86400000.0))::int AS late
          FROM applications a
          LEFT JOIN LATERAL (SELECT c.consumed_ms, c.stopped_ms, c.budget_ms FROM clocks c
                              WHERE c.application_id = a.id AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1) s ON true
         WHERE a.status = 'closed' AND a.outcome IS NOT NULL AND a.closed_at IS NOT NULL
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
      INSERT INTO case_decision_rollups (month, agency_code, permit_type_code, outcome, cases, on_time, breaches, escalations, deemed,
                                         deficiency_notices, timed_cases, consumed_ms, stopped_ms, working_days, days_late)
      SELECT g.month, g.agency_code, g.permit_type_code, g.outcome, g.cases, g.on_time, g.breaches, g.escalations, g.deemed,
             g.notices, g.timed, g.consumed_ms, g.stopped_ms, COALESCE(wd.h, '{}'), COALESCE(late.h, '{}')
        FROM g LEFT JOIN wd USING (month, agency_code, permit_type_code, outcome) LEFT JOIN late USING (month, agency_code, permit_type_code, outcome)`);
    await queryRunner.query(`ANALYZE "applications"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_decision_rollups"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_breached"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_due_unflagged"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_overdue_open"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_queue_count"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "idx_applications_queue"`);
    await queryRunner.query(
      `CREATE INDEX "idx_applications_queue" ON "applications" ("agency_code", "priority", "next_deadline_at", "id") WHERE "status" = 'open'`,
    );
  }
}
