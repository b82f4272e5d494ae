import {
  ANY_STATE,
  BUILT_IN_ROLES,
  FINAL_OUTCOMES,
  type FinalOutcome,
  type ValidationContext,
} from './definition.types';
import { fault, type PathFault, type PathSegment } from './fault-path';
import { didYouMean } from './suggest';
import { expandFrom } from './transition-expansion';

/*
 * Semantic checks run on a lenient projection of the raw input, so that they still report
 * their faults when the structure is broken elsewhere: a value of the wrong shape is simply
 * left out of the projection (the structural validator has already reported it).
 */

interface LooseResponse {
  readonly calendarDays: unknown;
  readonly workingDays: unknown;
  readonly onTimeout: unknown;
}

interface LooseState {
  readonly name: string;
  readonly role?: string;
  readonly sla?: number;
  readonly stopped: boolean;
  /** The `final` key is present (whatever its value). */
  readonly isFinal: boolean;
  readonly outcome?: FinalOutcome;
  readonly response?: LooseResponse;
}

interface LooseTransition {
  readonly index: number;
  readonly from?: string;
  readonly action?: string;
  readonly to?: string;
  readonly roles: ReadonlyArray<{ readonly role: string; readonly index: number }>;
  readonly requires: readonly string[];
}

interface LooseDefinition {
  readonly agency?: string;
  readonly roles: readonly string[];
  readonly requirementCodes: ReadonlyArray<{ readonly code: string; readonly index: number }>;
  readonly formFields: ReadonlyArray<{ readonly index: number; readonly field: Readonly<Record<string, unknown>> }>;
  readonly states: ReadonlyMap<string, LooseState>;
  readonly initial?: { readonly name: string; readonly explicit: boolean };
  readonly transitions: readonly LooseTransition[];
  readonly processingDays?: number;
  readonly deficiencyMax?: number;
  readonly onBreach?: string;
  readonly compensation?: { readonly perWorkingDay?: number; readonly cap?: number };
}

type Check = (def: LooseDefinition, ctx: ValidationContext) => PathFault[];

/** Every semantic fault of a raw definition (an empty list when it is sound). */
export function semanticFaults(raw: unknown, ctx: ValidationContext = {}): PathFault[] {
  const def = project(raw);
  if (!def) return [];
  return CHECKS.flatMap((check) => check(def, ctx));
}

// ---------------------------------------------------------------------------------------
// Projection

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isOutcome(value: unknown): value is FinalOutcome {
  return (FINAL_OUTCOMES as readonly unknown[]).includes(value);
}

function project(raw: unknown): LooseDefinition | undefined {
  const root = record(raw);
  if (!root) return undefined;

  const states = new Map<string, LooseState>();
  for (const [name, value] of Object.entries(record(root['states']) ?? {})) {
    const s = record(value) ?? {};
    const response = record(s['applicantResponse']);
    const role = str(s['role']);
    const sla = num(record(s['sla'])?.['workingDays']);
    const outcome = s['final'];
    states.set(name, {
      name,
      ...(role !== undefined ? { role } : {}),
      ...(sla !== undefined ? { sla } : {}),
      stopped: s['clock'] === 'stopped',
      isFinal: outcome !== undefined,
      ...(isOutcome(outcome) ? { outcome } : {}),
      ...(response
        ? {
            response: {
              calendarDays: response['calendarDays'],
              workingDays: response['workingDays'],
              onTimeout: response['onTimeout'],
            },
          }
        : {}),
    });
  }

  const explicitInitial = str(root['initial']);
  const firstState = states.keys().next();
  const initial =
    explicitInitial !== undefined
      ? { name: explicitInitial, explicit: true }
      : firstState.done
        ? undefined
        : { name: firstState.value, explicit: false };

  const transitions: LooseTransition[] = list(root['transitions']).map((value, index) => {
    const t = record(value) ?? {};
    const from = str(t['from']);
    const action = str(t['action']);
    const to = str(t['to']);
    return {
      index,
      ...(from !== undefined ? { from } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(to !== undefined ? { to } : {}),
      roles: list(t['roles']).flatMap((role, i) => (typeof role === 'string' ? [{ role, index: i }] : [])),
      requires: list(t['requires']).filter((r): r is string => typeof r === 'string'),
    };
  });

  const compensation = record(root['delayCompensation']);
  const agency = str(root['agency']);
  const processingDays = num(record(root['processingTime'])?.['workingDays']);
  const deficiencyMax = num(record(root['deficiencyNotices'])?.['max']);
  const onBreach = str(root['onBreach']);
  const perWorkingDay = num(compensation?.['perWorkingDay']);
  const cap = num(compensation?.['cap']);

  return {
    ...(agency !== undefined ? { agency } : {}),
    roles: list(root['roles']).filter((r): r is string => typeof r === 'string'),
    requirementCodes: list(root['requirements']).flatMap((r, index) => {
      const code = str(record(r)?.['code']);
      return code === undefined ? [] : [{ code, index }];
    }),
    formFields: list(record(root['form'])?.['fields']).flatMap((f, index) => {
      const field = record(f);
      return field ? [{ index, field }] : [];
    }),
    states,
    ...(initial ? { initial } : {}),
    transitions,
    ...(processingDays !== undefined ? { processingDays } : {}),
    ...(deficiencyMax !== undefined ? { deficiencyMax } : {}),
    ...(onBreach !== undefined ? { onBreach } : {}),
    ...(compensation
      ? {
          compensation: {
            ...(perWorkingDay !== undefined ? { perWorkingDay } : {}),
            ...(cap !== undefined ? { cap } : {}),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Graph helpers

interface Edge {
  readonly from: string;
  readonly to: string;
  /** The transition index, or undefined for a response-window timeout. */
  readonly transition?: LooseTransition;
}

function stateEntries(def: LooseDefinition): Array<readonly [string, { final?: unknown }]> {
  return [...def.states.values()].map((s) => [s.name, { final: s.isFinal ? true : undefined }] as const);
}

/** Transitions with "*" expanded, over known states only. */
function transitionEdges(def: LooseDefinition): Edge[] {
  const entries = stateEntries(def);
  const edges: Edge[] = [];
  for (const t of def.transitions) {
    if (t.from === undefined || t.to === undefined || !def.states.has(t.to)) continue;
    for (const from of expandFrom(t.from, t.to, entries)) {
      if (def.states.has(from)) edges.push({ from, to: t.to, transition: t });
    }
  }
  return edges;
}

/** Transition edges plus the response-window timeouts (the system moves the case there). */
function allEdges(def: LooseDefinition): Edge[] {
  const edges = transitionEdges(def);
  for (const s of def.states.values()) {
    const target = str(s.response?.onTimeout);
    if (target !== undefined && def.states.has(target)) edges.push({ from: s.name, to: target });
  }
  return edges;
}

function adjacency(edges: readonly Edge[], reverse = false): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = reverse ? [e.to, e.from] : [e.from, e.to];
    const next = map.get(a) ?? [];
    if (!next.includes(b)) next.push(b);
    map.set(a, next);
  }
  return map;
}

function reachable(start: readonly string[], next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const n of next.get(current) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

function known(values: Iterable<string>): string {
  const all = [...values];
  return all.length > 0 ? all.join(', ') : 'none';
}

// ---------------------------------------------------------------------------------------
// Checks

const unknownStates: Check = (def) => {
  const names = [...def.states.keys()];
  const unknown = (at: PathSegment[], name: string): PathFault =>
    fault(at, `unknown state "${name}"${didYouMean(name, names)} (states: ${known(names)})`);
  const faults: PathFault[] = [];
  if (def.initial?.explicit && !def.states.has(def.initial.name)) {
    faults.push(unknown(['initial'], def.initial.name));
  }
  for (const s of def.states.values()) {
    const target = str(s.response?.onTimeout);
    if (target !== undefined && !def.states.has(target)) {
      faults.push(unknown(['states', s.name, 'applicantResponse', 'onTimeout'], target));
    }
  }
  for (const t of def.transitions) {
    if (t.from !== undefined && t.from !== ANY_STATE && !def.states.has(t.from)) {
      faults.push(unknown(['transitions', t.index, 'from'], t.from));
    }
    if (t.to !== undefined && !def.states.has(t.to)) faults.push(unknown(['transitions', t.index, 'to'], t.to));
  }
  return faults;
};

const unknownRoles: Check = (def) => {
  const roles = new Set<string>([...BUILT_IN_ROLES, ...def.roles]);
  const unknown = (at: PathSegment[], role: string): PathFault =>
    fault(
      at,
      `unknown role "${role}"${didYouMean(role, [...roles])} (declared: ${known(def.roles)}; built in: ${BUILT_IN_ROLES.join(', ')})`,
    );
  const faults: PathFault[] = [];
  for (const s of def.states.values()) {
    if (s.role !== undefined && !roles.has(s.role)) faults.push(unknown(['states', s.name, 'role'], s.role));
  }
  for (const t of def.transitions) {
    for (const r of t.roles) {
      if (!roles.has(r.role)) faults.push(unknown(['transitions', t.index, 'roles', r.index], r.role));
    }
  }
  return faults;
};

/** Document references must name a requirement. (Transitions do not list documents today.) */
const documentReferences: Check = (def) => {
  const faults: PathFault[] = [];
  const seen = new Map<string, number>();
  for (const { code, index } of def.requirementCodes) {
    const first = seen.get(code);
    if (first !== undefined) {
      faults.push(fault(['requirements', index, 'code'], `duplicate requirement code "${code}" (also requirements[${first}])`));
    } else seen.set(code, index);
  }
  return faults;
};

const unknownAgency: Check = (def, ctx) => {
  if (!ctx.agencies || def.agency === undefined || ctx.agencies.includes(def.agency)) return [];
  return [fault(['agency'], `unknown agency "${def.agency}"${didYouMean(def.agency, ctx.agencies)} (known: ${known(ctx.agencies)})`)];
};

const initialStateSound: Check = (def) => {
  const initial = def.initial && def.states.get(def.initial.name);
  if (!def.initial || !initial) return [];
  const at: PathSegment[] = def.initial.explicit ? ['initial'] : ['states', initial.name];
  if (initial.isFinal) return [fault(at, `the initial state "${initial.name}" must not be final`)];
  if (initial.stopped) return [fault(at, `the initial state "${initial.name}" must not stop the clock`)];
  return [];
};

const reachability: Check = (def) => {
  if (def.states.size === 0) return [];
  const edges = allEdges(def);
  const faults: PathFault[] = [];
  if (def.initial && def.states.has(def.initial.name)) {
    const fromStart = reachable([def.initial.name], adjacency(edges));
    for (const name of def.states.keys()) {
      if (!fromStart.has(name)) {
        faults.push(fault(['states', name], `is not reachable from the initial state "${def.initial.name}"`));
      }
    }
  }
  const finals = [...def.states.values()].filter((s) => s.isFinal).map((s) => s.name);
  if (finals.length === 0) return [...faults, fault(['states'], 'must include at least one final state')];
  const toFinal = reachable(finals, adjacency(edges, true));
  for (const name of def.states.keys()) {
    if (!toFinal.has(name)) faults.push(fault(['states', name], 'has no path to a final state'));
  }
  return faults;
};

const duplicateActions: Check = (def) => {
  // first transition taking (state, action), then per clashing pair the states they share
  const first = new Map<string, LooseTransition>();
  const clashes = new Map<string, { earlier: LooseTransition; later: LooseTransition; states: string[] }>();
  for (const edge of transitionEdges(def)) {
    const t = edge.transition;
    if (!t || t.action === undefined) continue;
    const key = `${edge.from}\u0000${t.action}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, t);
      continue;
    }
    if (earlier.index === t.index) continue;
    const pair = `${earlier.index}-${t.index}`;
    const clash = clashes.get(pair) ?? { earlier, later: t, states: [] };
    clash.states.push(edge.from);
    clashes.set(pair, clash);
  }
  return [...clashes.values()].map(({ earlier, later, states }) =>
    fault(
      ['transitions', later.index, 'action'],
      `action "${later.action ?? ''}" already leaves ${states.length === 1 ? 'state' : 'states'} ${states.map((s) => `"${s}"`).join(', ')} (transitions[${earlier.index}])`,
    ),
  );
};

const finalStates: Check = (def) => {
  const faults: PathFault[] = [];
  for (const t of def.transitions) {
    if (t.from !== undefined && def.states.get(t.from)?.isFinal) {
      faults.push(fault(['transitions', t.index, 'from'], `state "${t.from}" is final and cannot have outgoing transitions`));
    }
  }
  for (const s of def.states.values()) {
    if (!s.isFinal) continue;
    if (s.sla !== undefined) faults.push(fault(['states', s.name, 'sla'], 'a final state has no clock, so no SLA'));
    if (s.stopped) faults.push(fault(['states', s.name, 'clock'], 'a final state has no clock to stop'));
    if (s.response) {
      faults.push(fault(['states', s.name, 'applicantResponse'], 'a final state cannot wait for the applicant'));
    }
  }
  return faults;
};

const stoppedStates: Check = (def) => {
  const faults: PathFault[] = [];
  const edges = transitionEdges(def);
  for (const s of def.states.values()) {
    if (!s.stopped || s.isFinal) continue;
    if (!s.response) {
      faults.push(fault(['states', s.name, 'applicantResponse'], 'is required when the clock is stopped (how long the applicant has to respond)'));
    }
    const resumes = edges.some((e) => {
      const target = def.states.get(e.to);
      return e.from === s.name && target !== undefined && !target.stopped && !target.isFinal;
    });
    if (!resumes) {
      faults.push(fault(['states', s.name, 'clock'], 'the clock is stopped but no transition leads back to a state where it runs'));
    }
  }
  return faults;
};

const responseWindows: Check = (def) => {
  const faults: PathFault[] = [];
  for (const s of def.states.values()) {
    if (!s.response || s.isFinal) continue;
    const at: PathSegment[] = ['states', s.name, 'applicantResponse'];
    if (s.response.onTimeout === undefined) {
      faults.push(fault([...at, 'onTimeout'], 'is required: the state the case moves to when the applicant does not respond'));
    }
    const calendar = s.response.calendarDays !== undefined;
    const working = s.response.workingDays !== undefined;
    if (calendar === working) {
      faults.push(fault(at, `must set exactly one of calendarDays or workingDays (${calendar ? 'both' : 'neither'} set)`));
    }
  }
  return faults;
};

const deficiencyTransitions: Check = (def) => {
  const faults: PathFault[] = [];
  for (const t of def.transitions) {
    if (t.to === undefined) continue;
    const target = def.states.get(t.to);
    if (!target) continue;
    const asksDocuments = t.requires.includes('missingDocuments');
    if (target.stopped && !asksDocuments) {
      faults.push(
        fault(['transitions', t.index, 'requires'], `must include missingDocuments: it stops the clock by entering "${t.to}"`),
      );
    }
    if (!target.stopped && asksDocuments) {
      faults.push(
        fault(['transitions', t.index, 'requires'], `missingDocuments belongs only on transitions into a stopped-clock state ("${t.to}" runs)`),
      );
    }
  }
  return faults;
};

const deficiencyCap: Check = (def) => {
  if (def.deficiencyMax === undefined) return [];
  const stopped = [...def.states.values()].filter((s) => s.stopped && !s.isFinal).map((s) => s.name);
  if (def.deficiencyMax > 0 && stopped.length === 0) {
    return [fault(['deficiencyNotices', 'max'], `allows ${def.deficiencyMax} deficiency notice(s) but no state stops the clock`)];
  }
  if (def.deficiencyMax === 0 && stopped.length > 0) {
    return [
      fault(['deficiencyNotices', 'max'], `is 0, so the transitions into stopped-clock state(s) ${stopped.join(', ')} could never be taken`),
    ];
  }
  return [];
};

const breachPolicy: Check = (def) => {
  if (def.onBreach !== 'deemed-approval') return [];
  const approving = [...def.states.values()].some((s) => s.outcome === 'approved');
  return approving ? [] : [fault(['onBreach'], 'deemed-approval needs a state with final: approved')];
};

const compensation: Check = (def) => {
  const c = def.compensation;
  if (!c || c.cap === undefined || c.perWorkingDay === undefined || c.cap >= c.perWorkingDay) return [];
  return [fault(['delayCompensation', 'cap'], `must be at least perWorkingDay (${c.perWorkingDay})`)];
};

/** Bound on the simple-path search, far above any real workflow. */
const PATH_SEARCH_BUDGET = 200_000;

const slaBudget: Check = (def) => {
  if (def.processingDays === undefined || !def.initial || !def.states.has(def.initial.name)) return [];
  const next = adjacency(allEdges(def));
  const weight = (name: string): number => {
    const s = def.states.get(name);
    return s && !s.stopped && !s.isFinal ? (s.sla ?? 0) : 0;
  };
  let worst: { sum: number; rank: number; path: string[] } | undefined;
  let steps = 0;
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (name: string, sum: number): void => {
    if (++steps > PATH_SEARCH_BUDGET) return;
    path.push(name);
    onPath.add(name);
    const total = sum + weight(name);
    const state = def.states.get(name);
    if (state?.isFinal) {
      // on a tie, name the path to a decision rather than to a withdrawal
      const rank = state.outcome === 'withdrawn' ? 0 : 1;
      if (!worst || total > worst.sum || (total === worst.sum && rank > worst.rank)) {
        worst = { sum: total, rank, path: [...path] };
      }
    } else {
      for (const n of next.get(name) ?? []) if (!onPath.has(n)) visit(n, total);
    }
    path.pop();
    onPath.delete(name);
  };
  visit(def.initial.name, 0);
  if (!worst || worst.sum <= def.processingDays) return [];
  return [
    fault(
      ['processingTime', 'workingDays'],
      `per-state SLAs along ${worst.path.join(' -> ')} sum to ${worst.sum} working days, more than the statutory ${def.processingDays}`,
    ),
  ];
};

const formFields: Check = (def) => {
  const faults: PathFault[] = [];
  const seen = new Map<string, number>();
  for (const { index, field } of def.formFields) {
    const at = (key: string): PathSegment[] => ['form', 'fields', index, key];
    const name = str(field['name']);
    if (name !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) faults.push(fault(at('name'), `duplicate field name "${name}" (also form.fields[${first}])`));
      else seen.set(name, index);
    }
    const type = str(field['type']);
    if (type === undefined) continue;
    const numeric = type === 'number' || type === 'integer';
    const textual = type === 'string' || type === 'email';
    if (field['enum'] !== undefined && type !== 'string') faults.push(fault(at('enum'), `enum applies only to string fields, not ${type}`));
    for (const key of ['min', 'max'] as const) {
      if (field[key] !== undefined && !numeric) faults.push(fault(at(key), `${key} applies only to number and integer fields, not ${type}`));
    }
    for (const key of ['pattern', 'maxLength'] as const) {
      if (field[key] !== undefined && !textual) faults.push(fault(at(key), `${key} applies only to string and email fields, not ${type}`));
    }
    const min = num(field['min']);
    const max = num(field['max']);
    if (min !== undefined && max !== undefined && min > max) faults.push(fault(at('max'), `must be at least min (${min})`));
    const pattern = str(field['pattern']);
    if (pattern !== undefined) {
      try {
        new RegExp(pattern, 'u');
      } catch (e: unknown) {
        faults.push(fault(at('pattern'), `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
  }
  return faults;
};

const CHECKS: readonly Check[] = [
  unknownAgency,
  unknownRoles,
  unknownStates,
  documentReferences,
  formFields,
  initialStateSound,
  reachability,
  duplicateActions,
  finalStates,
  stoppedStates,
  responseWindows,
  deficiencyTransitions,
  deficiencyCap,
  breachPolicy,
  compensation,
  slaBudget,
];
