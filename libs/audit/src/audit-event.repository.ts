import { SqlStatement } from '@tenggat/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import { HashedFields } from './audit-hash';

/** One stored event as the verifier reads it. */
export interface AuditEventRow {
  seq: string;
  stream: string;
  stream_seq: number;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
  data: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The one owner of the `audit_events` table (append-only: a trigger refuses UPDATE and DELETE).
 * Plain class: AuditService makes it from its DataSource, in Nest and in the CLI alike.
 */
export class AuditEventRepository {
  constructor(private readonly db: DataSource) {}

  /** Serialises appends to one stream until the caller's transaction ends; answers the transaction's isolation level. */
  async lockStream(m: EntityManager, stream: string): Promise<string> {
    const [row] = await m.query<{ isolation: string }[]>(
      `SELECT pg_advisory_xact_lock(hashtext($1)), current_setting('transaction_isolation') AS isolation`,
      [stream],
    );
    return row.isolation;
  }

  /** The stream's last link (null for an empty stream). */
  async lastLink(m: EntityManager, stream: string): Promise<{ streamSeq: number; hash: string } | null> {
    const rows = await m.query<{ stream_seq: number; hash: string }[]>(
      'SELECT stream_seq, hash FROM audit_events WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
      [stream],
    );
    return rows[0] ? { streamSeq: rows[0].stream_seq, hash: rows[0].hash } : null;
  }

  /** Serialises appends to these streams until the caller's transaction ends; always in one order, so two batches never deadlock. */
  async lockStreams(m: EntityManager, streams: readonly string[]): Promise<string> {
    const [row] = await m.query<{ isolation: string }[]>(
      `SELECT count(pg_advisory_xact_lock(hashtext(s))), current_setting('transaction_isolation') AS isolation
         FROM (SELECT DISTINCT unnest($1::text[]) AS s ORDER BY 1) x`,
      [[...streams]],
    );
    return row.isolation;
  }

  /**
   * The last link of each of these streams (absent for an empty stream), in one query. `notBefore`
   * (optional, per stream): an instant no later than some event already in that stream, so its
   * last link is at or after it and the months before it are not probed (run-time partition
   * pruning: at 1M cases, 1,000 heads in 19 ms instead of 460 ms).
   */
  async lastLinks(
    m: EntityManager,
    streams: readonly string[],
    notBefore?: ReadonlyMap<string, Date>,
  ): Promise<Map<string, { streamSeq: number; hash: string }>> {
    if (streams.length === 0) return new Map();
    const unique = [...new Set(streams)];
    const rows = await m.query<{ stream: string; stream_seq: number; hash: string }[]>(
      `SELECT s.stream, l.stream_seq, l.hash FROM unnest($1::text[], $2::timestamptz[]) AS s(stream, since)
         CROSS JOIN LATERAL (SELECT stream_seq, hash FROM audit_events e
                              WHERE e.stream = s.stream AND e.occurred_at >= COALESCE(s.since, '-infinity')
                              ORDER BY stream_seq DESC LIMIT 1) l`,
      [unique, unique.map((st) => notBefore?.get(st)?.toISOString() ?? null)],
    );
    return new Map(rows.map((r) => [r.stream, { streamSeq: r.stream_seq, hash: r.hash }]));
  }

  /** Inserts many links exactly as hashed, in one statement (in the order given); answers their seqs in that order. */
  async insertMany(m: EntityManager, links: readonly { fields: HashedFields; hash: string }[]): Promise<number[]> {
    if (links.length === 0) return [];
    const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));
    const col = <T>(f: (l: { fields: HashedFields; hash: string }) => T): T[] => links.map(f);
    const cols = 'stream, stream_seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, case_id, before, after, comment, data, request_id, prev_hash, hash';
    const rows = await m.query<{ stream: string; stream_seq: number; seq: string }[]>(
      `INSERT INTO audit_events (${cols})
       SELECT ${cols} FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::uuid[], $10::jsonb[], $11::jsonb[], $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[])
         WITH ORDINALITY AS x(${cols}, n)
       ORDER BY n
       RETURNING stream, stream_seq, seq`,
      [
        col((l) => l.fields.stream),
        col((l) => l.fields.streamSeq),
        col((l) => l.fields.occurredAt.toISOString()),
        col((l) => l.fields.actorId),
        col((l) => l.fields.actorRole),
        col((l) => l.fields.action),
        col((l) => l.fields.entityType),
        col((l) => l.fields.entityId),
        col((l) => l.fields.caseId),
        col((l) => json(l.fields.before)),
        col((l) => json(l.fields.after)),
        col((l) => l.fields.comment),
        col((l) => json(l.fields.data)),
        col((l) => l.fields.requestId),
        col((l) => l.fields.prevHash),
        col((l) => l.hash),
      ],
    );
    const seqOf = new Map(rows.map((r) => [`${r.stream}\u0000${r.stream_seq}`, Number(r.seq)]));
    return links.map((l) => seqOf.get(`${l.fields.stream}\u0000${l.fields.streamSeq}`) as number);
  }

  /** Inserts the next link exactly as hashed; answers its global sequence number. */
  async insert(m: EntityManager, fields: HashedFields, hash: string): Promise<number> {
    const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));
    const inserted = await m.query<{ seq: string }[]>(
      `INSERT INTO audit_events (stream, stream_seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
         case_id, before, after, comment, data, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       RETURNING seq`,
      [
        fields.stream,
        fields.streamSeq,
        fields.occurredAt,
        fields.actorId,
        fields.actorRole,
        fields.action,
        fields.entityType,
        fields.entityId,
        fields.caseId,
        json(fields.before),
        json(fields.after),
        fields.comment,
        json(fields.data),
        fields.requestId,
        fields.prevHash,
        hash,
      ],
    );
    return Number(inserted[0].seq);
  }

  /**
   * `lockStream` and `lastLink` in one statement. The head is read in the statement's snapshot,
   * which is taken before the lock is granted: when another append held the lock and committed
   * meanwhile, the head answered is one link behind. `insertIfNext` checks it under the lock.
   */
  async lockHead(m: EntityManager, stream: string): Promise<{ isolation: string; head: { streamSeq: number; hash: string } | null }> {
    const [row] = await m.query<{ isolation: string; stream_seq: number | null; hash: string | null }[]>(
      `SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked, current_setting('transaction_isolation') AS isolation, h.stream_seq, h.hash
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT stream_seq, hash FROM audit_events WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1) h ON true`,
      [stream],
    );
    return { isolation: row.isolation, head: row.stream_seq === null || row.hash === null ? null : { streamSeq: row.stream_seq, hash: row.hash } };
  }

  /**
   * `lockStream` as an SQL expression for a statement the caller sends earlier in its transaction
   * (the lock lasts until the transaction ends): a head read after it is exact.
   */
  lockSql(s: SqlStatement, stream: string): string {
    return `pg_advisory_xact_lock(hashtext(${s.param(stream, 'text')}))`;
  }

  /**
   * `lastLink` and the transaction's isolation level, for a stream an earlier statement locked (see
   * `lockSql`). `notBefore`: an instant no later than some event of the stream (the months before it
   * are pruned when the statement is planned).
   */
  async lockedHead(m: EntityManager, stream: string, notBefore?: Date): Promise<{ isolation: string; head: { streamSeq: number; hash: string } | null }> {
    const [row] = await m.query<{ isolation: string; stream_seq: number | null; hash: string | null }[]>(
      `SELECT current_setting('transaction_isolation') AS isolation, h.stream_seq, h.hash
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT stream_seq, hash FROM audit_events WHERE stream = $1 AND occurred_at >= $2 ORDER BY stream_seq DESC LIMIT 1) h ON true`,
      [stream, notBefore ?? '-infinity'],
    );
    return { isolation: row.isolation, head: row.stream_seq === null || row.hash === null ? null : { streamSeq: row.stream_seq, hash: row.hash } };
  }

  /**
   * Inserts the next link exactly as hashed, if it still is the next one: no link of the stream
   * at or after its `stream_seq` (this statement's snapshot is taken under the stream's lock, so
   * it sees every committed link). In the same statement, each companion adds what it writes
   * with the event (e.g. the outbox row), reading the event's `seq` from the CTE it is given
   * (one row, or none when the link was not inserted). Answers the global sequence number, or
   * null when the stream had moved on (read the head again and hash anew). `headIsExact`: the
   * head was read after the lock was taken (`lockSql`, `lockedHead`), the check is left out (it
   * plans a read of every monthly partition).
   */
  async insertIfNext(
    m: EntityManager,
    fields: HashedFields,
    hash: string,
    companions: readonly ((s: SqlStatement, auditRow: string) => void)[] = [],
    headIsExact = false,
  ): Promise<number | null> {
    const s = new SqlStatement();
    const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));
    const stream = s.param(fields.stream, 'text');
    const streamSeq = s.param(fields.streamSeq, 'int');
    const values = [
      stream,
      streamSeq,
      s.param(fields.occurredAt, 'timestamptz'),
      s.param(fields.actorId, 'uuid'),
      s.param(fields.actorRole, 'text'),
      s.param(fields.action, 'text'),
      s.param(fields.entityType, 'text'),
      s.param(fields.entityId, 'text'),
      s.param(fields.caseId, 'uuid'),
      s.param(json(fields.before), 'jsonb'),
      s.param(json(fields.after), 'jsonb'),
      s.param(fields.comment, 'text'),
      s.param(json(fields.data), 'jsonb'),
      s.param(fields.requestId, 'text'),
      s.param(fields.prevHash, 'text'),
      s.param(hash, 'text'),
    ];
    const auditRow = s.with(
      s.name('audit_row'),
      `INSERT INTO audit_events (stream, stream_seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
         case_id, before, after, comment, data, request_id, prev_hash, hash)
       SELECT ${values.join(', ')}
       ${headIsExact ? '' : `WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE stream = ${stream} AND stream_seq >= ${streamSeq})`}
       RETURNING seq`,
    );
    for (const add of companions) add(s, auditRow);
    const rows = await m.query<{ seq: string }[]>(s.text(`SELECT seq FROM ${auditRow}`), s.params);
    return rows[0] ? Number(rows[0].seq) : null;
  }

  /** Up to `limit` events in (stream, stream_seq) order after the cursor, of one stream or all. */
  async batch(stream: string | undefined, after: { stream: string; streamSeq: number } | undefined, limit: number): Promise<AuditEventRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (stream !== undefined) {
      params.push(stream);
      where.push(`stream = $${params.length}`);
    }
    if (after) {
      params.push(after.stream, after.streamSeq);
      where.push(`(stream, stream_seq) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    return this.db.query<AuditEventRow[]>(
      `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY stream, stream_seq LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Per stream, the last link an archived partition held (see `recordArchivedHeads`): the first
   * link still in the table must follow it.
   */
  async archivedHeads(streams: readonly string[]): Promise<Map<string, { streamSeq: number; hash: string }>> {
    if (streams.length === 0) return new Map();
    const rows = await this.db.query<{ stream: string; stream_seq: number; hash: string }[]>(
      'SELECT stream, stream_seq, hash FROM audit_archived_heads WHERE stream = ANY($1::text[])',
      [streams],
    );
    return new Map(rows.map((r) => [r.stream, { streamSeq: r.stream_seq, hash: r.hash }]));
  }

  /**
   * Before a monthly partition of audit_events is detached for the archive: records, per stream
   * it holds, its last link (a later partition archived later moves the boundary forward), in
   * the archiving transaction.
   */
  async recordArchivedHeads(m: EntityManager, partition: string, at: Date): Promise<number> {
    if (!/^audit_events_\d{4}_\d{2}$/.test(partition)) throw new Error(`not a monthly partition of audit_events: ${partition}`);
    const rows = await m.query<unknown[]>(
      `INSERT INTO audit_archived_heads (stream, stream_seq, hash, partition, archived_at)
       SELECT DISTINCT ON (stream) stream, stream_seq, hash, $1, $2 FROM "${partition}" ORDER BY stream, stream_seq DESC
       ON CONFLICT (stream) DO UPDATE SET stream_seq = EXCLUDED.stream_seq, hash = EXCLUDED.hash, partition = EXCLUDED.partition,
                                          archived_at = EXCLUDED.archived_at
        WHERE audit_archived_heads.stream_seq < EXCLUDED.stream_seq
       RETURNING stream`,
      [partition, at],
    );
    return rows.length;
  }

  /** A case's events in the order they were written. */
  async ofCase(caseId: string): Promise<AuditEvent[]> {
    return this.db.getRepository(AuditEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
  }
}
