import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One entry of the append-only, hash-chained audit log. Each stream (`case:<uuid>`,
 * `identity`, `config`, ...) is its own chain: `stream_seq` counts 1, 2, 3 within the stream
 * and `prev_hash` is the previous entry's `hash` (64 zeros for the first). A trigger refuses
 * UPDATE, DELETE and TRUNCATE on the table (and on each of its partitions).
 *
 * Partitioned by month on `occurred_at` (AUDIT_HISTORY): the primary key and the unique
 * constraint carry the partition key, as Postgres requires; appends to a stream are serialised
 * by its advisory lock.
 */
@Entity('audit_events')
@Unique('UQ_audit_events_stream_seq', ['stream', 'streamSeq', 'occurredAt'])
@Index('IDX_audit_events_case_seq', ['caseId', 'seq'])
export class AuditEvent {
  /** bigint: returned by pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', name: 'seq', primaryKeyConstraintName: 'PK_audit_events' })
  seq: string;

  @Column('text')
  stream: string;

  @Column('int', { name: 'stream_seq' })
  streamSeq: number;

  @PrimaryColumn('timestamptz', { name: 'occurred_at', primaryKeyConstraintName: 'PK_audit_events' })
  occurredAt: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'entity_type' })
  entityType: string;

  @Column('text', { name: 'entity_id' })
  entityId: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId: string | null;

  @Column('jsonb', { nullable: true })
  before: unknown;

  @Column('jsonb', { nullable: true })
  after: unknown;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('jsonb', { nullable: true })
  data: unknown;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}

/**
 * Per stream, the last link moved to an archive (`npm run history:archive`): the first link
 * still in the table points at its hash, and the chain verification starts from it.
 */
@Entity('audit_archived_heads')
export class AuditArchivedHead {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_audit_archived_heads' })
  stream: string;

  @Column('int', { name: 'stream_seq' })
  streamSeq: number;

  @Column('text')
  hash: string;

  /** The partition it was archived with. */
  @Column('text')
  partition: string;

  @Column('timestamptz', { name: 'archived_at' })
  archivedAt: Date;
}

export const AUDIT_ENTITIES = [AuditEvent, AuditArchivedHead];
