import { JwtService } from '@nestjs/jwt';
import { instanceSecret, JWT_SECRET_NAME } from '@tenggat/identity';
import { AppConfig } from '@tenggat/platform';
import request from 'supertest';
import { bearer, createAdmin, registerApplicant, resetLoginThrottle, TestUser, uniqueEmail } from './support/auth';
import { withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;
/** The development default JWT_SECRET that used to ship in the source. */
const FORMER_DEFAULT_SECRET = 'tenggat-development-secret-change-me';

let lastOctet = 0;
/** A fresh client address for each use (TEST-NET-3), sent as X-Forwarded-For to an app that trusts loopback proxies. */
const newAddress = (): string => `203.0.113.${(++lastOctet % 250) + 1}`;

/** Issue 10, identity slice: signing secret, token lifetime, roles from the database. */
describe('hardening: identity (e2e)', () => {
  describe('tokens', () => {
    let t: TestApp;
    let applicant: TestUser;
    let admin: TestUser;
    const secret = (): string => t.app.get(AppConfig).get('JWT_SECRET') as string;
    const sign = (claims: object, opts: object = {}): string => new JwtService().sign(claims, { secret: secret(), issuer: 'tenggat', ...opts });

    beforeAll(async () => {
      t = await createTestApp();
      applicant = await registerApplicant(t.http);
      admin = await createAdmin(t);
    });
    afterAll(() => t.close());

    it('takes roles from the database, not the token: an applicant token claiming admin (right secret) gets 403 on an admin route', async () => {
      const forged = sign({ sub: applicant.id, roles: ['admin'], agency: null, name: 'x' }, { expiresIn: 600 });
      const res = await request(t.http).get('/v1/admin/users').set(bearer(forged)).expect(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      await request(t.http).get('/v1/admin/users').set(admin.auth).expect(200);
    });

    it('refuses a token without exp (401), even correctly signed', async () => {
      const forever = sign({ sub: admin.id, roles: ['admin'], agency: null, name: 'x' }, { noTimestamp: true });
      expect(new JwtService().decode(forever)).not.toHaveProperty('exp');
      const res = await request(t.http).get('/v1/me').set(bearer(forever)).expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 401, code: 'invalid-token' });
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token", error_description="no expiry"/);
    });

    it('refuses a token that would live longer than JWT_TTL_SECONDS (401)', async () => {
      const decade = sign({ sub: admin.id, roles: ['admin'], agency: null, name: 'x' }, { expiresIn: '3650d' });
      const res = await request(t.http).get('/v1/me').set(bearer(decade)).expect(401);
      expect(res.headers['www-authenticate']).toMatch(/error_description="expiry too far away"/);
      // a token of the configured lifetime is fine
      const normal = sign({ sub: admin.id, roles: ['admin'], agency: null, name: 'x' }, { expiresIn: t.app.get(AppConfig).get('JWT_TTL_SECONDS') });
      await request(t.http).get('/v1/me').set(bearer(normal)).expect(200);
    });
  });

  describe('signing secret when JWT_SECRET is not set', () => {
    let a: TestApp;
    let b: TestApp;
    let admin: TestUser;

    beforeAll(async () => {
      a = await createTestApp(withConfig({ JWT_SECRET: undefined }));
      b = await createTestApp(withConfig({ JWT_SECRET: undefined }));
      admin = await createAdmin(a);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('generates a random 48-byte secret into Postgres once, shared by every process of the install', async () => {
      const rows = await a.db.query<{ value: string }[]>('SELECT value FROM instance_secrets WHERE name = $1', [JWT_SECRET_NAME]);
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0].value, 'base64url')).toHaveLength(48);
      // a token the first app issued works on the second (another process, same database)
      await request(b.http).get('/v1/me').set(admin.auth).expect(200);
      await request(b.http).get('/v1/admin/users').set(admin.auth).expect(200);
    });

    it('does not fall back to the value that used to ship in the source: a token signed with it is refused', async () => {
      const forged = new JwtService().sign({ sub: admin.id, roles: ['admin'], agency: null, name: 'x' }, { secret: FORMER_DEFAULT_SECRET, issuer: 'tenggat', expiresIn: 600 });
      for (const app of [a, b]) {
        const res = await request(app.http).get('/v1/admin/users').set(bearer(forged)).expect(401);
        expect(res.body.code).toBe('invalid-token');
      }
    });

    it('agrees when two processes generate at once: the first insert wins, both read it back', async () => {
      const name = `race-${Date.now()}`;
      const [x, y] = await Promise.all([instanceSecret(a.db, name, () => 'from-a'), instanceSecret(b.db, name, () => 'from-b')]);
      expect(x).toBe(y);
      expect(['from-a', 'from-b']).toContain(x);
    });
  });

  describe('login throttling and registration limits (TRUST_PROXY=loopback, addresses in X-Forwarded-For)', () => {
    let t: TestApp;
    const from = (ip: string) => ({
      login: (email: string, password: string): request.Test => request(t.http).post('/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password }),
      register: (email = uniqueEmail('reg')): request.Test =>
        request(t.http).post('/v1/auth/register').set('X-Forwarded-For', ip).send({ email, password: 'test-password-2026', name: 'Pemohon' }),
    });
    const events = async (action: string, email: string): Promise<{ data: Record<string, unknown> }[]> =>
      t.db.query(`SELECT data FROM audit_events WHERE stream = 'identity' AND action = $1 AND data->>'email' = $2 ORDER BY seq`, [action, email]);

    beforeAll(async () => {
      // limits of its own (its own key prefix): other files' requests from 127.0.0.1 must not count here
      t = await createTestApp(withConfig({ TRUST_PROXY: 'loopback', REGISTER_RATE_LIMIT: 10, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:throttle` }));
    });
    afterAll(async () => {
      await resetLoginThrottle(t);
      await t.close();
    });

    it('30 parallel wrong passwords for one email from one address: at most 5 real checks, one audit event for the refusals', async () => {
      const victim = await registerApplicant(t.http);
      const attacker = newAddress();
      const answers = await Promise.all(Array.from({ length: 30 }, () => from(attacker).login(victim.email, 'wrong-password')));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      const refused = answers.find((r) => r.status === 429);
      expect(refused?.headers['content-type']).toMatch(PROBLEM);
      expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused?.body).toMatchObject({ status: 429, code: 'too-many-attempts' });
      // every real password check that failed is on the audit log; the 25 refusals are one event
      expect(await events('auth.login-failed', victim.email)).toHaveLength(5);
      const throttled = await events('auth.login-throttled', victim.email);
      expect(throttled).toHaveLength(1);
      expect(throttled[0].data).toMatchObject({ ip: attacker, reason: 'throttled', limit: 'login-pair' });

      // the attacker's address is refused even with the right password ...
      await from(attacker).login(victim.email, victim.password).expect(429);
      // ... but the victim, at their own address, is not locked out
      const ok = await from(newAddress()).login(victim.email, victim.password).expect(200);
      expect(ok.body.accessToken).toEqual(expect.any(String));
    });

    it('many emails sprayed from one address lock that address only, not the valid users elsewhere', async () => {
      const user = await registerApplicant(t.http);
      const sprayer = newAddress();
      const answers = await Promise.all(Array.from({ length: 60 }, () => from(sprayer).login(uniqueEmail('spray'), 'wrong-password')));
      expect(answers.filter((r) => r.status === 401)).toHaveLength(50);
      expect(answers.filter((r) => r.status === 429)).toHaveLength(10);
      await from(sprayer).login(user.email, user.password).expect(429);
      await from(newAddress()).login(user.email, user.password).expect(200);
    });

    it('a successful login gives its attempt back and clears the pair: only failures count', async () => {
      const user = await registerApplicant(t.http);
      const office = newAddress();
      for (let i = 0; i < 4; i++) await from(office).login(user.email, 'wrong-password').expect(401);
      for (let i = 0; i < 8; i++) await from(office).login(user.email, user.password).expect(200);
      for (let i = 0; i < 4; i++) await from(office).login(user.email, 'wrong-password').expect(401);
      await from(office).login(user.email, user.password).expect(200);
    });

    it('limits registrations per address (REGISTER_RATE_LIMIT per hour), atomically, with 429 problem+json and Retry-After', async () => {
      const farm = newAddress();
      const answers = await Promise.all(Array.from({ length: 15 }, () => from(farm).register()));
      expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused).toHaveLength(5);
      expect(refused[0].headers['content-type']).toMatch(PROBLEM);
      expect(refused[0].body).toMatchObject({ status: 429, code: 'too-many-registrations' });
      const retryAfter = Number(refused[0].headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(59 * 60);
      expect(retryAfter).toBeLessThanOrEqual(60 * 60);
      // a refused registration created nothing
      const email = uniqueEmail('refused');
      await from(farm).register(email).expect(429);
      expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
      // other addresses register as before; an hour later the farm may again
      await from(newAddress()).register().expect(201);
      t.clock.advance(60 * 60 * 1000 + 1000);
      await from(farm).register().expect(201);
    });
  });
});
