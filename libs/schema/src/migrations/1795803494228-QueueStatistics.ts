import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extended statistics for the officer queue. The queue filters on agency, permit type, state
 * and status together, and those columns are strongly correlated (an agency publishes its own
 * permit types; open cases are in non-final states). Without these statistics the planner
 * multiplies the selectivities as if independent, underestimates the matching rows by one or
 * two orders of magnitude, and answers a filtered queue with a bitmap scan of the whole agency
 * plus a sort instead of walking idx_applications_queue in order and stopping at the page
 * (see docs/queries.md). TypeORM does not model statistics objects, so this migration is
 * written by hand; the drift check ignores it.
 */
export class QueueStatistics1795803494228 implements MigrationInterface {
  name = 'QueueStatistics1795803494228';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE STATISTICS IF NOT EXISTS "stx_applications_queue" (mcv, dependencies) ON "agency_code", "permit_type_code", "state", "status" FROM "applications"`,
    );
    await queryRunner.query(`ANALYZE "applications"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS IF EXISTS "stx_applications_queue"`);
  }
}
