/** Queue and job names: never rename once deployed. */
export const SLA_QUEUE = 'sla-timers';

export enum SlaJob {
  /** A clock's warning or deadline instant. */
  ClockDue = 'clock-due',
  /** The periodic sweep that flags what is past due and re-arms missing timers. */
  Reconcile = 'reconcile',
  /** The daily maintenance that creates the history tables' monthly partitions ahead. */
  HistoryPartitions = 'history-partitions',
}

export type TimerKind = 'warning' | 'deadline';

export interface ClockDuePayload {
  clockId: string;
  epoch: number;
  kind: TimerKind;
}

export interface TimerRequest extends ClockDuePayload {
  applicationId: string;
  dueAt: Date;
  /**
   * Set on the job of an epoch that is no longer current (the clock stopped, finished or was
   * re-armed): it is removed after commit, best effort. Correctness never depends on it.
   */
  cancel?: boolean;
}

/** Deterministic: one job per clock, epoch and kind. BullMQ forbids ':' in custom ids. */
export const timerJobId = (t: { applicationId: string; clockId: string; epoch: number; kind: TimerKind }): string =>
  `sla.${t.applicationId}.${t.clockId}.${t.epoch}.${t.kind}`;
