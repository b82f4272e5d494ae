import { MigrationInterface, QueryRunner } from "typeorm";

export class WhatIfRuns1796031809771 implements MigrationInterface {
    name = 'WhatIfRuns1796031809771'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "whatif_runs" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "status" text NOT NULL,
                "requested_by" uuid,
                "input" jsonb NOT NULL,
                "permit_type_code" text,
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "total" integer,
                "done" integer NOT NULL DEFAULT '0',
                "report" jsonb,
                "error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_35ab375362505ad7aff5ecfe7c9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_whatif_runs_created" ON "whatif_runs" ("created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."idx_whatif_runs_created"
        `);
        await queryRunner.query(`
            DROP TABLE "whatif_runs"
        `);
    }

}
