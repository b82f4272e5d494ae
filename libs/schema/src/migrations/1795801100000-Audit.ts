import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit: the append-only, hash-chained event log (libs/audit AuditEvent), and a trigger that
 * refuses UPDATE, DELETE and TRUNCATE on it.
 */
export class Audit1795801100000 implements MigrationInterface {
  name = 'Audit1795801100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_events" (
        "seq" BIGSERIAL NOT NULL,
        "stream" text NOT NULL,
        "stream_seq" integer NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "actor_id" uuid,
        "actor_role" text NOT NULL,
        "action" text NOT NULL,
        "entity_type" text NOT NULL,
        "entity_id" text NOT NULL,
        "case_id" uuid,
        "before" jsonb,
        "after" jsonb,
        "comment" text,
        "data" jsonb,
        "request_id" text,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "UQ_audit_events_stream_seq" UNIQUE ("stream", "stream_seq"),
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("seq")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_case_seq" ON "audit_events" ("case_id", "seq")`);
    await queryRunner.query(`
      CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING HINT = 'audit events are never changed or removed; append a correcting event instead';
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "audit_events_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_case_seq"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
