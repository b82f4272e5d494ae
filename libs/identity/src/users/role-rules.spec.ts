import { checkRoles } from './role-rules';

const staffOnly = { allowApplicant: false };

describe('checkRoles', () => {
  it.each<[string[], string | null, string]>([
    [['verifier'], 'dpmptsp-kota-contoh', 'staff'],
    [['verifier', 'reviewer', 'supervisor'], 'dpmptsp-kota-contoh', 'staff'],
    [['supervisor'], 'dpmptsp-kota-contoh', 'staff'],
    [['ombudsman'], null, 'ombudsman'],
    [['admin'], null, 'admin'],
  ])('accepts %j with agency %s as %s', (roles, agency, kind) => {
    expect(checkRoles(roles, agency, staffOnly)).toEqual({ kind, errors: [] });
  });

  it('accepts an applicant only where applicants are allowed', () => {
    expect(checkRoles(['applicant'], null, { allowApplicant: true }).kind).toBe('applicant');
    expect(checkRoles(['applicant'], null, staffOnly).errors[0].field).toBe('roles');
  });

  it.each<[string, string[], string | null, string]>([
    ['no role', [], null, 'roles'],
    ['system', ['system'], null, 'roles'],
    ['not kebab-case', ['Verifier'], 'a', 'roles.0'],
    ['repeated', ['verifier', 'verifier'], 'a', 'roles'],
    ['staff without agency', ['verifier'], null, 'agencyCode'],
    ['supervisor without agency', ['supervisor'], null, 'agencyCode'],
    ['admin with agency', ['admin'], 'a', 'agencyCode'],
    ['ombudsman with agency', ['ombudsman'], 'a', 'agencyCode'],
    ['admin and officer', ['admin', 'verifier'], 'a', 'roles'],
    ['admin and ombudsman', ['admin', 'ombudsman'], null, 'roles'],
  ])('refuses %s', (_what, roles, agency, field) => {
    const r = checkRoles(roles, agency, staffOnly);
    expect(r.kind).toBeUndefined();
    expect(r.errors.map((e) => e.field)).toContain(field);
  });
});
