import { MigrationInterface, QueryRunner } from "typeorm";

export class Cases1795802116766 implements MigrationInterface {
    name = 'Cases1795802116766'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "applications" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "permit_type_code" text NOT NULL,
                "permit_type_version" integer,
                "agency_code" text NOT NULL,
                "applicant_id" uuid NOT NULL,
                "state" text NOT NULL,
                "status" text NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "reference" text,
                "access_code_hash" text,
                "form" jsonb NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "outcome" text,
                "assignee_id" uuid,
                "assigned_at" TIMESTAMP WITH TIME ZONE,
                "reassignments" integer NOT NULL DEFAULT '0',
                "deficiency_notices" integer NOT NULL DEFAULT '0',
                "next_deadline_at" TIMESTAMP WITH TIME ZONE,
                "statutory_deadline_at" TIMESTAMP WITH TIME ZONE,
                "priority" smallint NOT NULL DEFAULT '1',
                "warned_at" TIMESTAMP WITH TIME ZONE,
                "breached_at" TIMESTAMP WITH TIME ZONE,
                "escalated_at" TIMESTAMP WITH TIME ZONE,
                "post_issuance_supervision" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_applications_reference" ON "applications" ("reference")
            WHERE reference IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_applications_queue" ON "applications" (
                "agency_code",
                "priority",
                "next_deadline_at",
                "id"
            )
            WHERE status = 'open'
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_applications_applicant" ON "applications" ("applicant_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "application_id" uuid NOT NULL,
                "requirement_code" text NOT NULL,
                "file_name" text NOT NULL,
                "media_type" text NOT NULL,
                "size_bytes" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "uploaded_by" uuid NOT NULL,
                "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "superseded_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_documents_current" ON "documents" ("application_id", "requirement_code")
            WHERE superseded_at IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_application" ON "documents" ("application_id", "requirement_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "permits" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "application_id" uuid NOT NULL,
                "permit_number" text NOT NULL,
                "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "valid_until" TIMESTAMP WITH TIME ZONE,
                "deemed_approval" boolean NOT NULL DEFAULT false,
                "decision" jsonb NOT NULL,
                CONSTRAINT "PK_e0f39993461b6ea160b4f42ac1c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_permits_number" ON "permits" ("permit_number")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_permits_application" ON "permits" ("application_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "reference_counters" (
                "scope" text NOT NULL,
                "year" integer NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "PK_f3e585bbade5e7c65c16216e344" PRIMARY KEY ("scope", "year")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "user_id" uuid NOT NULL,
                "scope" text NOT NULL,
                "key" text NOT NULL,
                "status_code" integer NOT NULL,
                "response" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_0e5a877e0cd296419232cea4e2e" PRIMARY KEY ("user_id", "scope", "key")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "agencies" (
                "code" text NOT NULL,
                "name" text NOT NULL,
                "calendar_id" text NOT NULL,
                "time_zone" text NOT NULL,
                "level" text,
                CONSTRAINT "PK_6acd8cc6374916c08b4d7f060c8" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "permit_types" (
                "code" text NOT NULL,
                "name" text NOT NULL,
                "agency_code" text NOT NULL,
                "current_version" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_32e1e97e10aa7205136f0f2c35b" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "permit_type_versions" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "code" text NOT NULL,
                "version" integer NOT NULL,
                "content_hash" character(64) NOT NULL,
                "definition" json NOT NULL,
                "source" text NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_bac2adc7dbe4215a17dde92e494" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_permit_type_versions_version" ON "permit_type_versions" ("code", "version")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "idx_permit_type_versions_hash" ON "permit_type_versions" ("code", "content_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "clocks" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "application_id" uuid NOT NULL,
                "agency_code" text NOT NULL,
                "permit_type_code" text NOT NULL,
                "kind" text NOT NULL,
                "state_name" text,
                "calendar_id" text NOT NULL,
                "budget_ms" bigint NOT NULL,
                "consumed_ms" bigint NOT NULL DEFAULT '0',
                "status" text NOT NULL,
                "run_started_at" TIMESTAMP WITH TIME ZONE,
                "deadline_at" TIMESTAMP WITH TIME ZONE,
                "warn_at" TIMESTAMP WITH TIME ZONE,
                "provisional" boolean NOT NULL DEFAULT false,
                "epoch" integer NOT NULL DEFAULT '1',
                "warned_at" TIMESTAMP WITH TIME ZONE,
                "breached_at" TIMESTAMP WITH TIME ZONE,
                "breach_late_ms" bigint,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "stops" integer NOT NULL DEFAULT '0',
                "stopped_ms" bigint NOT NULL DEFAULT '0',
                "stopped_at" TIMESTAMP WITH TIME ZONE,
                "on_timeout" text,
                CONSTRAINT "PK_6d0ea9761dab0136878c6ddffee" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clocks_breached_running" ON "clocks" ("kind", "permit_type_code")
            WHERE status = 'running'
                AND breached_at IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clocks_warning_due" ON "clocks" ("warn_at")
            WHERE status = 'running'
                AND warned_at IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clocks_deadline_due" ON "clocks" ("deadline_at")
            WHERE status = 'running'
                AND breached_at IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clocks_application" ON "clocks" ("application_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "clock_events" (
                "id" BIGSERIAL NOT NULL,
                "clock_id" uuid NOT NULL,
                "application_id" uuid NOT NULL,
                "clock_kind" text NOT NULL,
                "state_name" text,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "kind" text NOT NULL,
                "actor_id" uuid,
                "actor_role" text NOT NULL,
                "reason" text,
                "consumed_ms" bigint NOT NULL,
                "remaining_ms" bigint NOT NULL,
                "deadline_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_08ee1d588f22ec11fc7771c6a87" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_clock_events_application" ON "clock_events" ("application_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "calendars" (
                "id" text NOT NULL,
                "source" text NOT NULL,
                "content_hash" character(64) NOT NULL,
                "origin" text NOT NULL,
                "revision" integer NOT NULL DEFAULT '1',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_90dc0330e8ec9028e23c290dee8" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "calendars"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_clock_events_application"
        `);
        await queryRunner.query(`
            DROP TABLE "clock_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_clocks_application"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_clocks_deadline_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_clocks_warning_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_clocks_breached_running"
        `);
        await queryRunner.query(`
            DROP TABLE "clocks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_permit_type_versions_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_permit_type_versions_version"
        `);
        await queryRunner.query(`
            DROP TABLE "permit_type_versions"
        `);
        await queryRunner.query(`
            DROP TABLE "permit_types"
        `);
        await queryRunner.query(`
            DROP TABLE "agencies"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
        await queryRunner.query(`
            DROP TABLE "reference_counters"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_permits_application"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_permits_number"
        `);
        await queryRunner.query(`
            DROP TABLE "permits"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_documents_application"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_documents_current"
        `);
        await queryRunner.query(`
            DROP TABLE "documents"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_applications_applicant"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_applications_queue"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_applications_reference"
        `);
        await queryRunner.query(`
            DROP TABLE "applications"
        `);
    }

}
