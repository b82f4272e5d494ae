import { AuthUser, hasRole, isApplicant, isStaff, isSupervisor, matchesAudience, officerRoles } from './auth-user';

const user = (roles: string[], agency: string | null = null): AuthUser => ({ id: 'u', email: 'e', name: 'n', roles, agency });

describe('auth-user helpers', () => {
  const verifier = user(['verifier'], 'dpmptsp-kota-contoh');
  const supervisor = user(['supervisor'], 'dpmptsp-kota-contoh');
  const applicant = user(['applicant']);
  const ombudsman = user(['ombudsman']);
  const admin = user(['admin']);

  it('classifies users', () => {
    expect(officerRoles(user(['verifier', 'reviewer', 'supervisor'], 'a'))).toEqual(['verifier', 'reviewer']);
    expect(isStaff(verifier) && isStaff(supervisor)).toBe(true);
    expect(isStaff(applicant) || isStaff(admin) || isStaff(ombudsman)).toBe(false);
    expect(isStaff(user(['verifier']))).toBe(false); // no agency, no staff
    expect(isSupervisor(supervisor) && !isSupervisor(verifier)).toBe(true);
    expect(isApplicant(applicant) && !isApplicant(verifier)).toBe(true);
    expect(hasRole(admin, 'admin')).toBe(true);
  });

  it('matches audiences', () => {
    expect(matchesAudience(verifier, 'officer')).toBe(true);
    expect(matchesAudience(supervisor, 'officer')).toBe(false);
    expect(matchesAudience(supervisor, 'staff')).toBe(true);
    expect(matchesAudience(applicant, 'staff')).toBe(false);
    expect(matchesAudience(ombudsman, 'ombudsman')).toBe(true);
    expect(matchesAudience(ombudsman, 'admin')).toBe(false);
    expect(matchesAudience(applicant, 'any')).toBe(true);
  });
});
