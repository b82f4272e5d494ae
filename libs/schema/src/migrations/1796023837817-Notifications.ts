import { MigrationInterface, QueryRunner } from "typeorm";

/** Notifications (issue 15): the outbox, webhook subscriptions and deliveries, mail, Idempotency-Key answers, and the users' language. */
export class Notifications1796023837817 implements MigrationInterface {
    name = 'Notifications1796023837817'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "seq" BIGSERIAL NOT NULL,
                "id" uuid NOT NULL,
                "type" text NOT NULL,
                "schema_version" integer NOT NULL,
                "case_id" uuid,
                "agency_code" text,
                "applicant_id" uuid,
                "roles" text array NOT NULL DEFAULT '{}',
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "data" jsonb NOT NULL,
                "audit_seq" bigint,
                "dedupe_key" text,
                "position" bigint,
                "dispatched_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_outbox_events" PRIMARY KEY ("seq")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_outbox_events_occurred" ON "outbox_events" ("occurred_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_outbox_events_agency_position" ON "outbox_events" ("agency_code", "position")
            WHERE position IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_outbox_events_undispatched" ON "outbox_events" ("seq")
            WHERE position IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_outbox_events_dedupe_key" ON "outbox_events" ("dedupe_key")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_outbox_events_position" ON "outbox_events" ("position")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_outbox_events_id" ON "outbox_events" ("id")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_subscriptions" (
                "id" uuid NOT NULL,
                "url" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "agency_code" text,
                "event_types" text array NOT NULL DEFAULT '{}',
                "secret" text NOT NULL,
                "previous_secret" text,
                "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE,
                "enabled" boolean NOT NULL DEFAULT true,
                "disabled_reason" text,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "failing_since" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_webhook_subscriptions_agency" ON "webhook_subscriptions" ("agency_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" BIGSERIAL NOT NULL,
                "subscription_id" uuid NOT NULL,
                "event_id" uuid NOT NULL,
                "event_position" bigint NOT NULL,
                "order_key" text NOT NULL,
                "status" text NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "first_attempt_at" TIMESTAMP WITH TIME ZONE,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "last_status" integer,
                "last_error" text,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "replay" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_webhook_deliveries_event" ON "webhook_deliveries" ("event_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_webhook_deliveries_log" ON "webhook_deliveries" ("subscription_id", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_webhook_deliveries_order" ON "webhook_deliveries" ("subscription_id", "order_key", "event_position")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at", "id")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE TABLE "mail_messages" (
                "id" uuid NOT NULL,
                "dedupe_key" text NOT NULL,
                "event_id" uuid,
                "case_id" uuid,
                "user_id" uuid,
                "to_address" text NOT NULL,
                "language" text NOT NULL,
                "template" text NOT NULL,
                "subject" text NOT NULL,
                "body_text" text NOT NULL,
                "status" text NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "last_error" text,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_mail_messages" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_mail_messages_created" ON "mail_messages" ("created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_mail_messages_due" ON "mail_messages" ("next_attempt_at")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_mail_messages_dedupe_key" ON "mail_messages" ("dedupe_key")
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "language" text NOT NULL DEFAULT 'id'
        `);
        await queryRunner.query(`
            CREATE TABLE "idempotent_requests" (
                "user_id" uuid NOT NULL,
                "key" text NOT NULL,
                "request" text NOT NULL,
                "fingerprint" text,
                "state" text NOT NULL,
                "status_code" integer,
                "response" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_idempotent_requests" PRIMARY KEY ("user_id", "key")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_idempotent_requests_created" ON "idempotent_requests" ("created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_idempotent_requests_created"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotent_requests"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "language"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_mail_messages_dedupe_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_mail_messages_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_mail_messages_created"
        `);
        await queryRunner.query(`
            DROP TABLE "mail_messages"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_deliveries_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_deliveries_order"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_deliveries_log"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_deliveries_event"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_subscriptions_agency"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_subscriptions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_outbox_events_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_outbox_events_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_outbox_events_dedupe_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_events_undispatched"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_events_agency_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_events_occurred"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    }

}
