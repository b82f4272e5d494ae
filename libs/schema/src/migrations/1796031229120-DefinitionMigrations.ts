import { MigrationInterface, QueryRunner } from "typeorm";

export class DefinitionMigrations1796031229120 implements MigrationInterface {
    name = 'DefinitionMigrations1796031229120'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "permit_type_migrations" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "permit_type_code" text NOT NULL,
                "from_version" integer NOT NULL,
                "to_version" integer NOT NULL,
                "state_map" jsonb NOT NULL,
                "filter" jsonb NOT NULL,
                "reason" text,
                "status" text NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "applied_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_9e8dc5283798fb5d6e33cfd0cd5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_permit_type_migrations_code" ON "permit_type_migrations" ("permit_type_code", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "permit_type_migration_results" (
                "plan_id" uuid NOT NULL,
                "application_id" uuid NOT NULL,
                "reference" text,
                "outcome" text NOT NULL,
                "reason" text,
                "message" text,
                "from_state" text NOT NULL,
                "to_state" text,
                "clocks" jsonb NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_a08cc772810b1ce71c0c6e1f449" PRIMARY KEY ("plan_id", "application_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_permit_type_migration_results_outcome" ON "permit_type_migration_results" ("plan_id", "outcome")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."idx_permit_type_migration_results_outcome"
        `);
        await queryRunner.query(`
            DROP TABLE "permit_type_migration_results"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_permit_type_migrations_code"
        `);
        await queryRunner.query(`
            DROP TABLE "permit_type_migrations"
        `);
    }

}
