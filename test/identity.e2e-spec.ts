import { JwtService } from '@nestjs/jwt';
import { ConfigService } from '@nestjs/config';
import { AuditService } from '@tenggat/audit';
import { AppConfig, Env } from '@tenggat/platform';
import { DEMO_PASSWORD, DEMO_USERS, DemoSeeder, UsersService } from '@tenggat/identity';
import request from 'supertest';
import {
  bearer,
  createAdmin,
  createOmbudsman,
  createStaff,
  login,
  registerApplicant,
  resetLoginThrottle,
  TEST_PASSWORD,
  TestUser,
  uniqueEmail,
} from './support/auth';
import { createTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;
const AGENCY = 'dpmptsp-kota-contoh'; // in config/agencies.yaml

describe('identity (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  const userCount = async (): Promise<number> => Number((await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n);
  interface EventRow {
    actor_id: string | null;
    actor_role: string;
    entity_id: string;
    before: unknown;
    after: unknown;
    data: { email?: string; ip?: string; reason?: string } | null;
  }
  const identityEvents = async (sql: string, params: unknown[]): Promise<EventRow[]> =>
    t.db.query(`SELECT * FROM audit_events WHERE stream = 'identity' AND ${sql} ORDER BY seq`, params);

  beforeAll(async () => {
    t = await createTestApp();
    await resetLoginThrottle(t);
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  describe('register, login, me', () => {
    it('registers an applicant, logs in and answers /v1/me', async () => {
      const email = uniqueEmail('Budi').replace('budi', 'BuDi');
      const reg = await request(t.http)
        .post('/v1/auth/register')
        .send({ email: `  ${email} `, password: 'rahasia-sekali', name: ' Budi Santoso ', nib: '9120001234567' })
        .expect(201);
      expect(reg.body).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        name: 'Budi Santoso',
        nib: '9120001234567',
        roles: ['applicant'],
        agencyCode: null,
        active: true,
        language: 'id',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(reg.body)).not.toMatch(/scrypt|hash/i);

      const res = await request(t.http).post('/v1/auth/login').send({ email: email.toUpperCase(), password: 'rahasia-sekali' }).expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { id: reg.body.id, roles: ['applicant'] } });
      const claims = new JwtService().decode(res.body.accessToken);
      expect(claims).toMatchObject({ sub: reg.body.id, roles: ['applicant'], agency: null, name: 'Budi Santoso', iss: 'tenggat' });
      expect(claims.exp - claims.iat).toBe(3600);
      expect(new JwtService().decode(res.body.accessToken, { complete: true }).header.alg).toBe('HS256');

      const me = await request(t.http).get('/v1/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body).toEqual(reg.body);

      const [event] = await identityEvents(`entity_id = $1 AND action = 'user.registered'`, [reg.body.id]);
      expect(event).toMatchObject({ actor_id: reg.body.id, actor_role: 'applicant', after: { email: email.toLowerCase(), roles: ['applicant'] } });
      expect(JSON.stringify(event.after)).not.toMatch(/scrypt/);
    });

    it('stores the password as scrypt$16384$8$1$salt$hash', async () => {
      const a = await registerApplicant(t.http);
      const [{ password_hash }] = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [a.id]);
      expect(password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    });

    it('refuses a second account for the same email, whatever its case (409 email-taken)', async () => {
      const a = await registerApplicant(t.http);
      const before = await userCount();
      const res = await request(t.http)
        .post('/v1/auth/register')
        .send({ email: a.email.toUpperCase(), password: TEST_PASSWORD, name: 'Lagi' })
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 409, code: 'email-taken', type: 'urn:tenggat:problem:email-taken' });
      expect(await userCount()).toBe(before);
    });

    it('answers a wrong password and an unknown email identically (401 invalid-credentials), and audits both', async () => {
      const a = await registerApplicant(t.http);
      const unknown = uniqueEmail('nobody');
      const wrong = await request(t.http).post('/v1/auth/login').send({ email: a.email, password: 'not-the-password' }).expect(401);
      const missing = await request(t.http).post('/v1/auth/login').send({ email: unknown, password: 'not-the-password' }).expect(401);
      const strip = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(missing.body));
      expect(wrong.body).toMatchObject({ status: 401, code: 'invalid-credentials' });
      expect(wrong.headers['www-authenticate']).toBe(missing.headers['www-authenticate']);
      expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);

      const failures = await identityEvents(`action = 'auth.login-failed' AND data->>'email' IN ($1, $2)`, [a.email, unknown]);
      expect(failures.map((e) => e.data?.reason)).toEqual(['wrong-password', 'unknown-email']);
      expect(failures[0]).toMatchObject({ actor_id: a.id, actor_role: 'anonymous', entity_id: a.id });
      expect(failures[1]).toMatchObject({ actor_id: null, entity_id: unknown });
    });
  });

  describe('bad input', () => {
    const register = (body: unknown): request.Test => request(t.http).post('/v1/auth/register').send(body as object);

    it.each<[string, unknown, string[]]>([
      ['wrong types', { email: 5, password: true, name: [] }, ['email', 'password', 'name']],
      ['missing fields', {}, ['email', 'password', 'name']],
      ['a short password', { email: 'short@example.test', password: 'pendek', name: 'X' }, ['password']],
      ['a bad email', { email: 'not-an-email', password: TEST_PASSWORD, name: 'X' }, ['email']],
      ['a bad NIB', { email: 'nib@example.test', password: TEST_PASSWORD, name: 'X', nib: '12345' }, ['nib']],
      ['an empty name', { email: 'empty@example.test', password: TEST_PASSWORD, name: '   ' }, ['name']],
      ['an unknown field (asking for a role)', { email: 'role@example.test', password: TEST_PASSWORD, name: 'X', roles: ['admin'] }, ['roles']],
    ])('refuses %s with 400 and field errors, writing nothing', async (_what, body, fields) => {
      const before = await userCount();
      const res = await register(body).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('validation-failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
      expect(await userCount()).toBe(before);
    });

    it('refuses malformed JSON with 400 problem+json', async () => {
      const res = await request(t.http).post('/v1/auth/register').set('Content-Type', 'application/json').send('{"email": "x@y.test",').expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.status).toBe(400);
    });

    it('refuses a huge body with 413 problem+json', async () => {
      const before = await userCount();
      const res = await register({ email: 'huge@example.test', password: TEST_PASSWORD, name: 'x'.repeat(400_000) }).expect(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('payload-too-large');
      expect(await userCount()).toBe(before);
    });

    it('refuses a login body of the wrong shape with 400, not 401', async () => {
      const res = await request(t.http).post('/v1/auth/login').send({ email: ['a'], password: 1 }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['email', 'password']));
    });
  });

  describe('bearer tokens', () => {
    let applicant: TestUser;
    beforeAll(async () => {
      applicant = await registerApplicant(t.http);
    });

    const expect401 = async (headers: Record<string, string>, code: string): Promise<void> => {
      const res = await request(t.http).get('/v1/me').set(headers).expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="tenggat"/);
      expect(res.body).toMatchObject({ status: 401, code });
    };

    it('answers 401 without a token', () => expect401({}, 'unauthenticated'));
    it('answers 401 for another scheme', () => expect401({ Authorization: 'Basic YTpi' }, 'unauthenticated'));
    it('answers 401 for garbage', () => expect401(bearer('not.a.token'), 'invalid-token'));

    it('answers 401 for a token signed with another secret', async () => {
      const forged = new JwtService().sign(
        { sub: applicant.id, roles: ['admin'], agency: null, name: 'x' },
        { secret: 'another-secret-another-secret-xx', issuer: 'tenggat', expiresIn: 600 },
      );
      await expect401(bearer(forged), 'invalid-token');
    });

    it('answers 401 for an unsigned (alg none) token', async () => {
      const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.id, roles: ['admin'], iss: 'tenggat', exp: 9999999999 })}.`;
      await expect401(bearer(none), 'invalid-token');
    });

    it('answers 401 for an expired token', async () => {
      const secret = t.app.get(AppConfig).get('JWT_SECRET');
      const expired = new JwtService().sign(
        { sub: applicant.id, roles: ['applicant'], agency: null, name: 'x', exp: Math.floor(Date.now() / 1000) - 10 },
        { secret, issuer: 'tenggat' },
      );
      const res = await request(t.http).get('/v1/me').set(bearer(expired)).expect(401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token", error_description="expired"/);
    });

    it('answers 401 for a deactivated user, at once, and refuses their login', async () => {
      const victim = await registerApplicant(t.http);
      await request(t.http).get('/v1/me').set(victim.auth).expect(200);
      await request(t.http).patch(`/v1/admin/users/${victim.id}`).set(admin.auth).send({ active: false }).expect(200);
      await expect401(victim.auth, 'invalid-token');
      const res = await request(t.http).post('/v1/auth/login').send({ email: victim.email, password: victim.password }).expect(401);
      expect(res.body.code).toBe('invalid-credentials');
    });
  });

  describe('admin: users', () => {
    it('creates a staff user who can log in with their agency in the token', async () => {
      const email = uniqueEmail('verifier');
      const res = await request(t.http)
        .post('/v1/admin/users')
        .set(admin.auth)
        .send({ email, password: TEST_PASSWORD, name: 'Vera Verifikator', roles: ['verifier'], agencyCode: AGENCY })
        .expect(201);
      expect(res.body).toMatchObject({ email, roles: ['verifier'], agencyCode: AGENCY, active: true, nib: null });
      const token = await login(t.http, email, TEST_PASSWORD);
      expect(new JwtService().decode(token)).toMatchObject({ sub: res.body.id, roles: ['verifier'], agency: AGENCY });
      const me = await request(t.http).get('/v1/me').set(bearer(token)).expect(200);
      expect(me.body.agencyCode).toBe(AGENCY);
      const [event] = await identityEvents(`entity_id = $1 AND action = 'user.created'`, [res.body.id]);
      expect(event).toMatchObject({ actor_id: admin.id, actor_role: 'admin', before: null, after: { roles: ['verifier'], agencyCode: AGENCY } });
    });

    it('creates ombudsman and admin users without an agency', async () => {
      for (const roles of [['ombudsman'], ['admin'], ['supervisor']]) {
        const body = { email: uniqueEmail(roles[0]), password: TEST_PASSWORD, name: 'X', roles, ...(roles[0] === 'supervisor' ? { agencyCode: AGENCY } : {}) };
        await request(t.http).post('/v1/admin/users').set(admin.auth).send(body).expect(201);
      }
    });

    it.each<[string, number, string, Record<string, unknown>, string]>([
      ['staff without an agency', 422, 'invalid-roles', { roles: ['verifier'] }, 'agencyCode'],
      ['a supervisor without an agency', 422, 'invalid-roles', { roles: ['supervisor'] }, 'agencyCode'],
      ['an admin with an agency', 422, 'invalid-roles', { roles: ['admin'], agencyCode: AGENCY }, 'agencyCode'],
      ['an ombudsman who is also an officer', 422, 'invalid-roles', { roles: ['ombudsman', 'verifier'], agencyCode: AGENCY }, 'roles'],
      ['the system role', 422, 'invalid-roles', { roles: ['system'] }, 'roles'],
      ['an applicant', 422, 'invalid-roles', { roles: ['applicant'] }, 'roles'],
      ['an unknown agency', 422, 'unknown-agency', { roles: ['verifier'], agencyCode: 'dinas-tidak-ada' }, 'agencyCode'],
      ['a role that is not kebab-case', 400, 'validation-failed', { roles: ['Verifier'], agencyCode: AGENCY }, 'roles'],
      ['no roles', 400, 'validation-failed', { roles: [] }, 'roles'],
      ['roles of the wrong type', 400, 'validation-failed', { roles: 'admin' }, 'roles'],
    ])('refuses %s (%d %s), writing nothing', async (_what, status, code, fields, field) => {
      const before = await userCount();
      const res = await request(t.http)
        .post('/v1/admin/users')
        .set(admin.auth)
        .send({ email: uniqueEmail('bad'), password: TEST_PASSWORD, name: 'X', ...fields })
        .expect(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe(code);
      expect(res.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toContain(field);
      expect(await userCount()).toBe(before);
    });

    it('refuses a duplicate email (409)', async () => {
      const res = await request(t.http)
        .post('/v1/admin/users')
        .set(admin.auth)
        .send({ email: admin.email.toUpperCase(), password: TEST_PASSWORD, name: 'X', roles: ['admin'] })
        .expect(409);
      expect(res.body.code).toBe('email-taken');
    });

    it('lists users page by page, filtered by role and agency', async () => {
      const agency = `agency-${Date.now()}`;
      const [sup, ver1, ver2] = [
        await createStaff(t, { roles: ['supervisor'], agency }),
        await createStaff(t, { roles: ['verifier'], agency }),
        await createStaff(t, { roles: ['verifier', 'reviewer'], agency }),
      ];
      const all = await request(t.http).get('/v1/admin/users').query({ agency }).set(admin.auth).expect(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
      expect(all.body.items.map((u: { id: string }) => u.id).sort()).toEqual([sup.id, ver1.id, ver2.id].sort());
      const verifiers = await request(t.http).get('/v1/admin/users').query({ agency, role: 'verifier', pageSize: 1 }).set(admin.auth).expect(200);
      expect(verifiers.body).toMatchObject({ total: 2, pageSize: 1 });
      expect(verifiers.body.items).toHaveLength(1);
      const page2 = await request(t.http).get('/v1/admin/users').query({ agency, role: 'verifier', pageSize: 1, page: 2 }).set(admin.auth).expect(200);
      expect(page2.body.items[0].id).not.toBe(verifiers.body.items[0].id);
      const emails = all.body.items.map((u: { email: string }) => u.email);
      expect(emails).toEqual([...emails].sort());
      expect(JSON.stringify(all.body)).not.toMatch(/scrypt/);
    });

    it('refuses unknown query parameters and bad page sizes (400)', async () => {
      await request(t.http).get('/v1/admin/users').query({ sort: 'email' }).set(admin.auth).expect(400);
      await request(t.http).get('/v1/admin/users').query({ pageSize: 1000 }).set(admin.auth).expect(400);
    });

    it('updates roles, name and active, and audits before and after', async () => {
      const staff = await createStaff(t, { roles: ['verifier'], agency: AGENCY });
      const res = await request(t.http)
        .patch(`/v1/admin/users/${staff.id}`)
        .set(admin.auth)
        .send({ roles: ['verifier', 'reviewer'], name: 'Nama Baru' })
        .expect(200);
      expect(res.body).toMatchObject({ id: staff.id, roles: ['verifier', 'reviewer'], name: 'Nama Baru', agencyCode: AGENCY });
      const [event] = await identityEvents(`entity_id = $1 AND action = 'user.updated'`, [staff.id]);
      expect(event).toMatchObject({
        actor_id: admin.id,
        before: { roles: ['verifier'], name: staff.name },
        after: { roles: ['verifier', 'reviewer'], name: 'Nama Baru' },
      });
      // roles take effect at once: the guard reads the user, not the old token
      const me = await request(t.http).get('/v1/me').set(staff.auth).expect(200);
      expect(me.body.roles).toEqual(['verifier', 'reviewer']);
    });

    it('moves staff to another agency only if it exists, and refuses what breaks the rules', async () => {
      const staff = await createStaff(t, { roles: ['verifier'], agency: AGENCY });
      const patch = (body: object): request.Test => request(t.http).patch(`/v1/admin/users/${staff.id}`).set(admin.auth).send(body);
      await patch({ agencyCode: 'kementerian-investasi' }).expect(200);
      expect((await patch({ agencyCode: 'dinas-tidak-ada' }).expect(422)).body.code).toBe('unknown-agency');
      expect((await patch({ agencyCode: null }).expect(422)).body.errors[0].field).toBe('agencyCode');
      expect((await patch({ roles: ['admin'] }).expect(422)).body.code).toBe('invalid-roles');
      expect((await patch({ roles: ['system'] }).expect(422)).body.code).toBe('invalid-roles');
      expect((await patch({ active: 'yes' }).expect(400)).body.code).toBe('validation-failed');
      expect((await patch({ password: 'x' }).expect(400)).body.code).toBe('validation-failed');
    });

    it('keeps applicants applicants', async () => {
      const a = await registerApplicant(t.http);
      const res = await request(t.http).patch(`/v1/admin/users/${a.id}`).set(admin.auth).send({ roles: ['verifier'], agencyCode: AGENCY }).expect(422);
      expect(res.body.code).toBe('invalid-roles');
    });

    it('does not let an admin lock themselves out', async () => {
      const me = await createAdmin(t);
      const res = await request(t.http).patch(`/v1/admin/users/${me.id}`).set(me.auth).send({ active: false }).expect(422);
      expect(res.body.code).toBe('cannot-lock-out-self');
      await request(t.http).patch(`/v1/admin/users/${me.id}`).set(me.auth).send({ roles: ['ombudsman'] }).expect(422);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      await request(t.http).patch('/v1/admin/users/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ name: 'x' }).expect(404);
      await request(t.http).patch('/v1/admin/users/nope').set(admin.auth).send({ name: 'x' }).expect(400);
    });

    it('answers 403 to everyone but admins, and 401 without a token', async () => {
      const applicant = await registerApplicant(t.http);
      const callers = [
        applicant,
        await createStaff(t, { roles: ['verifier'], agency: AGENCY }),
        await createStaff(t, { roles: ['supervisor'], agency: AGENCY }),
        await createOmbudsman(t),
      ];
      for (const c of callers) {
        const list = await request(t.http).get('/v1/admin/users').set(c.auth).expect(403);
        expect(list.headers['content-type']).toMatch(PROBLEM);
        expect(list.body.code).toBe('forbidden');
        await request(t.http)
          .post('/v1/admin/users')
          .set(c.auth)
          .send({ email: uniqueEmail(), password: TEST_PASSWORD, name: 'x', roles: ['admin'] })
          .expect(403);
        await request(t.http).patch(`/v1/admin/users/${c.id}`).set(c.auth).send({ roles: ['admin'] }).expect(403);
      }
      await request(t.http).get('/v1/admin/users').expect(401);
      await request(t.http).post('/v1/admin/users').send({}).expect(401);
      await request(t.http).patch(`/v1/admin/users/${applicant.id}`).send({}).expect(401);
    });
  });

  describe('audit verify endpoint', () => {
    it('is open to admins and the ombudsman only', async () => {
      const ombudsman = await createOmbudsman(t);
      for (const who of [admin, ombudsman]) {
        const res = await request(t.http).get('/v1/admin/audit/verify').query({ stream: 'identity' }).set(who.auth).expect(200);
        expect(res.body).toMatchObject({ ok: true, checked: expect.any(Number) });
        expect(res.body.checked).toBeGreaterThan(0);
      }
      const staff = await createStaff(t, { roles: ['supervisor'], agency: AGENCY });
      await request(t.http).get('/v1/admin/audit/verify').set(staff.auth).expect(403);
      await request(t.http).get('/v1/admin/audit/verify').expect(401);
    });
  });

  describe('UsersService lookups', () => {
    it('finds an agency\'s active supervisors and staff', async () => {
      const agency = `lookup-${Date.now()}`;
      const sup = await createStaff(t, { roles: ['supervisor'], agency, name: 'A Supervisor' });
      const ver = await createStaff(t, { roles: ['verifier'], agency, name: 'B Verifier' });
      const gone = await createStaff(t, { roles: ['supervisor'], agency, name: 'C Gone' });
      await createStaff(t, { roles: ['supervisor'], agency: `${agency}-other` });
      await request(t.http).patch(`/v1/admin/users/${gone.id}`).set(admin.auth).send({ active: false }).expect(200);
      const users = t.app.get(UsersService);
      expect(await users.findSupervisors(agency)).toEqual([{ id: sup.id, name: 'A Supervisor' }]);
      expect(await users.findStaff(agency)).toEqual([
        { id: sup.id, name: 'A Supervisor', email: sup.email, roles: ['supervisor'] },
        { id: ver.id, name: 'B Verifier', email: ver.email, roles: ['verifier'] },
      ]);
      expect((await users.findById(ver.id))?.email).toBe(ver.email);
      expect(await users.findById('not-a-uuid')).toBeNull();
    });
  });

  describe('demo seed', () => {
    const demoEmails = DEMO_USERS.map((u) => u.email);
    afterAll(async () => {
      // leave the shared test database as other suites expect it: no demo users
      await t.db.query('DELETE FROM users WHERE email = ANY($1)', [demoEmails]);
    });

    it('lists the documented demo users', () => {
      expect(demoEmails).toEqual(
        expect.arrayContaining([
          'admin@tenggat.test',
          'ombudsman@tenggat.test',
          'supervisor@dpmptsp-kota-contoh.test',
          'verifier@dpmptsp-kota-contoh.test',
          'examiner@dlh-provinsi-sulsel.test',
          'inspector@dpmptsp-provinsi-papua.test',
          'approver@dlh-provinsi-sulsel.test',
          'budi@usaha.test',
          'siti@usaha.test',
        ]),
      );
      expect(DEMO_USERS).toHaveLength(19);
    });

    it('seeds nothing when DEMO_SEED is false (the default)', async () => {
      expect(t.app.get(AppConfig).get('DEMO_SEED')).toBe(false);
      expect((await t.db.query('SELECT count(*)::int AS n FROM users WHERE email = ANY($1)', [demoEmails]))[0].n).toBe(0);
    });

    it('seeds every demo user at bootstrap when DEMO_SEED=true, idempotently', async () => {
      const seeded = await createTestApp((b) =>
        b.overrideProvider(AppConfig).useFactory({
          inject: [ConfigService],
          factory: (cs: ConfigService<Env, true>) => {
            const real = new AppConfig(cs);
            return { get: (k: string) => (k === 'DEMO_SEED' ? true : real.get(k as never)) };
          },
        }),
      );
      try {
        const rows = await seeded.db.query('SELECT email, roles, agency_code FROM users WHERE email = ANY($1)', [demoEmails]);
        expect(rows).toHaveLength(DEMO_USERS.length);
        expect(rows).toContainEqual({ email: 'verifier@dpmptsp-kota-contoh.test', roles: ['verifier'], agency_code: 'dpmptsp-kota-contoh' });
        expect(await seeded.app.get(DemoSeeder).seed()).toBe(0);
        expect((await seeded.db.query('SELECT count(*)::int AS n FROM users WHERE email = ANY($1)', [demoEmails]))[0].n).toBe(DEMO_USERS.length);
        const token = await login(seeded.http, 'verifier@dpmptsp-kota-contoh.test', DEMO_PASSWORD);
        const me = await request(seeded.http).get('/v1/me').set(bearer(token)).expect(200);
        expect(me.body).toMatchObject({ roles: ['verifier'], agencyCode: 'dpmptsp-kota-contoh' });
        await login(seeded.http, 'budi@usaha.test', DEMO_PASSWORD);
      } finally {
        await seeded.close();
      }
    });
  });

  it('writes an unbroken identity chain', async () => {
    await expect(t.app.get(AuditService).verify('identity')).resolves.toMatchObject({ ok: true });
  });

  it('exposes the identity endpoints in the OpenAPI document with bearer auth', async () => {
    const doc = (await request(t.http).get('/docs/openapi.json').expect(200)).body;
    for (const p of ['/v1/auth/register', '/v1/auth/login', '/v1/me', '/v1/admin/users', '/v1/admin/users/{id}', '/v1/admin/audit/verify'])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths['/v1/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/auth/login'].post.security).toEqual([]); // public: explicitly no security
    expect(doc.components.schemas.UserDto.properties).not.toHaveProperty('passwordHash');
  });

});
