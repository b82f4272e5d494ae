import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type WhatIfRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** What a run was asked: the period, the agencies, and the proposal (as given, validated). */
export interface WhatIfRunInput {
  readonly from: string;
  readonly to: string;
  readonly agencies?: readonly string[];
  /** The proposed permit type definition, YAML text. */
  readonly proposal?: string;
  readonly calendar?: { readonly calendar: string; readonly add?: readonly { date: string; name?: string }[]; readonly remove?: readonly string[] };
  readonly warningShare?: number;
}

/**
 * One what-if run: the table is the truth about it (an in-process runner works it; `status`
 * moves queued -> running -> done | failed | cancelled, each move a guarded UPDATE), with its
 * progress (`done` of `total` cases) and, when done, its report. Owned by libs/whatif-service.
 */
@Entity('whatif_runs')
@Index('idx_whatif_runs_created', ['createdAt'])
export class WhatIfRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  status: WhatIfRunStatus;

  /** Who asked (null from the command line). */
  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @Column('jsonb')
  input: WhatIfRunInput;

  /** The permit type the proposal redefines, if any. */
  @Column('text', { name: 'permit_type_code', nullable: true })
  permitTypeCode: string | null;

  /** "Now" of the replay: timers due up to this instant fire. */
  @Column('timestamptz', { name: 'as_of' })
  asOf: Date;

  @Column('int', { nullable: true })
  total: number | null;

  @Column('int', { default: 0 })
  done: number;

  @Column('jsonb', { nullable: true })
  report: unknown;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  /** Last progress beat: a running run not beating for minutes was interrupted (the process died). */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
