import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ombudsman's dashboard at a million cases (issue 14): its decided-case figures read the
 * decision roll-ups; what it counts by the date of an event reads these partial indexes,
 * index-only (the filter columns are included):
 *
 * - `idx_applications_breached_at`, `idx_applications_escalated_at`: breaches and escalations
 *   whose instant falls in the period, per agency and permit type;
 * - `idx_applications_deemed`: deemed approvals (closed by law, awaiting post-issuance
 *   supervision) by their closing instant, and the oldest of them first;
 * - `idx_applications_submitted`: the cases submitted in the period with their deficiency
 *   notices (notices per case and the share at the cap).
 *
 * Written by hand (INCLUDE): the entity marks them `synchronize: false`.
 */
export class DashboardIndexes1796034000000 implements MigrationInterface {
  name = 'DashboardIndexes1796034000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_applications_breached_at" ON "applications" ("breached_at") INCLUDE ("agency_code", "permit_type_code") WHERE "breached_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_escalated_at" ON "applications" ("escalated_at") INCLUDE ("agency_code", "permit_type_code") WHERE "escalated_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_deemed" ON "applications" ("closed_at", "id") INCLUDE ("agency_code", "permit_type_code") WHERE "post_issuance_supervision"`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_applications_submitted" ON "applications" ("submitted_at") INCLUDE ("agency_code", "permit_type_code", "deficiency_notices") WHERE "submitted_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['idx_applications_submitted', 'idx_applications_deemed', 'idx_applications_escalated_at', 'idx_applications_breached_at']) {
      await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
    }
  }
}
