import { documentsToReplace, type CaseContext, type CurrentDocument, type DeficiencyNoticeRecord, type PermitTypeDefinition } from '@tenggat/workflow';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CaseStatus = 'draft' | 'open' | 'closed';
/** `none`: nothing to pay; `unpaid` until a payment reference is recorded or the fee is waived. */
export type FeeStatus = 'none' | 'unpaid' | 'paid' | 'waived';

/** The fee as assessed at submission (amount, and how it was reached), kept with the case. */
export interface FeeRecord {
  amount: number;
  currency: string;
  basis: string;
  formula: string | null;
  inputs: { name: string; label: string; value: number | boolean | string; source: 'field' | 'rate' }[];
}
export type CaseOutcome = 'approved' | 'rejected' | 'withdrawn';

export const DRAFT_STATE = 'draft';

/**
 * The case aggregate; its table is written only by `CaseRepository` (libs/applications).
 *
 * One rule for `version` and `updated_at`, true of every write:
 * - `version` counts the changes people and breach policies make to the case: a draft edit, the
 *   submission, every transition (the system's response timeouts and deemed approvals too), a
 *   claim, release or assignment, and an escalation. Each is one guarded UPDATE (`WHERE id AND
 *   version`, or the from-state and holder it read) that bumps `version` by exactly one and sets
 *   `updated_at` to the injected Clock's instant, the one its audit event carries.
 * - System bookkeeping changes neither: the warning and breach flags a timer sets
 *   (`warned_at`, `breached_at`) and the denormalised deadlines (`next_deadline_at`,
 *   `statutory_deadline_at`). So an officer's in-flight action never fails with 409 only
 *   because a timer fired or a calendar was republished meanwhile.
 * `updated_at` is therefore the instant of the current `version` (the insert's, at first).
 *
 * `next_deadline_at` is the nearest running deadline (statutory or state SLA) so the queue is
 * one index scan; `priority` is 0 for escalated cases so they rise to the top.
 */
@Entity('applications')
@Index('idx_applications_applicant', ['applicantId', 'createdAt'])
// expression and INCLUDE indexes, written by hand in their migrations (see docs/queries.md)
@Index('idx_applications_queue', { synchronize: false })
@Index('idx_applications_queue_count', { synchronize: false })
@Index('idx_applications_overdue_open', { synchronize: false })
@Index('idx_applications_due_unflagged', { synchronize: false })
@Index('idx_applications_breached', { synchronize: false })
@Index('idx_applications_breached_at', { synchronize: false })
@Index('idx_applications_escalated_at', { synchronize: false })
@Index('idx_applications_deemed', { synchronize: false })
@Index('idx_applications_submitted', { synchronize: false })
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

  /**
   * The last deficiency notice: when it was sent, the documents it named and the document each
   * had then. A resubmission waits until each was uploaded anew. Null before any notice (and for
   * cases noticed before the rule was kept).
   */
  @Column('jsonb', { name: 'last_deficiency_notice', nullable: true })
  lastDeficiencyNotice: DeficiencyNoticeRecord | null;

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

  /** Null while a draft (the fee is assessed at submission, from the pinned version and the form). */
  @Column('text', { name: 'fee_status', nullable: true })
  feeStatus: FeeStatus | null;

  @Column('jsonb', { nullable: true })
  fee: FeeRecord | null;

  /** The payment reference of the external channel (bank, SIMPONI, BPD ...), or null. */
  @Column('text', { name: 'fee_reference', nullable: true })
  feeReference: string | null;

  @Column('text', { name: 'fee_channel', nullable: true })
  feeChannel: string | null;

  @Column('text', { name: 'fee_waiver_reason', nullable: true })
  feeWaiverReason: string | null;

  @Column('timestamptz', { name: 'fee_settled_at', nullable: true })
  feeSettledAt: Date | null;

  @Column('uuid', { name: 'fee_settled_by', nullable: true })
  feeSettledBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The instant of the current `version` (see the rule above); never set by the database. */
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  isDraft(): boolean {
    return this.status === 'draft';
  }

  isOpen(): boolean {
    return this.status === 'open';
  }

  /**
   * What the state machine decides on: the state, how many deficiency notices the cap has
   * counted, the fee, and (given the current documents) what the last notice still waits for.
   */
  machineState(current?: readonly CurrentDocument[]): CaseContext {
    return {
      state: this.state,
      deficiencyNoticesSent: this.deficiencyNotices,
      feeSettled: this.feeStatus !== 'unpaid',
      ...(current ? { documentsToReplace: documentsToReplace(this.lastDeficiencyNotice, current) } : {}),
    };
  }

  /** Documents change only while a draft, or while the clock is stopped for a deficiency notice. */
  static takesDocuments(c: Pick<ApplicationEntity, 'status' | 'state'>, def: PermitTypeDefinition): boolean {
    return c.status === 'draft' || (c.status === 'open' && def.states[c.state]?.clock === 'stopped');
  }
}
