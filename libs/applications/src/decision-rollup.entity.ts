import { Column, Entity } from 'typeorm';

/**
 * Closed cases rolled up by month of closing (WIB), agency, permit type and outcome: the
 * figures the compliance statistics and the ombudsman's dashboard read, so that a year of
 * them is a few hundred rows instead of half a million cases. Written by
 * `DecisionRollupRepository.record` in the same transaction as the decision (and, for batches,
 * by the same set-based statement); the migration that created it back-filled it.
 *
 * `workingDays` is the distribution of the statutory clock's consumed working time, in tenths
 * of a working day (`{"15": 3}`: three cases took 1.5 working days), from which medians and
 * percentiles are read; `daysLate` counts the cases by whole working days over the budget
 * (`{"2": 1}`), from which compensation is computed with the policy in force when it is read.
 */
@Entity('case_decision_rollups')
export class DecisionRollupEntity {
  /** The first day of the month of closing, in WIB. */
  @Column('date', { primary: true })
  month: string;

  @Column('text', { primary: true, name: 'agency_code' })
  agencyCode: string;

  @Column('text', { primary: true, name: 'permit_type_code' })
  permitTypeCode: string;

  /** approved, rejected or withdrawn */
  @Column('text', { primary: true })
  outcome: string;

  @Column('int', { default: 0 })
  cases: number;

  /** Closed without a statutory breach. */
  @Column('int', { name: 'on_time', default: 0 })
  onTime: number;

  @Column('int', { default: 0 })
  breaches: number;

  @Column('int', { default: 0 })
  escalations: number;

  /** Approved by law (deemed approval). */
  @Column('int', { default: 0 })
  deemed: number;

  @Column('int', { name: 'deficiency_notices', default: 0 })
  deficiencyNotices: number;

  /** Cases with a statutory clock (the ones the time figures below describe). */
  @Column('int', { name: 'timed_cases', default: 0 })
  timedCases: number;

  @Column('bigint', { name: 'consumed_ms', default: 0 })
  consumedMs: string;

  @Column('bigint', { name: 'stopped_ms', default: 0 })
  stoppedMs: string;

  @Column('jsonb', { name: 'working_days', default: () => `'{}'` })
  workingDays: Record<string, number>;

  @Column('jsonb', { name: 'days_late', default: () => `'{}'` })
  daysLate: Record<string, number>;
}
