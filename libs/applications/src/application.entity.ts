import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type CaseStatus = 'draft' | 'open' | 'closed';
export type CaseOutcome = 'approved' | 'rejected' | 'withdrawn';

export const DRAFT_STATE = 'draft';

/**
 * The case aggregate. `version` guards every write (`UPDATE ... WHERE id AND version`);
 * `next_deadline_at` is the nearest running deadline (statutory or state SLA) so the queue is
 * one index scan; `priority` is 0 for escalated cases so they rise to the top.
 */
@Entity('applications')
@Index('idx_applications_applicant', ['applicantId', 'createdAt'])
@Index('idx_applications_queue', ['agencyCode', 'priority', 'nextDeadlineAt', 'id'], { where: `status = 'open'` })
@Index('idx_applications_reference', ['reference'], { unique: true, where: 'reference IS NOT NULL' })
@Index('idx_applications_closed', ['closedAt'], { where: `status = 'closed'` })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'permit_type_code' })
  permitTypeCode: string;

  /** Pinned at submission; a case stays on the version it was submitted under. */
  @Column('int', { name: 'permit_type_version', nullable: true })
  permitTypeVersion: number | null;

  @Column('text', { name: 'agency_code' })
  agencyCode: string;

  @Column('uuid', { name: 'applicant_id' })
  applicantId: string;

  @Column('text')
  state: string;

  @Column('text')
  status: CaseStatus;

  @Column('int', { default: 1 })
  version: number;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text', { name: 'access_code_hash', nullable: true })
  accessCodeHash: string | null;

  @Column('jsonb')
  form: Record<string, unknown>;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('text', { nullable: true })
  outcome: CaseOutcome | null;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('timestamptz', { name: 'assigned_at', nullable: true })
  assignedAt: Date | null;

  @Column('int', { default: 0 })
  reassignments: number;

  @Column('int', { name: 'deficiency_notices', default: 0 })
  deficiencyNotices: number;

  @Column('timestamptz', { name: 'next_deadline_at', nullable: true })
  nextDeadlineAt: Date | null;

  @Column('timestamptz', { name: 'statutory_deadline_at', nullable: true })
  statutoryDeadlineAt: Date | null;

  @Column('smallint', { default: 1 })
  priority: number;

  @Column('timestamptz', { name: 'warned_at', nullable: true })
  warnedAt: Date | null;

  @Column('timestamptz', { name: 'breached_at', nullable: true })
  breachedAt: Date | null;

  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;

  @Column('boolean', { name: 'post_issuance_supervision', default: false })
  postIssuanceSupervision: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  isDraft(): boolean {
    return this.status === 'draft';
  }

  isOpen(): boolean {
    return this.status === 'open';
  }
}
