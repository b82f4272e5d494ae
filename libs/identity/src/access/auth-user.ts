/** The authenticated caller, as every controller sees it through `@CurrentUser()`. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  /** The agency a staff member works for; null for applicants, ombudsman and admins. */
  agency: string | null;
}

/** Who may call a route: see `@Access(...)`. */
export type Audience = 'applicant' | 'staff' | 'officer' | 'supervisor' | 'ombudsman' | 'admin' | 'any';

export const AUDIENCES: readonly Audience[] = ['applicant', 'staff', 'officer', 'supervisor', 'ombudsman', 'admin', 'any'];

/**
 * Roles with a fixed meaning. Every other kebab-case role name is an officer role, defined by
 * the permit types' workflows (verifier, reviewer, approver, ...). `system` is the engine itself
 * (deemed approvals, timers) and is never assigned to a user.
 */
export const ROLE = {
  applicant: 'applicant',
  supervisor: 'supervisor',
  ombudsman: 'ombudsman',
  admin: 'admin',
  system: 'system',
} as const;

export const RESERVED_ROLES: readonly string[] = Object.values(ROLE);

export const ROLE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const isOfficerRole = (role: string): boolean => ROLE_NAME.test(role) && !RESERVED_ROLES.includes(role);

type HasRoles = Pick<AuthUser, 'roles' | 'agency'>;

export const hasRole = (u: HasRoles, role: string): boolean => u.roles.includes(role);

export const officerRoles = (u: HasRoles): string[] => u.roles.filter(isOfficerRole);

export const isApplicant = (u: HasRoles): boolean => hasRole(u, ROLE.applicant);

export const isSupervisor = (u: HasRoles): boolean => hasRole(u, ROLE.supervisor) && u.agency !== null;

/** Officers and supervisors, who always work for exactly one agency. */
export const isStaff = (u: HasRoles): boolean =>
  u.agency !== null && (officerRoles(u).length > 0 || hasRole(u, ROLE.supervisor));

export const isOmbudsman = (u: HasRoles): boolean => hasRole(u, ROLE.ombudsman);

export const isAdmin = (u: HasRoles): boolean => hasRole(u, ROLE.admin);

export function matchesAudience(u: HasRoles, audience: Audience): boolean {
  switch (audience) {
    case 'any':
      return true;
    case 'applicant':
      return isApplicant(u);
    case 'staff':
      return isStaff(u);
    case 'officer':
      return officerRoles(u).length > 0;
    case 'supervisor':
      return isSupervisor(u);
    case 'ombudsman':
      return isOmbudsman(u);
    case 'admin':
      return isAdmin(u);
  }
}
