import request from 'supertest';
import { login, registerApplicant, resetLoginThrottle, TestUser, uniqueEmail } from './support/auth';
import { createTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;

describe('login throttling (e2e)', () => {
  let t: TestApp;
  const attempt = (email: string, password: string): request.Test => request(t.http).post('/v1/auth/login').send({ email, password });

  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    await resetLoginThrottle(t);
  });
  afterAll(async () => {
    await resetLoginThrottle(t);
    await t.close();
  });

  it('blocks an email (from this address) after 5 failures for 15 minutes with 429 too-many-attempts and Retry-After', async () => {
    const a: TestUser = await registerApplicant(t.http);
    for (let i = 0; i < 5; i++) await attempt(a.email, 'wrong-password').expect(401);
    const blocked = await attempt(a.email, a.password).expect(429); // even the right password
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(blocked.body).toMatchObject({ status: 429, code: 'too-many-attempts' });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.body).not.toHaveProperty('accessToken');
    // the same email in another case is the same account
    await attempt(a.email.toUpperCase(), a.password).expect(429);

    // other accounts from the same address are not affected
    const b = await registerApplicant(t.http);
    await login(t.http, b.email, b.password);

    const [event] = await t.db.query(
      `SELECT * FROM audit_events WHERE stream = 'identity' AND action = 'auth.login-throttled' AND data->>'email' = $1`,
      [a.email],
    );
    expect(event.data).toMatchObject({ email: a.email, reason: 'throttled' });

    t.clock.advance(15 * MINUTE + 1000);
    await login(t.http, a.email, a.password);
  });

  it('forgives an email its failures after a successful login', async () => {
    const a = await registerApplicant(t.http);
    for (let i = 0; i < 4; i++) await attempt(a.email, 'wrong-password').expect(401);
    await login(t.http, a.email, a.password);
    for (let i = 0; i < 4; i++) await attempt(a.email, 'wrong-password').expect(401);
    await login(t.http, a.email, a.password);
  });

  it('blocks unknown emails the same way, so throttling does not reveal which accounts exist', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await attempt(ghost, 'wrong-password').expect(401);
    await attempt(ghost, 'wrong-password').expect(429);
  });

  it('blocks an address after 50 failures across emails', async () => {
    const a = await registerApplicant(t.http);
    for (let i = 0; i < 50; i++) await attempt(uniqueEmail('spray'), 'wrong-password').expect(401);
    const res = await attempt(a.email, a.password).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(15 * MINUTE + 1000);
    await login(t.http, a.email, a.password);
  });
});
