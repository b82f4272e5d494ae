import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type PlanStatus = 'planned' | 'applied';
export type ResultOutcome = 'moved' | 'blocked' | 'failed';

/** Which open cases a plan covers: all of its from-version, or only these states or cases. */
export interface PlanFilter {
  states?: string[];
  caseIds?: string[];
}

/** A clock as a migration changes it (the dry run's and the result's line). */
export interface ClockChange {
  kind: 'statutory' | 'state' | 'response';
  state: string | null;
  op: 'keep' | 'rebudget' | 'finish' | 'start';
  budgetWorkingDaysBefore: number | null;
  budgetWorkingDaysAfter: number | null;
  deadlineBefore: string | null;
  deadlineAfter: string | null;
}

/** A plan to move open cases of a permit type from one version to a newer one; written only by MigrationRepository. */
@Entity('permit_type_migrations')
@Index('idx_permit_type_migrations_code', ['permitTypeCode', 'createdAt'])
export class MigrationPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'permit_type_code' })
  permitTypeCode: string;

  @Column('int', { name: 'from_version' })
  fromVersion: number;

  @Column('int', { name: 'to_version' })
  toVersion: number;

  /** Old state -> new state; states not named map to the same name when the new version has it. */
  @Column('jsonb', { name: 'state_map' })
  stateMap: Record<string, string>;

  @Column('jsonb')
  filter: PlanFilter;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text')
  status: PlanStatus;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** The last time it was applied. */
  @Column('timestamptz', { name: 'applied_at', nullable: true })
  appliedAt: Date | null;
}

/** What applying a plan did to one case (the latest attempt); written only by MigrationRepository. */
@Entity('permit_type_migration_results')
@Index('idx_permit_type_migration_results_outcome', ['planId', 'outcome'])
export class MigrationResultEntity {
  @PrimaryColumn('uuid', { name: 'plan_id' })
  planId: string;

  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { nullable: true })
  reference: string | null;

  @Column('text')
  outcome: ResultOutcome;

  /** The block reason or error code (null when moved). */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { nullable: true })
  message: string | null;

  @Column('text', { name: 'from_state' })
  fromState: string;

  @Column('text', { name: 'to_state', nullable: true })
  toState: string | null;

  @Column('jsonb')
  clocks: ClockChange[];

  @Column('timestamptz')
  at: Date;
}
