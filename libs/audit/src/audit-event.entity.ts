import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One entry of the append-only, hash-chained audit log. Each stream (`case:<uuid>`,
 * `identity`, `config`, ...) is its own chain: `stream_seq` counts 1, 2, 3 within the stream
 * and `prev_hash` is the previous entry's `hash` (64 zeros for the first). A trigger refuses
 * UPDATE, DELETE and TRUNCATE on the table.
 */
@Entity('audit_events')
@Unique('UQ_audit_events_stream_seq', ['stream', 'streamSeq'])
@Index('IDX_audit_events_case_seq', ['caseId', 'seq'])
export class AuditEvent {
  /** bigint: returned by pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', name: 'seq', primaryKeyConstraintName: 'PK_audit_events' })
  seq: string;

  @Column('text')
  stream: string;

  @Column('int', { name: 'stream_seq' })
  streamSeq: number;

  @Column('timestamptz', { name: 'occurred_at' })
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

export const AUDIT_ENTITIES = [AuditEvent];
