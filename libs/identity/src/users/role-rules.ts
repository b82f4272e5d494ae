import type { FieldError } from '@tenggat/platform';
import { isOfficerRole, ROLE, ROLE_NAME } from '../access/auth-user';

/**
 * What a user is, from their roles. A user is exactly one kind: staff may hold several officer
 * roles and `supervisor`; the other kinds hold their one role.
 */
export type AccountKind = 'applicant' | 'staff' | 'ombudsman' | 'admin';

export interface RoleCheck {
  kind?: AccountKind;
  errors: FieldError[];
}

/**
 * Checks a role set and agency against the rules: staff (officer roles / supervisor) belong to
 * exactly one agency; applicants, ombudsman and admins to none; `system` is never assigned;
 * the kinds do not mix (an admin is not also an officer, an ombudsman is read-only).
 */
export function checkRoles(roles: readonly string[], agencyCode: string | null, opts: { allowApplicant: boolean }): RoleCheck {
  const errors: FieldError[] = [];
  const err = (field: string, message: string): void => void errors.push({ field, message });
  if (roles.length === 0) err('roles', 'at least one role is required');
  roles.forEach((r, i) => {
    if (!ROLE_NAME.test(r)) err(`roles.${i}`, `"${r}" is not a kebab-case role name`);
  });
  if (new Set(roles).size !== roles.length) err('roles', 'roles must not repeat');
  if (roles.includes(ROLE.system)) err('roles', 'system is the engine itself and cannot be assigned');
  if (roles.includes(ROLE.applicant) && !opts.allowApplicant)
    err('roles', 'applicants register themselves; create staff, ombudsman or admin users here');
  if (errors.length) return { errors };

  const staffRoles = roles.filter((r) => r === ROLE.supervisor || isOfficerRole(r));
  const kinds = new Set<AccountKind>();
  if (roles.includes(ROLE.applicant)) kinds.add('applicant');
  if (staffRoles.length) kinds.add('staff');
  if (roles.includes(ROLE.ombudsman)) kinds.add('ombudsman');
  if (roles.includes(ROLE.admin)) kinds.add('admin');
  if (kinds.size > 1) {
    err('roles', `a user is one of applicant, staff, ombudsman or admin; got ${[...kinds].join(' and ')}`);
    return { errors };
  }
  const [kind] = [...kinds];
  if (kind === 'staff' && agencyCode === null) err('agencyCode', 'officers and supervisors must belong to exactly one agency');
  if (kind !== 'staff' && agencyCode !== null) err('agencyCode', `${kind} users do not belong to an agency`);
  return errors.length ? { errors } : { kind, errors };
}
