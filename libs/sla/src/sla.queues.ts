/** Queue and job names: never rename once deployed. */
export const SLA_QUEUE = 'sla-timers';

export enum SlaJob {
  /** A clock's warning or deadline instant (one job per clock: armed before alarms were coalesced; still handled). */
  ClockDue = 'clock-due',
  /** The periodic sweep that flags what is past due and re-arms missing timers. */
  Reconcile = 'reconcile',
  /** The daily maintenance that creates the history tables' monthly partitions ahead. */
  HistoryPartitions = 'history-partitions',
  /** An instant at which clocks fall due: one job per instant and kind, whatever the number of clocks. */
  DueInstant = 'due-instant',
}

export type TimerKind = 'warning' | 'deadline';

export interface ClockDuePayload {
  clockId: string;
  epoch: number;
  kind: TimerKind;
}

/** An alarm: at `dueAt`, flag every clock whose `kind` instant is at or before then. */
export interface DueAlarm {
  kind: TimerKind;
  dueAt: Date;
}

/** The payload of a DueInstant job (ids only: the handler re-reads Postgres). */
export interface DueInstantPayload {
  kind: TimerKind;
  /** The instant, in ms since the epoch. */
  at: number;
}

export interface TimerRequest extends ClockDuePayload, DueAlarm {
  applicationId: string;
  /**
   * Set on the timer of an epoch that is no longer current (the clock stopped, finished or was
   * re-armed). Alarms are shared by every clock due at one instant, so nothing is removed: the
   * alarm finds nothing due for this clock, a no-op. Correctness never depended on removal.
   */
  cancel?: boolean;
}

/** Deterministic: one job per clock, epoch and kind (the jobs of before coalescing). BullMQ forbids ':' in custom ids. */
export const timerJobId = (t: { applicationId: string; clockId: string; epoch: number; kind: TimerKind }): string =>
  `sla.${t.applicationId}.${t.clockId}.${t.epoch}.${t.kind}`;

/** Deterministic: one job per due instant and kind. */
export const alarmJobId = (a: DueAlarm): string => `due.${a.kind}.${a.dueAt.getTime()}`;

/**
 * Coalesces timers into alarms: one per distinct (kind, instant), soonest first; cancelled
 * timers arm nothing. Pure.
 */
export function coalesce(timers: readonly (DueAlarm & { cancel?: boolean })[]): DueAlarm[] {
  const byId = new Map<string, DueAlarm>();
  for (const t of timers) {
    if (t.cancel) continue;
    const a = { kind: t.kind, dueAt: new Date(t.dueAt.getTime()) };
    byId.set(alarmJobId(a), a);
  }
  return [...byId.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind));
}
