import request from 'supertest';
import { bearer, createAdmin, createStaff, TEST_PASSWORD, TestUser } from './support/auth';
import { createTestApp, TestApp } from './support/test-app';

/** The console's session: the cookie authenticates /v1 routes, and cookie-authenticated writes need the CSRF token. */
describe('console session: cookie + CSRF on /v1', () => {
  let t: TestApp;
  let officer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    officer = await createStaff(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const cookies = (res: request.Response): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      out[pair.slice(0, eq)] = c;
    }
    return out;
  };
  const value = (cookie: string): string => cookie.split(';')[0].split('=').slice(1).join('=');

  async function session(user: TestUser): Promise<{ cookie: string; csrf: string }> {
    const res = await request(t.http).post('/v1/auth/session').send({ email: user.email, password: TEST_PASSWORD }).expect(204);
    const set = cookies(res);
    const csrf = set.tenggat_csrf;
    expect(csrf).toBeDefined();
    expect(csrf).not.toMatch(/HttpOnly/); // the console's script reads it
    expect(csrf).toMatch(/; SameSite=Strict/);
    return { cookie: `tenggat_session=${value(set.tenggat_session)}; tenggat_csrf=${value(csrf)}`, csrf: value(csrf) };
  }

  it('reads /v1 with the session cookie alone (GET needs no CSRF token)', async () => {
    const { cookie } = await session(officer);
    const me = await request(t.http).get('/v1/me').set('Cookie', cookie).expect(200);
    expect(me.body.email).toBe(officer.email);
  });

  it('refuses a cookie-authenticated write without the CSRF token (403 csrf-token), and with a wrong one', async () => {
    const { cookie, csrf } = await session(admin);
    const body = { email: `x-${Date.now()}@example.test`, password: TEST_PASSWORD, name: 'Nama Uji', roles: ['ombudsman'] };
    const none = await request(t.http).post('/v1/admin/users').set('Cookie', cookie).send(body).expect(403);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body.code).toBe('csrf-token');
    const wrong = await request(t.http).post('/v1/admin/users').set('Cookie', cookie).set('X-CSRF-Token', `${csrf.slice(1)}x`).send(body).expect(403);
    expect(wrong.body.code).toBe('csrf-token');
    const listed = await request(t.http).get('/v1/admin/users').set('Cookie', cookie).query({ role: 'ombudsman', pageSize: 100 }).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(body.email); // nothing was created
    await request(t.http).post('/v1/admin/users').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(body).expect(201);
  });

  it("refuses another session's CSRF token", async () => {
    const mine = await session(admin);
    const other = await session(officer);
    const res = await request(t.http)
      .post('/v1/admin/users')
      .set('Cookie', mine.cookie)
      .set('X-CSRF-Token', other.csrf)
      .send({ email: `y-${Date.now()}@example.test`, password: TEST_PASSWORD, name: 'Nama Uji', roles: ['ombudsman'] })
      .expect(403);
    expect(res.body.code).toBe('csrf-token');
  });

  it('needs no CSRF token with a bearer token, which wins over a cookie', async () => {
    const { cookie } = await session(officer);
    await request(t.http)
      .post('/v1/admin/users')
      .set('Cookie', cookie)
      .set(bearer(admin.token))
      .send({ email: `z-${Date.now()}@example.test`, password: TEST_PASSWORD, name: 'Nama Uji', roles: ['ombudsman'] })
      .expect(201);
  });

  it('answers 401 without any credential, and after logout the cleared cookies are gone', async () => {
    await request(t.http).get('/v1/me').expect(401);
    const { cookie } = await session(officer);
    const out = await request(t.http).delete('/v1/auth/session').set('Cookie', cookie).expect(204);
    const cleared = cookies(out);
    expect(cleared.tenggat_session).toMatch(/^tenggat_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(cleared.tenggat_csrf).toMatch(/^tenggat_csrf=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('says which audience a forbidden route is for (403 with requires)', async () => {
    const { cookie } = await session(officer);
    const res = await request(t.http).get('/v1/admin/users').set('Cookie', cookie).expect(403);
    expect(res.body.requires).toEqual(['admin']);
    expect(res.body.detail).toMatch(/admin/);
  });
});
