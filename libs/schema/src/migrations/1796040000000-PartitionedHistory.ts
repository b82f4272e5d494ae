import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History that stays fast (issue 16): `audit_events`, `clock_events` and `outbox_events` become
 * partitioned by month (PARTITION BY RANGE on their time column), existing rows kept.
 *
 * Each table: rename the old one away, create the partitioned parent with the same columns
 * (its id sequence taken over, so ids go on where they were), monthly partitions from the
 * oldest row's month to 3 months ahead, a DEFAULT partition as the safety net (a row outside
 * every month still lands: the worker's maintenance job later moves such rows into their month
 * when it creates it), copy the rows, drop the old table.
 *
 * A primary key or unique constraint of a partitioned table must contain the partition key:
 *  - audit_events: PK (seq, occurred_at), unique (stream, stream_seq, occurred_at); the chain's
 *    order stays guarded by the per-stream advisory lock (AuditService.append);
 *  - clock_events: PK (id, at);
 *  - outbox_events: PK (seq, occurred_at); `id` and `position` keep plain indexes (ids are random
 *    uuids; positions are given under the dispatch lock), and the once-only `dedupe_key` moves
 *    to its own unpartitioned table `outbox_dedupe_keys` (ON CONFLICT needs a unique index on
 *    exactly that column).
 *
 * The archive manifest `history_archives` (what `npm run history:archive` detached, with its
 * row count and SHA-256) and `audit_archived_heads` (per stream, the last archived link: the
 * chain verification starts from it) are new.
 *
 * The copy is one INSERT ... SELECT per table: on a large installation run it in a maintenance
 * window (docs/scaling.md).
 */
export class PartitionedHistory1796040000000 implements MigrationInterface {
  name = 'PartitionedHistory1796040000000';

  public async up(q: QueryRunner): Promise<void> {
    // audit_events
    await q.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await q.query(`ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned"`);
    await q.query(`ALTER TABLE "audit_events_unpartitioned" RENAME CONSTRAINT "PK_audit_events" TO "PK_audit_events_unpartitioned"`);
    await q.query(`ALTER TABLE "audit_events_unpartitioned" RENAME CONSTRAINT "UQ_audit_events_stream_seq" TO "UQ_audit_events_unpartitioned_stream_seq"`);
    await q.query(`ALTER INDEX "IDX_audit_events_case_seq" RENAME TO "IDX_audit_events_unpartitioned_case_seq"`);
    await q.query(`
      CREATE TABLE "audit_events" (
        "seq" bigint NOT NULL DEFAULT nextval('audit_events_seq_seq'::regclass),
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
        CONSTRAINT "UQ_audit_events_stream_seq" UNIQUE ("stream", "stream_seq", "occurred_at"),
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("seq", "occurred_at")
      ) PARTITION BY RANGE ("occurred_at")
    `);
    await q.query(`ALTER SEQUENCE "audit_events_seq_seq" OWNED BY "audit_events"."seq"`);
    await q.query(`CREATE INDEX "IDX_audit_events_case_seq" ON "audit_events" ("case_id", "seq")`);
    await this.partition(q, 'audit_events', 'occurred_at', 'audit_events_append_only');
    await q.query(`INSERT INTO "audit_events" SELECT * FROM "audit_events_unpartitioned"`);
    await q.query(`DROP TABLE "audit_events_unpartitioned"`);
    await q.query(`
      CREATE TRIGGER "audit_events_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()
    `);
    await q.query(`
      CREATE TABLE "audit_archived_heads" (
        "stream" text NOT NULL,
        "stream_seq" integer NOT NULL,
        "hash" text NOT NULL,
        "partition" text NOT NULL,
        "archived_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_audit_archived_heads" PRIMARY KEY ("stream")
      )
    `);

    // clock_events
    await q.query(`ALTER TABLE "clock_events" RENAME TO "clock_events_unpartitioned"`);
    await q.query(`ALTER TABLE "clock_events_unpartitioned" RENAME CONSTRAINT "PK_08ee1d588f22ec11fc7771c6a87" TO "PK_clock_events_unpartitioned"`);
    await q.query(`ALTER INDEX "idx_clock_events_application" RENAME TO "idx_clock_events_unpartitioned_application"`);
    await q.query(`
      CREATE TABLE "clock_events" (
        "id" bigint NOT NULL DEFAULT nextval('clock_events_id_seq'::regclass),
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
        CONSTRAINT "PK_clock_events" PRIMARY KEY ("id", "at")
      ) PARTITION BY RANGE ("at")
    `);
    await q.query(`ALTER SEQUENCE "clock_events_id_seq" OWNED BY "clock_events"."id"`);
    await q.query(`CREATE INDEX "idx_clock_events_application" ON "clock_events" ("application_id", "id")`);
    await this.partition(q, 'clock_events', 'at');
    await q.query(`INSERT INTO "clock_events" SELECT * FROM "clock_events_unpartitioned"`);
    await q.query(`DROP TABLE "clock_events_unpartitioned"`);

    // outbox_events
    await q.query(`ALTER TABLE "outbox_events" RENAME TO "outbox_events_unpartitioned"`);
    await q.query(`ALTER TABLE "outbox_events_unpartitioned" RENAME CONSTRAINT "PK_outbox_events" TO "PK_outbox_events_unpartitioned"`);
    for (const idx of ['UQ_outbox_events_id', 'UQ_outbox_events_position', 'UQ_outbox_events_dedupe_key', 'IDX_outbox_events_undispatched', 'IDX_outbox_events_agency_position', 'IDX_outbox_events_occurred'])
      await q.query(`ALTER INDEX "${idx}" RENAME TO "${idx}_unpartitioned"`);
    await q.query(`
      CREATE TABLE "outbox_events" (
        "seq" bigint NOT NULL DEFAULT nextval('outbox_events_seq_seq'::regclass),
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
        CONSTRAINT "PK_outbox_events" PRIMARY KEY ("seq", "occurred_at")
      ) PARTITION BY RANGE ("occurred_at")
    `);
    await q.query(`ALTER SEQUENCE "outbox_events_seq_seq" OWNED BY "outbox_events"."seq"`);
    await q.query(`CREATE INDEX "IDX_outbox_events_occurred" ON "outbox_events" ("occurred_at")`);
    await q.query(`CREATE INDEX "IDX_outbox_events_agency_position" ON "outbox_events" ("agency_code", "position") WHERE position IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_outbox_events_undispatched" ON "outbox_events" ("seq") WHERE position IS NULL`);
    await q.query(`CREATE INDEX "IDX_outbox_events_position" ON "outbox_events" ("position")`);
    await q.query(`CREATE INDEX "IDX_outbox_events_id" ON "outbox_events" ("id")`);
    await this.partition(q, 'outbox_events', 'occurred_at');
    await q.query(`INSERT INTO "outbox_events" SELECT * FROM "outbox_events_unpartitioned"`);
    await q.query(`
      CREATE TABLE "outbox_dedupe_keys" (
        "dedupe_key" text NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_outbox_dedupe_keys" PRIMARY KEY ("dedupe_key")
      )
    `);
    await q.query(
      `INSERT INTO "outbox_dedupe_keys" (dedupe_key, occurred_at) SELECT dedupe_key, occurred_at FROM "outbox_events_unpartitioned" WHERE dedupe_key IS NOT NULL`,
    );
    await q.query(`DROP TABLE "outbox_events_unpartitioned"`);

    await q.query(`
      CREATE TABLE "history_archives" (
        "partition" text NOT NULL,
        "parent_table" text NOT NULL,
        "range_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "range_to" TIMESTAMP WITH TIME ZONE NOT NULL,
        "rows" bigint NOT NULL,
        "sha256" character(64) NOT NULL,
        "file" text NOT NULL,
        "archived_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_history_archives" PRIMARY KEY ("partition")
      )
    `);
  }

  /** The DEFAULT partition and one partition per month from the oldest row's month to 3 months ahead (UTC months). */
  private async partition(q: QueryRunner, table: string, column: string, statementTrigger?: string): Promise<void> {
    const [{ oldest }] = (await q.query(`SELECT min("${column}") AS oldest FROM "${table}_unpartitioned"`)) as { oldest: Date | null }[];
    const now = new Date();
    const first = oldest ? new Date(Math.min(oldest.getTime(), now.getTime())) : now;
    let month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
    const names = [`${table}_default`];
    await q.query(`CREATE TABLE "${table}_default" PARTITION OF "${table}" DEFAULT`);
    while (month <= last) {
      const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      const name = `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
      await q.query(`CREATE TABLE "${name}" PARTITION OF "${table}" FOR VALUES FROM ('${month.toISOString()}') TO ('${next.toISOString()}')`);
      names.push(name);
      month = next;
    }
    if (statementTrigger)
      for (const name of names)
        await q.query(
          `CREATE TRIGGER "${statementTrigger}" BEFORE UPDATE OR DELETE OR TRUNCATE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION "${statementTrigger}"()`,
        );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "history_archives"`);
    // outbox_events
    await q.query(`ALTER TABLE "outbox_events" RENAME TO "outbox_events_partitioned"`);
    await q.query(`ALTER TABLE "outbox_events_partitioned" RENAME CONSTRAINT "PK_outbox_events" TO "PK_outbox_events_partitioned"`);
    for (const idx of ['IDX_outbox_events_occurred', 'IDX_outbox_events_agency_position', 'IDX_outbox_events_undispatched', 'IDX_outbox_events_position', 'IDX_outbox_events_id'])
      await q.query(`ALTER INDEX "${idx}" RENAME TO "${idx}_partitioned"`);
    await q.query(`
      CREATE TABLE "outbox_events" (
        "seq" bigint NOT NULL DEFAULT nextval('outbox_events_seq_seq'::regclass),
        "id" uuid NOT NULL, "type" text NOT NULL, "schema_version" integer NOT NULL, "case_id" uuid, "agency_code" text,
        "applicant_id" uuid, "roles" text array NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "data" jsonb NOT NULL, "audit_seq" bigint, "dedupe_key" text, "position" bigint, "dispatched_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_outbox_events" PRIMARY KEY ("seq")
      )
    `);
    await q.query(`ALTER SEQUENCE "outbox_events_seq_seq" OWNED BY "outbox_events"."seq"`);
    await q.query(`INSERT INTO "outbox_events" SELECT * FROM "outbox_events_partitioned"`);
    await q.query(`DROP TABLE "outbox_events_partitioned"`);
    await q.query(`DROP TABLE "outbox_dedupe_keys"`);
    await q.query(`CREATE INDEX "IDX_outbox_events_occurred" ON "outbox_events" ("occurred_at")`);
    await q.query(`CREATE INDEX "IDX_outbox_events_agency_position" ON "outbox_events" ("agency_code", "position") WHERE position IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_outbox_events_undispatched" ON "outbox_events" ("seq") WHERE position IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_outbox_events_dedupe_key" ON "outbox_events" ("dedupe_key")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_outbox_events_position" ON "outbox_events" ("position")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_outbox_events_id" ON "outbox_events" ("id")`);

    // clock_events
    await q.query(`ALTER TABLE "clock_events" RENAME TO "clock_events_partitioned"`);
    await q.query(`ALTER TABLE "clock_events_partitioned" RENAME CONSTRAINT "PK_clock_events" TO "PK_clock_events_partitioned"`);
    await q.query(`ALTER INDEX "idx_clock_events_application" RENAME TO "idx_clock_events_partitioned_application"`);
    await q.query(`
      CREATE TABLE "clock_events" (
        "id" bigint NOT NULL DEFAULT nextval('clock_events_id_seq'::regclass),
        "clock_id" uuid NOT NULL, "application_id" uuid NOT NULL, "clock_kind" text NOT NULL, "state_name" text,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" text NOT NULL, "actor_id" uuid, "actor_role" text NOT NULL, "reason" text,
        "consumed_ms" bigint NOT NULL, "remaining_ms" bigint NOT NULL, "deadline_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_08ee1d588f22ec11fc7771c6a87" PRIMARY KEY ("id")
      )
    `);
    await q.query(`ALTER SEQUENCE "clock_events_id_seq" OWNED BY "clock_events"."id"`);
    await q.query(`INSERT INTO "clock_events" SELECT * FROM "clock_events_partitioned"`);
    await q.query(`DROP TABLE "clock_events_partitioned"`);
    await q.query(`CREATE INDEX "idx_clock_events_application" ON "clock_events" ("application_id", "id")`);

    // audit_events
    await q.query(`DROP TABLE "audit_archived_heads"`);
    await q.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
    await q.query(`ALTER TABLE "audit_events" RENAME TO "audit_events_partitioned"`);
    await q.query(`ALTER TABLE "audit_events_partitioned" RENAME CONSTRAINT "PK_audit_events" TO "PK_audit_events_partitioned"`);
    await q.query(`ALTER TABLE "audit_events_partitioned" RENAME CONSTRAINT "UQ_audit_events_stream_seq" TO "UQ_audit_events_partitioned_stream_seq"`);
    await q.query(`ALTER INDEX "IDX_audit_events_case_seq" RENAME TO "IDX_audit_events_partitioned_case_seq"`);
    await q.query(`
      CREATE TABLE "audit_events" (
        "seq" bigint NOT NULL DEFAULT nextval('audit_events_seq_seq'::regclass),
        "stream" text NOT NULL, "stream_seq" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid,
        "actor_role" text NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "case_id" uuid,
        "before" jsonb, "after" jsonb, "comment" text, "data" jsonb, "request_id" text, "prev_hash" text NOT NULL, "hash" text NOT NULL,
        CONSTRAINT "UQ_audit_events_stream_seq" UNIQUE ("stream", "stream_seq"),
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("seq")
      )
    `);
    await q.query(`ALTER SEQUENCE "audit_events_seq_seq" OWNED BY "audit_events"."seq"`);
    await q.query(`INSERT INTO "audit_events" SELECT * FROM "audit_events_partitioned"`);
    await q.query(`DROP TABLE "audit_events_partitioned"`);
    await q.query(`CREATE INDEX "IDX_audit_events_case_seq" ON "audit_events" ("case_id", "seq")`);
    await q.query(`
      CREATE TRIGGER "audit_events_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()
    `);
  }
}
