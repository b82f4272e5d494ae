import { MigrationInterface, QueryRunner } from "typeorm";

export class Oversight1795802680410 implements MigrationInterface {
    name = 'Oversight1795802680410'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "complaints" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "application_id" uuid NOT NULL,
                "applicant_id" uuid NOT NULL,
                "agency_code" text NOT NULL,
                "category" text NOT NULL,
                "description" text NOT NULL,
                "status" text NOT NULL,
                "findings" text,
                "handled_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_4b7566a2a489c2cc7c12ed076ad" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_complaints_agency" ON "complaints" ("agency_code", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_complaints_application" ON "complaints" ("application_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_applications_closed" ON "applications" ("closed_at")
            WHERE status = 'closed'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clocks_statutory_overdue" ON "clocks" ("deadline_at")
            WHERE kind = 'statutory'
                AND (
                    status = 'running'
                    OR breached_at IS NOT NULL
                )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."idx_clocks_statutory_overdue"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_applications_closed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_application"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_complaints_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "complaints"
        `);
    }

}
