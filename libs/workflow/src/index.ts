/**
 * @tenggat/workflow — the permit-type definition language, its validator and the pure state
 * machine. No framework, no I/O, no clock.
 */
export * from './definition.types';
export { permitTypeSchema } from './definition.schema';
export { parseDefinition } from './definition-parser';
export { validateDefinition } from './definition-validator';
export type {
  DecisionEffect,
  DeficiencyNoticeEffect,
  Effect,
  EffectKind,
  ResponseWindowEffect,
  ResponseWindowLength,
  StateClockEffect,
  StatutoryClockEffect,
} from './effect.types';
export * from './state-machine.types';
export {
  SYSTEM_ACTOR,
  applyAction,
  deemedApproval,
  initialEffects,
  listActions,
  mayAct,
  timeoutTransition,
  transitionEffects,
} from './state-machine';
export {
  approvingFinalState,
  clockStopped,
  expandTransitions,
  initialState,
  isFinal,
  rolesActingOn,
  stateDefinition,
  transitionOf,
  transitionsFrom,
  type ResolvedTransition,
} from './transition-expansion';
export { validateForm, FORM_ROOT, type FormError, type FormResult, type FormValue } from './form-validator';
export { toMermaid, mermaidId } from './mermaid';
export { assessFee, compileFeeFormula, evaluateFee, type FeeAssessment, type FeeExpr, type FeeInput } from './fee-formula';
export { documentsToReplace, noticeRecord, type CurrentDocument, type DeficiencyNoticeRecord, type NoticedDocument } from './deficiency-answer';
export { contentHash } from './content-hash';
export { canonicalJson } from '@tenggat/canonical-json';
