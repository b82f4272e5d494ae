import type { FinalOutcome } from './definition.types';

/**
 * What a transition asks the other modules to carry out. The state machine only describes;
 * the applications and sla modules persist and schedule.
 */
export type Effect = StatutoryClockEffect | StateClockEffect | ResponseWindowEffect | DeficiencyNoticeEffect | DecisionEffect;

export type EffectKind = Effect['kind'];

export type StatutoryClockEffect =
  /** Submission: the statutory clock starts with the permit type's full budget. */
  | { readonly kind: 'statutory-clock'; readonly op: 'start'; readonly workingDays: number }
  /** Entering a stopped-clock state (a deficiency notice). */
  | { readonly kind: 'statutory-clock'; readonly op: 'stop'; readonly state: string }
  /** Leaving a stopped-clock state for a running one: resumes where it stopped, never from zero. */
  | { readonly kind: 'statutory-clock'; readonly op: 'resume'; readonly state: string }
  /** Entering a final state. */
  | { readonly kind: 'statutory-clock'; readonly op: 'finish'; readonly outcome: FinalOutcome };

export type StateClockEffect =
  | { readonly kind: 'state-clock'; readonly op: 'start'; readonly state: string; readonly workingDays: number }
  | { readonly kind: 'state-clock'; readonly op: 'stop'; readonly state: string };

/** Exactly one of calendarDays / workingDays. */
export type ResponseWindowLength =
  | { readonly calendarDays: number; readonly workingDays?: undefined }
  | { readonly workingDays: number; readonly calendarDays?: undefined };

export type ResponseWindowEffect =
  | ({ readonly kind: 'response-window'; readonly op: 'start'; readonly state: string; readonly onTimeout: string } & ResponseWindowLength)
  | { readonly kind: 'response-window'; readonly op: 'stop'; readonly state: string };

export interface DeficiencyNoticeEffect {
  readonly kind: 'deficiency-notice';
  readonly state: string;
  readonly missingDocuments: readonly string[];
  readonly comment?: string;
}

export interface DecisionEffect {
  readonly kind: 'decision';
  readonly outcome: FinalOutcome;
  readonly state: string;
  readonly comment?: string;
}
