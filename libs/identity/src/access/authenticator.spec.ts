import { bearerToken, csrfCookieOptions, csrfMatches, csrfTokenFor, sessionCookieOptions, sessionToken } from './authenticator';

describe('where a token may come from', () => {
  it('reads a Bearer header, and nothing else', () => {
    expect(bearerToken('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(bearerToken('  bearer abc.def  ')).toBe('abc.def');
    for (const bad of [undefined, '', 'Basic YTpi', 'Bearer', 'Bearer a b', 'Bearer a"b', ['Bearer x']]) expect(bearerToken(bad)).toBeUndefined();
  });

  it('reads the tenggat_session cookie among others, and nothing else', () => {
    expect(sessionToken('a=1; tenggat_session=abc.def; b=2')).toBe('abc.def');
    expect(sessionToken('tenggat_session=abc.def')).toBe('abc.def');
    for (const bad of [undefined, '', 'tenggat_admin=abc.def', 'xtenggat_session=abc', 'tenggat_session=<script>'])
      expect(sessionToken(bad)).toBeUndefined();
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/, Secure only over TLS, for the token lifetime', () => {
    expect(sessionCookieOptions(false, 3600)).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', secure: false, maxAge: 3_600_000 });
    expect(sessionCookieOptions(true)).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', secure: true });
  });

  it('sets the CSRF cookie like the session cookie but readable by script', () => {
    expect(csrfCookieOptions(false, 60)).toEqual({ httpOnly: false, sameSite: 'strict', path: '/', secure: false, maxAge: 60_000 });
  });

  it('derives the CSRF token from the session token and checks it in constant time', () => {
    const t = csrfTokenFor('a.b.c');
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor('a.b.c')).toBe(t);
    expect(csrfTokenFor('a.b.d')).not.toBe(t);
    expect(csrfMatches('a.b.c', t)).toBe(true);
    for (const bad of [undefined, '', 'x', t.slice(1), csrfTokenFor('other'), [t]]) expect(csrfMatches('a.b.c', bad)).toBe(false);
  });
});
