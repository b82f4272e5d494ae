import { AuthUser, isSupervisor } from '@tenggat/identity';
import { ActionOption, ActionRefusalCode, BUILT_IN_ROLES, PermitTypeDefinition, stateDefinition, transitionsFrom } from '@tenggat/workflow';

const BUILT_IN: readonly string[] = BUILT_IN_ROLES;

/**
 * The officer roles that work cases in a state: the state's `role` and every officer role of a
 * transition out of it (never applicant, supervisor or system). Empty for a state that waits on
 * the applicant (a deficiency notice) and for final states.
 */
export function officerRolesFor(def: PermitTypeDefinition, state: string): ReadonlySet<string> {
  const s = stateDefinition(def, state);
  const roles = new Set<string>();
  if (!s || s.final !== undefined) return roles;
  if (s.role !== undefined) roles.add(s.role);
  for (const t of transitionsFrom(def, state)) for (const r of t.roles) if (!BUILT_IN.includes(r)) roles.add(r);
  return roles;
}

/** True when one of these roles works cases in the state. */
export function rolesWorkOn(roles: readonly string[], def: PermitTypeDefinition, state: string): boolean {
  const working = officerRolesFor(def, state);
  return roles.some((r) => working.has(r));
}

/**
 * May a staff member with these roles hold (be assigned) a case in this state? Supervisors
 * always; officers when their role works the state, or when nobody does (the case waits on the
 * applicant, so whoever asked may keep it).
 */
export function mayHold(roles: readonly string[], def: PermitTypeDefinition, state: string): boolean {
  if (roles.includes('supervisor')) return true;
  const working = officerRolesFor(def, state);
  return working.size === 0 || roles.some((r) => working.has(r));
}

/** A case held by someone. */
export interface Held {
  assigneeId: string | null;
  applicantId: string;
}

/**
 * A colleague holds the case and the action (open to these roles) is an officer's: refused, so
 * that nobody steps on another's work. The holder, supervisors and the applicant's own actions
 * are never blocked.
 */
export function heldByOther(user: AuthUser, app: Held, roles: readonly string[]): boolean {
  if (app.assigneeId === null || app.assigneeId === user.id || isSupervisor(user)) return false;
  return !(roles.includes('applicant') && user.id === app.applicantId);
}

/** An action of the case with whether the caller may take it now, and if not why. */
export type AvailableAction = Omit<ActionOption, 'reason'> & {
  readonly reason?: { readonly code: ActionRefusalCode | 'CLAIMED_BY_OTHER'; readonly message: string };
};

/** The workflow's answer, with actions a colleague's claim blocks marked as such. */
export function withClaims(user: AuthUser, app: Held, options: readonly ActionOption[]): AvailableAction[] {
  return options.map((o): AvailableAction => {
    if (!o.allowed || !heldByOther(user, app, o.roles)) return o;
    return { ...o, allowed: false, reason: { code: 'CLAIMED_BY_OTHER', message: 'a colleague has claimed this case; ask them or a supervisor to release it' } };
  });
}
