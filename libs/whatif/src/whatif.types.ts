import type { WorkingCalendar } from './working-calendar';
import type { FinalOutcome, PermitTypeDefinition } from '@tenggat/workflow';

/**
 * One recorded step of a case after its submission, in the order it happened: a transition
 * taken by a person (or by the system: a lapsed response window, a deemed approval), with the
 * states the record says it left and entered.
 */
export interface RecordedStep {
  readonly at: Date;
  readonly action: string;
  readonly from: string;
  readonly to: string;
  readonly actorRole: string;
}

/** What the record says happened to a case, for the self-consistency check. */
export interface RecordedOutcome {
  /** The statutory clock's deadline as stored (null while or when it was stopped). */
  readonly deadline: Date | null;
  readonly breached: boolean;
  readonly escalated: boolean;
  readonly deemed: boolean;
}

/** A case's history as the replay reads it. */
export interface CaseHistory {
  readonly id: string;
  readonly reference: string | null;
  readonly agency: string;
  readonly permitType: string;
  readonly version: number;
  readonly calendarId: string;
  readonly submittedAt: Date;
  readonly steps: readonly RecordedStep[];
  /** The demo endpoint moved one of its clocks: no calendar can reproduce that history. */
  readonly clockAdjusted?: boolean;
  readonly recorded?: RecordedOutcome;
}

/** The rules a case is replayed under: a definition, a calendar, a warning share, and "now". */
export interface ReplayRules {
  readonly definition: PermitTypeDefinition;
  readonly calendar: WorkingCalendar;
  /** Share of a budget at which warnings fire: the definition's `warningAt` unless overridden. */
  readonly warningShare: number;
  /** Timers due up to this instant fire; a case still open after its last step stays open. */
  readonly asOf: Date;
}

/** Why a recorded path does not fit the rules: which step (0-based among the steps) and what. */
export interface Misfit {
  readonly step: number;
  readonly at: Date;
  readonly action: string;
  readonly from: string;
  readonly reason: string;
}

/** What a case's statutory clock and breach policy come to under one set of rules. */
export interface ReplayOutcome {
  readonly status: 'open' | 'closed';
  readonly state: string;
  readonly outcome: FinalOutcome | null;
  readonly decidedAt: Date | null;
  /** The statutory deadline as the engine would have stored it (null when the clock ended stopped). */
  readonly deadline: Date | null;
  /** The last deadline the statutory clock had, stopped or not (the deadline cliff counts it). */
  readonly lastDeadline: Date | null;
  readonly breached: boolean;
  readonly breachedAt: Date | null;
  readonly warned: boolean;
  readonly escalated: boolean;
  readonly deemed: boolean;
  /** Working days the statutory clock ran (stops excluded), at the decision or at `asOf`. */
  readonly workingDays: number;
  /** Whole working days past the statutory deadline. */
  readonly workingDaysLate: number;
  /** Delay compensation owed under the definition's policy (0 without one). */
  readonly compensation: number;
  /** Per-state SLA clocks that ran out. */
  readonly stateBreaches: number;
  /** Steps the record skips (it jumps from one state to another with no recorded transition). */
  readonly gaps: number;
  /** Recorded steps after the case had already closed under these rules (e.g. an earlier deemed approval). */
  readonly overtakenSteps: number;
}

export type ReplayResult = { readonly fit: true; readonly outcome: ReplayOutcome } | { readonly fit: false; readonly misfit: Misfit };

/** One difference between the record and a replay under the rules that were in force. */
export interface Mismatch {
  readonly field: 'deadline' | 'breached' | 'escalated' | 'deemed';
  /** An ISO instant (deadline), `true`/`false`, or null. */
  readonly recorded: string | null;
  readonly replayed: string | null;
}
