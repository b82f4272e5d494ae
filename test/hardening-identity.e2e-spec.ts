import { JwtService } from '@nestjs/jwt';
import { instanceSecret, JWT_SECRET_NAME } from '@tenggat/identity';
import { AppConfig } from '@tenggat/platform';
import request from 'supertest';
import { bearer, createAdmin, registerApplicant, TestUser } from './support/auth';
import { withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;
/** The development default JWT_SECRET that used to ship in the source. */
const FORMER_DEFAULT_SECRET = 'tenggat-development-secret-change-me';

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
});
