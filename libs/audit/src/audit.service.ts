import { Injectable, Optional } from '@nestjs/common';
import { DomainError, RequestContext, SqlStatement } from '@tenggat/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventRepository, AuditEventRow } from './audit-event.repository';
import { AuditListeners } from './audit-listeners';
import { chainLinks, GENESIS_HASH, hashEvent, HashedFields, storableText, toJsonValue } from './audit-hash';
import { AppendedEvent, AUDIT_STREAM_NAME, AuditEntry, AuditEventView, BrokenLink, VerifyResult } from './audit.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERIFY_BATCH = 1000;
/** Broken streams listed in full by one verification (all are counted). */
const MAX_REPORTED = 1000;
/** The largest stream_seq (int4): a cursor past every event of a stream. */
const END_OF_STREAM = 2147483647;

function uuidOrNull(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!UUID.test(value)) throw new Error(`audit: ${field} must be a uuid, got ${JSON.stringify(value)}`);
  return value.toLowerCase(); // Postgres prints uuids in lower case: hash what it will give back
}

function required(value: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`audit: ${field} is required`);
  return storableText(value, field);
}

const optionalText = (value: string | null | undefined, field: string): string | null =>
  value === null || value === undefined ? null : storableText(value, field);

const fieldsOf = (r: AuditEventRow): HashedFields => ({
  stream: r.stream,
  streamSeq: r.stream_seq,
  occurredAt: r.occurred_at,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  caseId: r.case_id,
  before: r.before,
  after: r.after,
  comment: r.comment,
  data: r.data,
  requestId: r.request_id,
  prevHash: r.prev_hash,
});

/** An entry checked and normalised as it will be stored, without its place in the chain. */
function unlinkedFields(e: AuditEntry): Omit<HashedFields, 'streamSeq' | 'prevHash'> {
  const stream = required(e.stream, 'stream');
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) throw new Error('audit: at must be a valid Date');
  return {
    stream,
    occurredAt: new Date(e.at.getTime()),
    actorId: uuidOrNull(e.actorId, 'actorId'),
    actorRole: required(e.actorRole, 'actorRole'),
    action: required(e.action, 'action'),
    entityType: required(e.entityType, 'entityType'),
    entityId: required(e.entityId, 'entityId'),
    caseId: uuidOrNull(e.caseId, 'caseId'),
    before: toJsonValue(e.before, 'before'),
    after: toJsonValue(e.after, 'after'),
    comment: optionalText(e.comment, 'comment'),
    data: toJsonValue(e.data, 'data'),
    requestId: optionalText(e.requestId !== undefined ? e.requestId : RequestContext.requestId(), 'requestId'),
  };
}

/** The hashed fields of a checked entry as the link after `last` (null: the first of its stream). */
function linkFields(unlinked: Omit<HashedFields, 'streamSeq' | 'prevHash'>, last: { streamSeq: number; hash: string } | null): HashedFields {
  return { ...unlinked, streamSeq: last ? last.streamSeq + 1 : 1, prevHash: last ? last.hash : GENESIS_HASH };
}

/**
 * The append-only, hash-chained event log every module writes through.
 *
 * Each stream is its own chain, so unrelated cases never wait for each other: `append` takes a
 * transaction-scoped advisory lock on the stream, reads the stream's last link and inserts the
 * next one, all in the caller's transaction, so the event commits or rolls back with the change
 * it records. Callers run at READ COMMITTED (the default), and `append` refuses any other level:
 * under REPEATABLE READ a snapshot taken before the lock may miss the last link, and since the
 * table is partitioned by month its unique key is (stream, stream_seq, occurred_at) (a
 * partitioned table's unique keys must carry the partition key), which would not refuse the
 * fork. The lock and READ COMMITTED keep the chain linear; `verify` would report a fork.
 */
@Injectable()
export class AuditService {
  private readonly events: AuditEventRepository;

  constructor(
    db: DataSource,
    /** Told of each event in its transaction (e.g. the notifications outbox); none outside Nest (the CLI). */
    @Optional() private readonly listeners?: AuditListeners,
  ) {
    this.events = new AuditEventRepository(db);
  }

  async append(manager: EntityManager, e: AuditEntry): Promise<AppendedEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      // the lock below lasts only as long as a transaction: never append outside one
      return manager.transaction((m) => this.append(m, e));
    }
    const unlinked = unlinkedFields(e); // the entry checked before any lock
    const stream = unlinked.stream;
    this.assertReadCommitted(await this.events.lockStream(manager, stream));
    const fields = linkFields(unlinked, await this.events.lastLink(manager, stream));
    const hash = hashEvent(fields);
    const seq = await this.events.insert(manager, fields, hash);
    const appended: AppendedEvent = { seq, stream, streamSeq: fields.streamSeq, hash };
    if (this.listeners) await this.listeners.notify(manager, { ...e, requestId: fields.requestId }, appended);
    return appended;
  }

  /**
   * Many events at once (a batch of breaches, say), in the caller's transaction: the streams are
   * locked in one statement (always in the same order, so two batches cannot deadlock), their
   * last links read in one query, each stream's chain continued in TypeScript in the order the
   * entries are given, and every link inserted by one multi-row INSERT. The links are exactly
   * those `append` would have written one by one, so `verify` checks them the same way.
   * `notBefore` (per stream, optional): the time of an event the caller knows is in that stream
   * (a clock's start, say), so the last links are looked up in the months since only.
   * `subjects` (per case id, optional): what the transaction already read of the cases, handed to
   * the listeners so they need not read them again.
   */
  async appendMany(
    manager: EntityManager,
    entries: readonly AuditEntry[],
    opts: { notBefore?: ReadonlyMap<string, Date>; locked?: boolean; subjects?: ReadonlyMap<string, unknown> } = {},
  ): Promise<void> {
    if (entries.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      await manager.transaction((m) => this.appendMany(m, entries, { ...opts, locked: false }));
      return;
    }
    const unlinked = entries.map(unlinkedFields);
    const streams = [...new Set(unlinked.map((u) => u.stream))];
    // `locked`: the caller took every one of these streams' locks with `lockStreams` in this transaction
    if (!opts.locked) this.assertReadCommitted(await this.events.lockStreams(manager, streams));
    const heads = await this.events.lastLinks(manager, streams, opts.notBefore);
    // a stream with no link since its hint is looked up whole before it is taken for new (a wrong hint must not fork it)
    const unseen = opts.notBefore ? streams.filter((st) => !heads.has(st) && opts.notBefore?.has(st)) : [];
    for (const [st, head] of await this.events.lastLinks(manager, unseen)) heads.set(st, head);
    const links = chainLinks(unlinked, heads);
    const seqs = await this.events.insertMany(manager, links);
    if (!this.listeners) return;
    const appended = links.map((l, i): AppendedEvent => ({ seq: seqs[i], stream: l.fields.stream, streamSeq: l.fields.streamSeq, hash: l.hash }));
    await this.listeners.notifyMany(
      manager,
      entries.map((e, i) => ({ ...e, requestId: unlinked[i].requestId })),
      appended,
      opts.subjects,
    );
  }

  /**
   * Takes the append locks of these streams now (in one statement, in a fixed order), for a
   * batch that must hold them before it touches other rows of the same cases.
   */
  async lockStreams(manager: EntityManager, streams: readonly string[]): Promise<void> {
    this.assertReadCommitted(await this.events.lockStreams(manager, streams));
  }

  /**
   * A snapshot older than the lock may miss the last link, and the partitioned table's unique key
   * (stream, stream_seq, occurred_at) would not refuse the fork: appends run at READ COMMITTED only.
   */
  private assertReadCommitted(isolation: string): void {
    if (isolation !== 'read committed') throw new Error(`audit: append runs at READ COMMITTED, not ${isolation} (the chain would fork)`);
  }

  /**
   * The same event as `append`, for a caller whose transaction wrote `subject` (e.g. the case
   * row as its guarded update returned it): two statements instead of three plus what the
   * listeners send. The lock and the stream's head are read in one statement; the link and what
   * listeners write with it (`AuditAppendListener.companionOf`, given `subject`: the outbox row)
   * are inserted in another, which checks under the lock that the head is still the head (the
   * first statement's snapshot predates the lock: when another append committed meanwhile, the
   * head is read again and the link hashed anew). Same chain, same READ COMMITTED rule.
   *
   * `lockedEarlier`: an earlier statement of this transaction took the stream's lock
   * (`streamLockSql`, e.g. in the guarded UPDATE of the case the event records); the head read
   * after it is exact and the INSERT does not check it again. Only with that lock taken.
   * `notBefore` (with `lockedEarlier`): the time of an event the caller knows is in the stream,
   * so the head is read in the months since only (planned over those partitions alone).
   */
  async appendAbout(manager: EntityManager, e: AuditEntry, subject: unknown, opts: { lockedEarlier?: boolean; notBefore?: Date } = {}): Promise<AppendedEvent> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((m) => this.appendAbout(m, e, subject));
    const unlinked = unlinkedFields(e); // the entry checked before any lock
    const { stream, requestId } = unlinked;
    const entry: AuditEntry = { ...e, requestId };
    const { companions, after } = this.listeners ? await this.listeners.companionsOf(manager, entry, subject) : { companions: [], after: [] };
    const exact = opts.lockedEarlier === true;
    let locked = exact ? await this.events.lockedHead(manager, stream, opts.notBefore) : await this.events.lockHead(manager, stream);
    // no link since the hint: the whole stream is read before it is taken for new (a wrong hint must not fork it)
    if (exact && locked.head === null && opts.notBefore) locked = await this.events.lockedHead(manager, stream);
    if (locked.isolation !== 'read committed') throw new Error(`audit: append runs at READ COMMITTED, not ${locked.isolation} (the chain would fork)`);
    let last = locked.head;
    for (let attempt = 0; ; attempt++) {
      const fields = linkFields(unlinked, last);
      const hash = hashEvent(fields);
      const seq = await this.events.insertIfNext(manager, fields, hash, companions, exact);
      if (seq !== null) {
        const appended: AppendedEvent = { seq, stream, streamSeq: fields.streamSeq, hash };
        for (const l of after) await l.afterAppend(manager, entry, appended);
        return appended;
      }
      // read under the lock, in a snapshot of its own: the exact head
      if (attempt > 0) throw new Error(`audit: stream ${stream} moved on under its lock`);
      last = await this.events.lastLink(manager, stream);
    }
  }

  /**
   * The stream's lock as an SQL expression, for a statement the caller sends earlier in its
   * transaction than `appendAbout(..., { lockedEarlier: true })` (it lasts until the transaction
   * ends). Callers that lock a case row first take it after that lock, as every append does.
   */
  streamLockSql(s: SqlStatement, stream: string): string {
    return this.events.lockSql(s, required(stream, 'stream'));
  }

  /**
   * Walks every chain (or one stream's) in batches, in (stream, stream_seq) order. A stream is
   * walked to its end or to its first event whose position, link or content does not verify;
   * then the walk goes on with the next stream, so every broken stream is reported.
   *
   * Works across the monthly partitions (it reads the parent table) and after archiving: a
   * stream whose oldest links were archived starts from its archived head (audit_archived_heads),
   * so its first remaining link must follow that hash.
   */
  async verify(stream?: string, opts: { batchSize?: number; maxReported?: number } = {}): Promise<VerifyResult> {
    if (stream !== undefined && !AUDIT_STREAM_NAME.test(stream))
      throw new DomainError('invalid', 'invalid-stream', 'stream must name an audit stream, e.g. identity, config or case:<uuid>', {
        errors: [{ field: 'stream', message: 'must name an audit stream, e.g. identity, config or case:<uuid>' }],
      });
    const batchSize = Math.max(1, opts.batchSize ?? VERIFY_BATCH);
    const maxReported = Math.max(0, opts.maxReported ?? MAX_REPORTED);
    const broken: BrokenLink[] = [];
    let streams = 0;
    let checked = 0;
    let brokenStreams = 0;
    let current: { stream: string; last?: { streamSeq: number; hash: string }; broken: boolean } | undefined;
    let cursor: { stream: string; streamSeq: number } | undefined;
    for (;;) {
      const rows = await this.events.batch(stream, cursor, batchSize);
      const heads = await this.events.archivedHeads([...new Set(rows.map((r) => r.stream))]);
      for (const row of rows) {
        if (current?.stream !== row.stream) {
          streams++;
          current = { stream: row.stream, broken: false, last: heads.get(row.stream) };
        }
        if (current.broken) continue; // only a stream's first broken link is reported
        const link = this.check(row, current.last);
        if (link) {
          current.broken = true;
          brokenStreams++;
          if (broken.length < maxReported) broken.push(link);
          continue;
        }
        checked++;
        current.last = { streamSeq: row.stream_seq, hash: row.hash };
      }
      if (rows.length < batchSize || !current) break;
      const last = rows[rows.length - 1];
      // past a broken stream at once: the rest of it is not read
      cursor = { stream: last.stream, streamSeq: current.broken ? END_OF_STREAM : last.stream_seq };
    }
    const result: VerifyResult = { ok: brokenStreams === 0, streams, checked, brokenStreams, broken };
    if (broken.length) result.firstBroken = broken[0];
    return result;
  }

  /**
   * Records the archived boundary of every stream in a monthly partition about to be detached
   * (`npm run history:archive`), in the caller's transaction. Answers the streams recorded.
   */
  recordArchivedHeads(manager: EntityManager, partition: string, at: Date): Promise<number> {
    return this.events.recordArchivedHeads(manager, partition, at);
  }

  /** A case's events in the order they were written. */
  async listForCase(caseId: string): Promise<AuditEventView[]> {
    if (!UUID.test(caseId)) return [];
    const rows = await this.events.ofCase(caseId.toLowerCase());
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  private check(row: AuditEventRow, prev: { streamSeq: number; hash: string } | undefined): BrokenLink | undefined {
    const at = { seq: Number(row.seq), stream: row.stream, streamSeq: row.stream_seq };
    const expectedSeq = prev ? prev.streamSeq + 1 : 1;
    if (row.stream_seq !== expectedSeq)
      return {
        ...at,
        reason: 'sequence-gap',
        detail: `expected stream_seq ${expectedSeq} in stream ${row.stream}, found ${row.stream_seq}: events are missing`,
      };
    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    if (row.prev_hash !== expectedPrev)
      return {
        ...at,
        reason: 'prev-hash-mismatch',
        detail: `prev_hash does not match the hash of stream_seq ${expectedSeq - 1}: the chain was rewritten before this event`,
      };
    if (hashEvent(fieldsOf(row)) !== row.hash)
      return { ...at, reason: 'hash-mismatch', detail: 'hash does not match the content: this event was altered' };
    return undefined;
  }
}
