import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DecisionRecord } from './applications.views';

/** The permit issued when a case reaches an approving final state. */
@Entity('permits')
@Index('idx_permits_application', ['applicationId'], { unique: true })
@Index('idx_permits_number', ['permitNumber'], { unique: true })
export class PermitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'permit_number' })
  permitNumber: string;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  @Column('timestamptz', { name: 'valid_until', nullable: true })
  validUntil: Date | null;

  @Column('boolean', { name: 'deemed_approval', default: false })
  deemedApproval: boolean;

  /** The decision record the applicant downloads. */
  @Column('jsonb')
  decision: Omit<DecisionRecord, 'issuedAt'>;
}

/** Per permit type and year: the last reference number handed out (gaps allowed). */
@Entity('reference_counters')
export class ReferenceCounterEntity {
  @Column('text', { primary: true, name: 'scope' })
  scope: string;

  @Column('int', { primary: true })
  year: number;

  @Column('int', { name: 'last_value' })
  lastValue: number;
}

/** Remembered answers for Idempotency-Key, per user and operation. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @Column('uuid', { primary: true, name: 'user_id' })
  userId: string;

  @Column('text', { primary: true })
  scope: string;

  @Column('text', { primary: true })
  key: string;

  @Column('int', { name: 'status_code' })
  statusCode: number;

  @Column('jsonb')
  response: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
