import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const bigintAsNumber = {
  to: (v: number | null | undefined): number | null | undefined => v,
  from: (v: string | null): number | null => (v === null ? null : Number(v)),
};

export type ClockKind = 'statutory' | 'state' | 'response';
export type ClockStatus = 'running' | 'stopped' | 'finished';

/**
 * One SLA clock of a case: the statutory clock, the clock of a state with its own SLA, or the
 * applicant's response window while a deficiency notice is open. Postgres is the truth; the
 * BullMQ jobs for `warn_at` and `deadline_at` are only alarms, keyed by `epoch`.
 */
@Entity('clocks')
@Index('idx_clocks_application', ['applicationId'])
@Index('idx_clocks_deadline_due', ['deadlineAt'], { where: `status = 'running' AND breached_at IS NULL` })
@Index('idx_clocks_warning_due', ['warnAt'], { where: `status = 'running' AND warned_at IS NULL` })
@Index('idx_clocks_breached_running', ['kind', 'permitTypeCode'], { where: `status = 'running' AND breached_at IS NOT NULL` })
@Index('idx_clocks_statutory_overdue', ['deadlineAt'], { where: `kind = 'statutory' AND (status = 'running' OR breached_at IS NOT NULL)` })
export class ClockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'agency_code' })
  agencyCode: string;

  @Column('text', { name: 'permit_type_code' })
  permitTypeCode: string;

  @Column('text')
  kind: ClockKind;

  /** The state whose SLA (or response window) this clock measures; null for the statutory clock. */
  @Column('text', { name: 'state_name', nullable: true })
  stateName: string | null;

  @Column('text', { name: 'calendar_id' })
  calendarId: string;

  @Column('bigint', { name: 'budget_ms', transformer: bigintAsNumber })
  budgetMs: number;

  @Column('bigint', { name: 'consumed_ms', transformer: bigintAsNumber, default: 0 })
  consumedMs: number;

  @Column('text')
  status: ClockStatus;

  @Column('timestamptz', { name: 'run_started_at', nullable: true })
  runStartedAt: Date | null;

  @Column('timestamptz', { name: 'deadline_at', nullable: true })
  deadlineAt: Date | null;

  @Column('timestamptz', { name: 'warn_at', nullable: true })
  warnAt: Date | null;

  @Column('boolean', { default: false })
  provisional: boolean;

  /** Changes whenever the clock is (re)armed: a job for another epoch is stale. */
  @Column('int', { default: 1 })
  epoch: number;

  @Column('timestamptz', { name: 'warned_at', nullable: true })
  warnedAt: Date | null;

  @Column('timestamptz', { name: 'breached_at', nullable: true })
  breachedAt: Date | null;

  /** Working time by which the deadline had passed when the breach was flagged. */
  @Column('bigint', { name: 'breach_late_ms', nullable: true, transformer: bigintAsNumber })
  breachLateMs: number | null;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column('int', { default: 0 })
  stops: number;

  /** Calendar time spent stopped, over all stops. */
  @Column('bigint', { name: 'stopped_ms', default: 0, transformer: bigintAsNumber })
  stoppedMs: number;

  @Column('timestamptz', { name: 'stopped_at', nullable: true })
  stoppedAt: Date | null;

  /** Response windows: the state a lapse moves the case to. */
  @Column('text', { name: 'on_timeout', nullable: true })
  onTimeout: string | null;
}

/** `adjust`: the demo endpoint moved the clock (never in production: DEMO_ENDPOINTS is refused there). */
export type ClockEventKind = 'start' | 'stop' | 'resume' | 'finish' | 'warning' | 'breach' | 'recompute' | 'adjust';

/** Every start, stop, restart, warning, breach and recomputation of a clock, on the record. */
@Entity('clock_events')
@Index('idx_clock_events_application', ['applicationId', 'id'])
export class ClockEventEntity {
  /** Partitioned by month on `at` (CLOCK_EVENTS_HISTORY): the primary key carries it. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_clock_events' })
  id: string;

  @Column('uuid', { name: 'clock_id' })
  clockId: string;

  @Column('uuid', { name: 'application_id' })
  applicationId: string;

  @Column('text', { name: 'clock_kind' })
  clockKind: ClockKind;

  @Column('text', { name: 'state_name', nullable: true })
  stateName: string | null;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'PK_clock_events' })
  at: Date;

  @Column('text')
  kind: ClockEventKind;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('bigint', { name: 'consumed_ms', transformer: bigintAsNumber })
  consumedMs: number;

  @Column('bigint', { name: 'remaining_ms', transformer: bigintAsNumber })
  remainingMs: number;

  @Column('timestamptz', { name: 'deadline_at', nullable: true })
  deadlineAt: Date | null;
}
