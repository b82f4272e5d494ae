import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A POST made with an Idempotency-Key: claimed before it runs, with its answer once it
 * succeeded. Kept 24 h: the same key and body answer the same response; another body is 422.
 */
@Entity('idempotent_requests')
@Index('IDX_idempotent_requests_created', ['createdAt'])
export class IdempotentRequestEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_idempotent_requests' })
  userId: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_idempotent_requests' })
  key: string;

  /** `POST /v1/applications/{id}/actions` with the real path. */
  @Column('text')
  request: string;

  /** SHA-256 of the body (JSON canonicalised; multipart without its boundary); null until known. */
  @Column('text', { nullable: true })
  fingerprint: string | null;

  @Column('text')
  state: 'in-progress' | 'done';

  @Column('int', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('jsonb', { nullable: true })
  response: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
