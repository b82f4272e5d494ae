import { MigrationInterface, QueryRunner } from "typeorm";

export class CaseFees1796033147383 implements MigrationInterface {
    name = 'CaseFees1796033147383'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_status" text
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_reference" text
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_channel" text
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_waiver_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_settled_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "fee_settled_by" uuid
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_settled_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_settled_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_waiver_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_channel"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_reference"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "fee_status"
        `);
    }

}
