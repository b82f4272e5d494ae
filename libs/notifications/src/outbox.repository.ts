import { Injectable } from '@nestjs/common';
import type { DispatchedEvent } from '@tenggat/applications';
import { InjectDataSource } from '@nestjs/typeorm';
import { SqlStatement } from '@tenggat/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, EventType } from './event-catalogue';

/** An event to write to the outbox. */
export interface NewOutboxEvent {
  type: EventType;
  schemaVersion: number;
  caseId: string | null;
  agencyCode: string | null;
  applicantId: string | null;
  roles: string[];
  occurredAt: Date;
  data: Record<string, unknown>;
  auditSeq?: number | null;
  dedupeKey?: string | null;
}

/**
 * One SLA breach flagged by set-based SQL (the deadline cliff flags thousands in one UPDATE, which
 * never passes through the per-event audit hook): the facts its `sla.breached` event carries.
 * Take them from the flagging statement's RETURNING clause.
 */
export interface FlaggedBreach {
  caseId: string;
  reference: string;
  permitType: string;
  agency: string;
  applicantId: string;
  /** The case's state when flagged. */
  state: string;
  /** Officer roles that work the case in that state (`officerRolesIn(definition, state)`): the live stream's scope. */
  roles: string[];
  clock: 'statutory' | 'state';
  /** The state a state SLA measures; null for the statutory clock. */
  clockState: string | null;
  deadline: Date;
  policy: 'flag' | 'escalate' | 'deemed-approval';
}

/** An outbox event as the relay and the readers use it. */
export interface OutboxRow {
  seq: string;
  id: string;
  type: EventType;
  schemaVersion: number;
  caseId: string | null;
  agencyCode: string | null;
  applicantId: string | null;
  roles: string[];
  occurredAt: Date;
  data: Record<string, unknown>;
  position: string | null;
}

interface RawRow {
  seq: string;
  id: string;
  type: EventType;
  schema_version: number;
  case_id: string | null;
  agency_code: string | null;
  applicant_id: string | null;
  roles: string[];
  occurred_at: Date;
  data: Record<string, unknown>;
  position: string | null;
}

const COLUMNS = 'seq, id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data, position';

const fromRaw = (r: RawRow): OutboxRow => ({
  seq: String(r.seq),
  id: r.id,
  type: r.type,
  schemaVersion: r.schema_version,
  caseId: r.case_id,
  agencyCode: r.agency_code,
  applicantId: r.applicant_id,
  roles: r.roles,
  occurredAt: r.occurred_at,
  data: r.data,
  position: r.position === null ? null : String(r.position),
});

/** The envelope every channel sends for a dispatched event. */
export function envelopeOf(r: OutboxRow): EventEnvelope {
  return {
    id: r.id,
    type: r.type,
    schemaVersion: r.schemaVersion,
    timestamp: r.occurredAt.toISOString(),
    position: r.position ?? '0',
    caseId: r.caseId,
    agency: r.agencyCode,
    data: r.data,
  };
}

/** What the relay publishes on the live channel for a dispatched row (see CaseEvents.publishDispatched). */
export const dispatchedOf = (r: OutboxRow): DispatchedEvent => ({ envelope: envelopeOf(r), applicantId: r.applicantId, roles: r.roles });

/** One key for the advisory lock that serialises dispatching (so positions commit in order). */
const DISPATCH_LOCK = 'tenggat:outbox:dispatch';

/** The outbox table's SQL. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Written in the caller's transaction. A derived event with a dedupe key already written is
   * skipped (false): the key goes first into `outbox_dedupe_keys` (unique there; the partitioned
   * outbox cannot hold a unique index without its partition key), and the row only with a new key.
   */
  async insert(m: EntityManager, e: NewOutboxEvent): Promise<boolean> {
    const rows = await m.query<{ seq: string }[]>(
      `WITH new_key AS (
         INSERT INTO outbox_dedupe_keys (dedupe_key, occurred_at) SELECT $11::text, $8::timestamptz WHERE $11::text IS NOT NULL
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key
       )
       INSERT INTO outbox_events (id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data, audit_seq, dedupe_key)
       SELECT $1::uuid, $2::text, $3::int, $4::uuid, $5::text, $6::uuid, $7::text[], $8::timestamptz, $9::jsonb, $10::bigint, $11::text
        WHERE $11::text IS NULL OR EXISTS (SELECT 1 FROM new_key)
       RETURNING seq`,
      [randomUUID(), e.type, e.schemaVersion, e.caseId, e.agencyCode, e.applicantId, e.roles, e.occurredAt, JSON.stringify(e.data), e.auditSeq ?? null, e.dedupeKey ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Many events in one statement, in the caller's transaction, in the order given (a batch of
   * audit events appended together: the deadline cliff's breaches and escalations). Dedupe keys
   * behave as in `insert`. Answers the number written.
   */
  async insertMany(m: EntityManager, events: readonly NewOutboxEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const batch = events.map((e, n) => ({
      n,
      id: randomUUID(),
      type: e.type,
      schemaVersion: e.schemaVersion,
      caseId: e.caseId,
      agencyCode: e.agencyCode,
      applicantId: e.applicantId,
      roles: e.roles,
      occurredAt: e.occurredAt.toISOString(),
      data: e.data,
      auditSeq: e.auditSeq ?? null,
      dedupeKey: e.dedupeKey ?? null,
    }));
    const rows = await m.query<{ seq: string }[]>(
      `WITH b AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, id uuid, type text, "schemaVersion" int, "caseId" uuid, "agencyCode" text,
                "applicantId" uuid, roles text[], "occurredAt" timestamptz, data jsonb, "auditSeq" bigint, "dedupeKey" text)
       ), new_key AS (
         INSERT INTO outbox_dedupe_keys (dedupe_key, occurred_at) SELECT DISTINCT ON ("dedupeKey") "dedupeKey", "occurredAt" FROM b WHERE "dedupeKey" IS NOT NULL
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key
       )
       INSERT INTO outbox_events (id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data, audit_seq, dedupe_key)
       SELECT b.id, b.type, b."schemaVersion", b."caseId", b."agencyCode", b."applicantId", b.roles, b."occurredAt", b.data, b."auditSeq", b."dedupeKey"
         FROM b WHERE b."dedupeKey" IS NULL OR b."dedupeKey" IN (SELECT dedupe_key FROM new_key)
        ORDER BY b.n
       RETURNING seq`,
      [JSON.stringify(batch)],
    );
    return rows.length;
  }

  /**
   * `insert` as CTEs of a statement another repository sends (the audit event's INSERT, see
   * `AuditService.appendAbout`): one outbox row for each row of the CTE `source`, whose `seq`
   * becomes the row's `audit_seq` (no row of `source`: nothing is written). Same dedupe rule.
   */
  insertWith(s: SqlStatement, e: NewOutboxEvent, source: string): void {
    const key = s.param(e.dedupeKey ?? null, 'text');
    const at = s.param(e.occurredAt, 'timestamptz');
    const newKey =
      e.dedupeKey == null
        ? null
        : s.with(
            s.name('outbox_key'),
            `INSERT INTO outbox_dedupe_keys (dedupe_key, occurred_at) SELECT ${key}, ${at} FROM ${source}
             ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
          );
    s.with(
      s.name('outbox_row'),
      `INSERT INTO outbox_events (id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data, audit_seq, dedupe_key)
       SELECT ${s.param(randomUUID(), 'uuid')}, ${s.param(e.type, 'text')}, ${s.param(e.schemaVersion, 'int')}, ${s.param(e.caseId, 'uuid')},
              ${s.param(e.agencyCode, 'text')}, ${s.param(e.applicantId, 'uuid')}, ${s.param(e.roles, 'text[]')}, ${at},
              ${s.param(JSON.stringify(e.data), 'jsonb')}, ${source}.seq, ${key}
         FROM ${source}${newKey ? ` WHERE EXISTS (SELECT 1 FROM ${newKey})` : ''}
       RETURNING seq`,
    );
  }

  /**
   * Set-based enqueue for the deadline cliff: one `sla.breached` outbox row per flagged breach, in
   * one INSERT ... SELECT over the batch, in the caller's transaction (call it in the transaction
   * that flags them, so the events commit or roll back with the flags). Idempotent: each breach has
   * a dedupe key (case, clock, state, deadline), so a retried batch writes nothing twice. The data
   * is exactly what the catalogue's `sla.breached` schema promises. Answers the number written.
   */
  async enqueueBreaches(m: EntityManager, breaches: FlaggedBreach[], flaggedAt: Date): Promise<number> {
    if (breaches.length === 0) return 0;
    const batch = breaches.map((b) => ({ ...b, deadline: b.deadline.toISOString(), lateMs: Math.max(0, flaggedAt.getTime() - b.deadline.getTime()) }));
    const rows = await m.query<{ seq: string }[]>(
      `WITH b AS (
         SELECT DISTINCT ON (key) *
           FROM (SELECT r.*, 'sla.breached:' || r."caseId" || ':' || r.clock || ':' || COALESCE(r."clockState", '') || ':' || r.deadline AS key
                   FROM jsonb_to_recordset($1::jsonb) AS r("caseId" uuid, reference text, "permitType" text, agency text, "applicantId" uuid, state text,
                                                           roles text[], clock text, "clockState" text, deadline text, "lateMs" bigint, policy text)) x
       ), new_key AS (
         INSERT INTO outbox_dedupe_keys (dedupe_key, occurred_at) SELECT key, $2 FROM b
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key
       )
       INSERT INTO outbox_events (id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data, audit_seq, dedupe_key)
       SELECT gen_random_uuid(), 'sla.breached', 1, b."caseId", b.agency, b."applicantId", b.roles, $2,
              jsonb_build_object('applicationId', b."caseId", 'reference', b.reference, 'permitType', b."permitType", 'agency', b.agency,
                                 'state', b.state, 'clock', b.clock, 'clockState', b."clockState", 'deadline', b.deadline,
                                 'lateMs', b."lateMs", 'policy', b.policy),
              NULL, b.key
         FROM b JOIN new_key k ON k.dedupe_key = b.key
       RETURNING seq`,
      [JSON.stringify(batch), flaggedAt],
    );
    return rows.length;
  }

  /**
   * Takes the next undispatched events in the order they were written and gives them their
   * positions, under a transaction-scoped lock so that positions become visible in order.
   */
  async dispatchBatch(m: EntityManager, limit: number, at: Date): Promise<OutboxRow[]> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DISPATCH_LOCK]);
    const [rows] = await m.query<[RawRow[], number]>(
      `WITH batch AS (
         SELECT seq, occurred_at, row_number() OVER (ORDER BY seq) AS n FROM outbox_events WHERE position IS NULL ORDER BY seq LIMIT $1
       ), base AS (SELECT COALESCE(MAX(position), 0) AS p FROM outbox_events)
       UPDATE outbox_events o SET position = base.p + batch.n, dispatched_at = $2
         FROM batch, base WHERE o.seq = batch.seq AND o.occurred_at = batch.occurred_at
       RETURNING ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
      [limit, at],
    );
    return rows.map(fromRaw).sort((a, b) => Number(a.position) - Number(b.position));
  }

  /** Dispatched events after a position, oldest first; `agency` null for every agency. */
  async feed(q: { agency: string | null; after: string; limit: number; types?: string[]; applicantId?: string }): Promise<OutboxRow[]> {
    const params: unknown[] = [q.after, q.limit];
    const where = ['position IS NOT NULL', 'position > $1'];
    if (q.agency !== null) {
      params.push(q.agency);
      where.push(`agency_code = $${params.length}`);
    }
    if (q.applicantId !== undefined) {
      params.push(q.applicantId);
      where.push(`applicant_id = $${params.length}`);
    }
    if (q.types?.length) {
      params.push(q.types);
      where.push(`type = ANY($${params.length})`);
    }
    const rows = await this.db.query<RawRow[]>(`SELECT ${COLUMNS} FROM outbox_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $2`, params);
    return rows.map(fromRaw);
  }

  /** Dispatched events (by id), for replays. */
  async byIds(ids: string[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<RawRow[]>(`SELECT ${COLUMNS} FROM outbox_events WHERE id = ANY($1::uuid[]) AND position IS NOT NULL ORDER BY position`, [ids]);
    return rows.map(fromRaw);
  }

  /**
   * Forgets the once-only keys of derived events that occurred in [from, to), when the outbox's
   * month is archived (`npm run history:archive`), so the key table stays as small as the outbox.
   */
  async forgetDedupeKeys(m: EntityManager, from: Date, to: Date): Promise<number> {
    const [, n] = await m.query<[unknown[], number]>('DELETE FROM outbox_dedupe_keys WHERE occurred_at >= $1 AND occurred_at < $2', [from, to]);
    return n;
  }

  /** The last position given (0 when none). */
  async lastPosition(): Promise<string> {
    const rows = await this.db.query<{ p: string }[]>('SELECT COALESCE(MAX(position), 0)::text AS p FROM outbox_events');
    return rows[0].p;
  }

  /** Undispatched events and the age of the oldest one (seconds; 0 when none). */
  async backlog(now: Date): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const rows = await this.db.query<{ n: number; oldest: Date | null }[]>(
      'SELECT count(*)::int AS n, MIN(occurred_at) AS oldest FROM outbox_events WHERE position IS NULL',
    );
    const oldest = rows[0]?.oldest;
    return { pending: rows[0]?.n ?? 0, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
  }
}
