import { BUILT_IN_ROLES, type PermitTypeDefinition, type StateDefinition, type TransitionRequirement } from './definition.types';
import type { Effect, ResponseWindowEffect } from './effect.types';
import {
  DEEMED_APPROVAL_ACTION,
  RESPONSE_TIMEOUT_ACTION,
  type ActionError,
  type ActionErrorCode,
  type ActionInput,
  type ActionOption,
  type Actor,
  type CaseContext,
  type TransitionResult,
  type TransitionSuccess,
} from './state-machine.types';
import {
  approvingFinalState,
  expandTransitions,
  initialState,
  stateDefinition,
  transitionsFrom,
  type ResolvedTransition,
} from './transition-expansion';

/** The built-in actor for timeouts and deemed approvals. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ roles: Object.freeze(['system']), isOwner: false });

const OFFICER_EXCLUDED: readonly string[] = BUILT_IN_ROLES;

/**
 * May this actor take a transition open to these roles? `applicant` counts only for the
 * case owner; a `supervisor` may do whatever an officer role may (not the applicant's or
 * the system's actions).
 */
export function mayAct(roles: readonly string[], actor: Actor): boolean {
  for (const role of roles) {
    if (role === 'applicant') {
      if (actor.isOwner && actor.roles.includes('applicant')) return true;
    } else if (actor.roles.includes(role)) {
      return true;
    }
  }
  return actor.roles.includes('supervisor') && roles.some((r) => !OFFICER_EXCLUDED.includes(r));
}

/** Every action out of the case's current state, with whether this actor may take it now. */
export function listActions(def: PermitTypeDefinition, ctx: CaseContext, actor: Actor): readonly ActionOption[] {
  const current = stateDefinition(def, ctx.state);
  if (!current || current.final !== undefined) return [];
  return transitionsFrom(def, ctx.state).map((t) => {
    const refusal = refuse(def, ctx, actor, t);
    return {
      action: t.action,
      ...(t.label !== undefined ? { label: t.label } : {}),
      to: t.to,
      roles: t.roles,
      requires: t.requires,
      allowed: refusal === undefined,
      ...(refusal ? { reason: { code: refusal.code, message: refusal.message } } : {}),
    } satisfies ActionOption;
  });
}

/** Refusal for role or deficiency cap, if any. */
function refuse(
  def: PermitTypeDefinition,
  ctx: CaseContext,
  actor: Actor,
  t: ResolvedTransition,
): (ActionError & { code: 'FORBIDDEN_ROLE' | 'DEFICIENCY_CAP_REACHED' | 'FEE_UNPAID' }) | undefined {
  if (!mayAct(t.roles, actor)) {
    const who = t.roles.map((r) => (r === 'applicant' ? 'the applicant who owns the case' : r)).join(' or ');
    return { code: 'FORBIDDEN_ROLE', message: `"${t.action}" may be taken only by ${who}`, details: { roles: t.roles } };
  }
  if (stateDefinition(def, t.to)?.clock === 'stopped' && ctx.deficiencyNoticesSent >= def.deficiencyNotices.max) {
    return {
      code: 'DEFICIENCY_CAP_REACHED',
      message: `this permit type allows ${def.deficiencyNotices.max} deficiency notice(s) and ${ctx.deficiencyNoticesSent} have been sent`,
      details: { max: def.deficiencyNotices.max, sent: ctx.deficiencyNoticesSent },
    };
  }
  if (t.requires.includes('feePaid') && ctx.feeSettled !== true) {
    return { code: 'FEE_UNPAID', message: `"${t.action}" waits until the fee is paid or waived`, details: { missing: ['feePaid'] } };
  }
  return undefined;
}

function failure(code: ActionErrorCode, message: string, details?: Readonly<Record<string, unknown>>): TransitionResult {
  return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}

/** Takes an action: the next state and the effects to carry out, or why not. */
export function applyAction(
  def: PermitTypeDefinition,
  ctx: CaseContext,
  actor: Actor,
  input: ActionInput,
): TransitionResult {
  const anywhere = expandTransitions(def).filter((t) => t.action === input.action);
  if (anywhere.length === 0 && !def.transitions.some((t) => t.action === input.action)) {
    return failure('UNKNOWN_ACTION', `this permit type has no action "${input.action}"`, { action: input.action });
  }
  const current = stateDefinition(def, ctx.state);
  if (!current) {
    return failure('WRONG_STATE', `the case is in state "${ctx.state}", which this workflow does not have`, {
      state: ctx.state,
    });
  }
  if (current.final !== undefined) {
    return failure('CASE_CLOSED', `the case is closed (${current.final})`, { state: ctx.state, outcome: current.final });
  }
  const transition = anywhere.find((t) => t.from === ctx.state);
  if (!transition) {
    return failure('WRONG_STATE', `"${input.action}" cannot be taken in state "${ctx.state}"`, {
      state: ctx.state,
      action: input.action,
      availableIn: [...new Set(anywhere.map((t) => t.from))],
    });
  }
  const refusal = refuse(def, ctx, actor, transition);
  if (refusal) return { ok: false, error: refusal };

  const comment = input.comment?.trim();
  const documents = [...new Set(input.missingDocuments ?? [])];
  const missing = transition.requires.filter((r): boolean => {
    switch (r) {
      case 'comment':
        return comment === undefined || comment === '';
      case 'missingDocuments':
        return documents.length === 0;
      case 'feePaid':
        return false; // a fact of the case, checked with the role and the cap
      default: {
        const _exhaustive: never = r;
        return _exhaustive;
      }
    }
  });
  if (missing.length > 0) {
    return failure('MISSING_REQUIREMENT', `"${input.action}" requires ${missing.map(describeRequirement).join(' and ')}`, {
      missing,
    });
  }
  const codes = def.requirements.map((r) => r.code);
  const unknown = documents.filter((d) => !codes.includes(d));
  if (unknown.length > 0) {
    return failure('INVALID_DOCUMENTS', `not a requirement of this permit type: ${unknown.join(', ')}`, {
      unknown,
      known: codes,
    });
  }
  const unanswered = resumesClock(def, ctx.state, transition.to) ? [...new Set(ctx.documentsToReplace ?? [])] : [];
  if (unanswered.length > 0) {
    const missingDocuments = unanswered.map((code) => ({ code, name: def.requirements.find((r) => r.code === code)?.name ?? code }));
    return failure(
      'DOCUMENTS_NOT_REPLACED',
      `the deficiency notice asked for ${missingDocuments.map((m) => m.name).join(', ')}: upload ${missingDocuments.length === 1 ? 'it' : 'each'} anew before "${input.action}"`,
      { missingDocuments },
    );
  }
  return {
    ok: true,
    action: transition.action,
    from: ctx.state,
    to: transition.to,
    effects: transitionEffects(def, ctx.state, transition.to, {
      ...(comment ? { comment } : {}),
      missingDocuments: documents,
    }),
  };
}

/** Leaving a stopped-clock state for a running one (a resubmission): the statutory clock resumes. */
function resumesClock(def: PermitTypeDefinition, from: string, to: string): boolean {
  const source = stateDefinition(def, from);
  const target = stateDefinition(def, to);
  return source?.clock === 'stopped' && target !== undefined && target.final === undefined && target.clock !== 'stopped';
}

function describeRequirement(r: TransitionRequirement): string {
  switch (r) {
    case 'comment':
      return 'a comment';
    case 'missingDocuments':
      return 'the list of missing documents';
    case 'feePaid':
      return 'the fee paid or waived';
    default: {
      const _exhaustive: never = r;
      return _exhaustive;
    }
  }
}

interface EffectInput {
  readonly comment?: string;
  readonly missingDocuments?: readonly string[];
}

/**
 * The effects of moving a case from one state to another, in the order to carry them out:
 * what stops on leaving, the statutory clock, the notice, what starts on entering, the decision.
 * A self-transition restarts nothing.
 */
export function transitionEffects(def: PermitTypeDefinition, from: string, to: string, input: EffectInput = {}): Effect[] {
  const source = stateDefinition(def, from);
  const target = stateDefinition(def, to);
  if (!source || !target) return [];
  const effects: Effect[] = [];
  const moving = from !== to;
  const sourceStopped = source.clock === 'stopped';
  const targetStopped = target.clock === 'stopped';

  if (moving) {
    if (source.sla) effects.push({ kind: 'state-clock', op: 'stop', state: from });
    if (source.applicantResponse) effects.push({ kind: 'response-window', op: 'stop', state: from });
    if (target.final !== undefined) {
      effects.push({ kind: 'statutory-clock', op: 'finish', outcome: target.final });
    } else if (targetStopped && !sourceStopped) {
      effects.push({ kind: 'statutory-clock', op: 'stop', state: to });
    } else if (sourceStopped && !targetStopped) {
      effects.push({ kind: 'statutory-clock', op: 'resume', state: from });
    }
  }
  if (targetStopped && target.final === undefined) {
    effects.push({
      kind: 'deficiency-notice',
      state: to,
      missingDocuments: input.missingDocuments ?? [],
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    });
  }
  if (moving) effects.push(...enterEffects(to, target));
  if (target.final !== undefined) {
    effects.push({
      kind: 'decision',
      outcome: target.final,
      state: to,
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    });
  }
  return effects;
}

function enterEffects(name: string, state: StateDefinition): Effect[] {
  const effects: Effect[] = [];
  if (state.sla) effects.push({ kind: 'state-clock', op: 'start', state: name, workingDays: state.sla.workingDays });
  const window = responseWindowStart(name, state);
  if (window) effects.push(window);
  return effects;
}

function responseWindowStart(name: string, state: StateDefinition): ResponseWindowEffect | undefined {
  const r = state.applicantResponse;
  if (!r) return undefined;
  if (r.calendarDays !== undefined) {
    return { kind: 'response-window', op: 'start', state: name, onTimeout: r.onTimeout, calendarDays: r.calendarDays };
  }
  if (r.workingDays !== undefined) {
    return { kind: 'response-window', op: 'start', state: name, onTimeout: r.onTimeout, workingDays: r.workingDays };
  }
  return undefined;
}

/** Submission: the statutory clock starts, and the initial state's own clock and window. */
export function initialEffects(def: PermitTypeDefinition): Effect[] {
  const name = initialState(def);
  const state = stateDefinition(def, name);
  return [
    { kind: 'statutory-clock', op: 'start', workingDays: def.processingTime.workingDays },
    ...(state ? enterEffects(name, state) : []),
  ];
}

/**
 * Where a case goes, as the system, when the applicant's response window in `state` lapses;
 * undefined when that state has no response window.
 */
export function timeoutTransition(def: PermitTypeDefinition, state: string): TransitionSuccess | undefined {
  const current = stateDefinition(def, state);
  const target = current?.applicantResponse?.onTimeout;
  if (!current || current.final !== undefined || target === undefined || !stateDefinition(def, target)) return undefined;
  return { ok: true, action: RESPONSE_TIMEOUT_ACTION, from: state, to: target, effects: transitionEffects(def, state, target) };
}

/**
 * Deemed approval (fiktif positif): the case moves, as the system, from wherever it is to the
 * approving final state. Refused for a closed case or a workflow without an approving state.
 */
export function deemedApproval(def: PermitTypeDefinition, ctx: CaseContext): TransitionResult {
  const current = stateDefinition(def, ctx.state);
  if (!current) {
    return failure('WRONG_STATE', `the case is in state "${ctx.state}", which this workflow does not have`, {
      state: ctx.state,
    });
  }
  if (current.final !== undefined) {
    return failure('CASE_CLOSED', `the case is closed (${current.final})`, { state: ctx.state, outcome: current.final });
  }
  const target = approvingFinalState(def);
  if (target === undefined) return failure('UNKNOWN_ACTION', 'this workflow has no approving final state');
  return {
    ok: true,
    action: DEEMED_APPROVAL_ACTION,
    from: ctx.state,
    to: target,
    effects: transitionEffects(def, ctx.state, target),
  };
}
