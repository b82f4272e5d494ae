import type { PermitTypeDefinition } from '@tenggat/workflow';

/**
 * The rules of moving one open case from a permit type version to a newer one, as pure functions
 * of the two definitions, the plan's state map and what the case is now. No I/O, no clock: the
 * service turns the decision into guarded writes, and a dry run shows it without writing.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a case cannot move; each code is named once with its message in {@link BLOCK_MESSAGES}. */
export type BlockReason =
  | 'unmapped-state'
  | 'stopped-clock-state-gone'
  | 'would-stop-clock'
  | 'would-resume-clock'
  | 'claimed'
  | 'not-on-from-version'
  | 'not-open';

export const BLOCK_MESSAGES: Readonly<Record<BlockReason, string>> = {
  'unmapped-state': 'the case is in a state the new version does not have, and the plan maps it nowhere',
  'stopped-clock-state-gone':
    'the statutory clock is stopped (a deficiency notice is open) and that state is gone or renamed in the new version: let the applicant answer first',
  'would-stop-clock': 'the mapped state stops the statutory clock, which only a deficiency notice may do',
  'would-resume-clock': 'the case waits on the applicant with its clock stopped, but the mapped state runs the clock',
  claimed: 'an officer holds the case and the new state is worked by another role: release or reassign it first',
  'not-on-from-version': 'the case is not on the plan\'s from-version (moved already, or submitted under another one)',
  'not-open': 'the case is closed',
};

/** What the case is now, as far as the rules care. */
export interface CaseSnapshot {
  state: string;
  status: 'draft' | 'open' | 'closed';
  permitTypeVersion: number | null;
  assigneeId: string | null;
  clocks: readonly ClockSnapshot[];
}

export interface ClockSnapshot {
  id: string;
  kind: 'statutory' | 'state' | 'response';
  stateName: string | null;
  status: 'running' | 'stopped' | 'finished';
  budgetMs: number;
  breached: boolean;
}

/** How the statutory time of a submitted case is treated (it never moves later). */
export type StatutoryRule =
  /** same processing time: nothing changes */
  | 'unchanged'
  /** the new version's time is longer: the case keeps its own (a deadline never moves later) */
  | 'longer-not-applied'
  /** shorter, but the new version does not apply it to open cases */
  | 'shorter-not-applied'
  /** shorter, and the new version says open cases take it (`openCases.processingTime: shorten`) */
  | 'shortened'
  /** the clock has breached already: its record stays as it is */
  | 'breached-kept';

export type ClockStep =
  | { readonly op: 'keep'; readonly clockId: string; readonly kind: ClockSnapshot['kind']; readonly state: string | null }
  | { readonly op: 'rebudget'; readonly clockId: string; readonly kind: 'statutory' | 'state'; readonly state: string | null; readonly budgetMs: number }
  | { readonly op: 'finish'; readonly clockId: string; readonly kind: 'state' | 'response'; readonly state: string | null }
  | { readonly op: 'start'; readonly kind: 'state'; readonly state: string; readonly workingDays: number };

export type MoveDecision =
  | { readonly ok: false; readonly reason: BlockReason; readonly message: string }
  | { readonly ok: true; readonly to: string; readonly statutory: StatutoryRule; readonly steps: readonly ClockStep[]; readonly keepsHolder: boolean };

/** A fault in a plan (400/422 when it is created). */
export interface PlanFault {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks a plan's state map against the two versions: every key a non-final state of the old
 * version, every value a non-final state of the new one. Empty when it is sound.
 */
export function planFaults(from: PermitTypeDefinition, to: PermitTypeDefinition, stateMap: Readonly<Record<string, string>>): PlanFault[] {
  const faults: PlanFault[] = [];
  for (const [key, value] of Object.entries(stateMap)) {
    const old = from.states[key];
    if (!old) faults.push({ field: `stateMap.${key}`, message: `${key} is not a state of the from-version` });
    else if (old.final !== undefined) faults.push({ field: `stateMap.${key}`, message: `${key} is a final state: closed cases never move` });
    const target = to.states[value];
    if (!target) faults.push({ field: `stateMap.${key}`, message: `${value} is not a state of the to-version` });
    else if (target.final !== undefined) faults.push({ field: `stateMap.${key}`, message: `${value} is a final state: a migration never closes a case` });
  }
  return faults;
}

/** The state a case in `state` moves to: the plan's mapping, else the same name when the new version has it. */
export function mappedState(to: PermitTypeDefinition, stateMap: Readonly<Record<string, string>>, state: string): string | null {
  if (stateMap[state] !== undefined) return stateMap[state];
  const same = to.states[state];
  return same && same.final === undefined ? state : null;
}

/** The effective map of every non-final state of the old version (null: cannot move). */
export function effectiveMap(from: PermitTypeDefinition, to: PermitTypeDefinition, stateMap: Readonly<Record<string, string>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, s] of Object.entries(from.states)) if (s.final === undefined) out[name] = mappedState(to, stateMap, name);
  return out;
}

const stopped = (def: PermitTypeDefinition, state: string): boolean => def.states[state]?.clock === 'stopped';

const block = (reason: BlockReason): MoveDecision => ({ ok: false, reason, message: BLOCK_MESSAGES[reason] });

/**
 * What moving this case would do, or why it cannot move. The legal rule for time: the statutory
 * budget of a submitted case never grows; it shrinks only when the new version says open cases
 * take a shorter time; a breached statutory clock is never touched. Per-state SLAs follow the new
 * state: the same state with another SLA keeps its consumed time on the new budget; another
 * state finishes the old clock and starts its own; a state without an SLA finishes it. A
 * running response window (the applicant's time to answer) is kept as it is.
 */
export function decideMove(
  from: PermitTypeDefinition,
  to: PermitTypeDefinition,
  fromVersion: number,
  stateMap: Readonly<Record<string, string>>,
  c: CaseSnapshot,
): MoveDecision {
  if (c.status !== 'open') return block('not-open');
  if (c.permitTypeVersion !== fromVersion) return block('not-on-from-version');
  const target = mappedState(to, stateMap, c.state);
  if (target === null) return stopped(from, c.state) ? block('stopped-clock-state-gone') : block('unmapped-state');
  if (stopped(from, c.state) && target !== c.state) return block('stopped-clock-state-gone');
  if (stopped(from, c.state) && !stopped(to, target)) return block('would-resume-clock');
  if (!stopped(from, c.state) && stopped(to, target)) return block('would-stop-clock');
  const keepsHolder = c.assigneeId === null || from.states[c.state]?.role === to.states[target]?.role;
  if (!keepsHolder) return block('claimed');

  const steps: ClockStep[] = [];
  let statutory: StatutoryRule = 'unchanged';
  const law = c.clocks.find((k) => k.kind === 'statutory' && k.status !== 'finished');
  if (law) {
    const budget = to.processingTime.workingDays * DAY_MS;
    if (law.breached) statutory = budget === law.budgetMs ? 'unchanged' : 'breached-kept';
    else if (budget > law.budgetMs) statutory = 'longer-not-applied';
    else if (budget < law.budgetMs) statutory = to.openCases?.processingTime === 'shorten' ? 'shortened' : 'shorter-not-applied';
    steps.push(
      statutory === 'shortened'
        ? { op: 'rebudget', clockId: law.id, kind: 'statutory', state: null, budgetMs: budget }
        : { op: 'keep', clockId: law.id, kind: 'statutory', state: null },
    );
  }

  const sla = to.states[target]?.sla;
  const stateClock = c.clocks.find((k) => k.kind === 'state' && k.status === 'running');
  if (stateClock && stateClock.stateName === target && sla) {
    const budget = sla.workingDays * DAY_MS;
    steps.push(
      budget === stateClock.budgetMs || stateClock.breached
        ? { op: 'keep', clockId: stateClock.id, kind: 'state', state: target }
        : { op: 'rebudget', clockId: stateClock.id, kind: 'state', state: target, budgetMs: budget },
    );
  } else {
    if (stateClock) steps.push({ op: 'finish', clockId: stateClock.id, kind: 'state', state: stateClock.stateName });
    if (sla) steps.push({ op: 'start', kind: 'state', state: target, workingDays: sla.workingDays });
  }

  for (const w of c.clocks.filter((k) => k.kind === 'response' && k.status === 'running')) {
    steps.push(
      to.states[target]?.applicantResponse
        ? { op: 'keep', clockId: w.id, kind: 'response', state: w.stateName }
        : { op: 'finish', clockId: w.id, kind: 'response', state: w.stateName },
    );
  }
  return { ok: true, to: target, statutory, steps, keepsHolder };
}
