import type { TransitionRequirement } from './definition.types';
import type { Effect } from './effect.types';

/** Who acts. The `applicant` role counts only when the actor owns the case. */
export interface Actor {
  readonly roles: readonly string[];
  readonly isOwner: boolean;
}

/** The part of a case the state machine needs. */
export interface CaseContext {
  readonly state: string;
  /** Deficiency notices already sent on this case (each stopped the clock once). */
  readonly deficiencyNoticesSent: number;
  /** The fee is paid or waived, or there is none (a transition that `requires: [feePaid]` waits for it). */
  readonly feeSettled?: boolean;
  /**
   * Requirements the open deficiency notice named that have not been uploaded anew since (see
   * `documentsToReplace`): a transition that resumes the clock waits for them.
   */
  readonly documentsToReplace?: readonly string[];
}

export interface ActionInput {
  readonly action: string;
  readonly comment?: string;
  readonly missingDocuments?: readonly string[];
}

export type ActionErrorCode =
  | 'UNKNOWN_ACTION'
  | 'WRONG_STATE'
  | 'FORBIDDEN_ROLE'
  | 'MISSING_REQUIREMENT'
  | 'INVALID_DOCUMENTS'
  | 'DEFICIENCY_CAP_REACHED'
  | 'FEE_UNPAID'
  | 'DOCUMENTS_NOT_REPLACED'
  | 'CASE_CLOSED';

export interface ActionError {
  readonly code: ActionErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Why a listed action is not open to this actor now. */
export type ActionRefusalCode = Extract<ActionErrorCode, 'FORBIDDEN_ROLE' | 'DEFICIENCY_CAP_REACHED' | 'FEE_UNPAID'>;

export interface ActionOption {
  readonly action: string;
  readonly label?: string;
  readonly to: string;
  readonly roles: readonly string[];
  readonly requires: readonly TransitionRequirement[];
  readonly allowed: boolean;
  readonly reason?: { readonly code: ActionRefusalCode; readonly message: string };
}

export interface TransitionSuccess {
  readonly ok: true;
  readonly action: string;
  readonly from: string;
  readonly to: string;
  readonly effects: readonly Effect[];
}

export type TransitionResult = TransitionSuccess | { readonly ok: false; readonly error: ActionError };

/** The action name the system records for a lapsed response window. */
export const RESPONSE_TIMEOUT_ACTION = 'response-timeout';
/** The action name the system records for a deemed approval (fiktif positif). */
export const DEEMED_APPROVAL_ACTION = 'deemed-approval';
