import {
  ANY_STATE,
  type PermitTypeDefinition,
  type StateDefinition,
  type TransitionRequirement,
} from './definition.types';

/** A transition with `from` resolved to one concrete state ("*" expanded). */
export interface ResolvedTransition {
  /** Index of the transition in the definition's `transitions` list. */
  readonly index: number;
  readonly from: string;
  readonly action: string;
  readonly label?: string;
  readonly to: string;
  readonly roles: readonly string[];
  readonly requires: readonly TransitionRequirement[];
  /** True when it came from `from: "*"`. */
  readonly wildcard: boolean;
}

/** The states a `from` value stands for: itself, or for "*" every non-final state but the target. */
export function expandFrom(
  from: string,
  to: string,
  states: ReadonlyArray<readonly [string, { readonly final?: unknown }]>,
): string[] {
  if (from !== ANY_STATE) return [from];
  return states.filter(([name, state]) => state.final === undefined && name !== to).map(([name]) => name);
}

const expanded = new WeakMap<PermitTypeDefinition, readonly ResolvedTransition[]>();

/** Every transition with "*" expanded, in definition order. Cached per definition object. */
export function expandTransitions(def: PermitTypeDefinition): readonly ResolvedTransition[] {
  const cached = expanded.get(def);
  if (cached) return cached;
  const states = Object.entries(def.states);
  const result: ResolvedTransition[] = [];
  def.transitions.forEach((t, index) => {
    for (const from of expandFrom(t.from, t.to, states)) {
      result.push({
        index,
        from,
        action: t.action,
        ...(t.label !== undefined ? { label: t.label } : {}),
        to: t.to,
        roles: t.roles,
        requires: t.requires ?? [],
        wildcard: t.from === ANY_STATE,
      });
    }
  });
  const frozen = Object.freeze(result);
  expanded.set(def, frozen);
  return frozen;
}

/** The transition `action` takes out of `from` ("*" resolved), if there is one. */
export function transitionOf(def: PermitTypeDefinition, action: string, from: string): ResolvedTransition | undefined {
  return expandTransitions(def).find((t) => t.action === action && t.from === from);
}

export function transitionsFrom(def: PermitTypeDefinition, state: string): readonly ResolvedTransition[] {
  return expandTransitions(def).filter((t) => t.from === state);
}

export function stateDefinition(def: PermitTypeDefinition, state: string): StateDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(def.states, state) ? def.states[state] : undefined;
}

/** The explicit `initial`, else the first state listed. */
export function initialState(def: PermitTypeDefinition): string {
  return def.initial ?? Object.keys(def.states)[0];
}

export function isFinal(def: PermitTypeDefinition, state: string): boolean {
  return stateDefinition(def, state)?.final !== undefined;
}

/** True when cases in this state have their statutory clock stopped. */
export function clockStopped(def: PermitTypeDefinition, state: string): boolean {
  return stateDefinition(def, state)?.clock === 'stopped';
}

/** The first final state whose outcome is `approved` (the target of a deemed approval). */
export function approvingFinalState(def: PermitTypeDefinition): string | undefined {
  return Object.entries(def.states).find(([, s]) => s.final === 'approved')?.[0];
}

/** role -> the states whose `role` is that role, in definition order. */
export function rolesActingOn(def: PermitTypeDefinition): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const [name, state] of Object.entries(def.states)) {
    if (state.role === undefined) continue;
    const list = map.get(state.role) ?? [];
    list.push(name);
    map.set(state.role, list);
  }
  return map;
}
