import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@tenggat/platform';
import { BullTimerQueue, SLA_QUEUE, TimerQueue } from '@tenggat/sla';
import request from 'supertest';
import { bearer, createAdmin, registerApplicant, resetLoginThrottle, TEST_PASSWORD, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { caseEvents, clockOf, dueIn, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;
const INTERVAL = 1000; // RECONCILE_INTERVAL_MS for this file
const API = `/admin/queues/api/queues`;

interface QueueEvent {
  actor_id: string;
  actor_role: string;
  entity_id: string;
  data: { method: string; path: string; queue: string };
}

/**
 * Issue 10, finding 3: Bull Board trusts the user, not the token; every write is audited; a
 * paused timer queue does not stop past-due clocks being flagged. This file's queue lives
 * under its own prefix, so pausing it cannot hold up another test file's timers.
 */
describe('hardening: queue dashboard and a paused timer queue (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;

  const queueEvents = async (actorId: string): Promise<QueueEvent[]> =>
    t.db.query(`SELECT actor_id, actor_role, entity_id, data FROM audit_events WHERE stream = 'queues' AND actor_id = $1 ORDER BY seq`, [actorId]);

  beforeAll(async () => {
    t = await createTestApp(
      withConfig({ RECONCILE_INTERVAL_MS: INTERVAL, DEMO_ENDPOINTS: true, TRUST_PROXY: 'loopback', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:pause` }),
    );
    admin = await createAdmin(t);
    applicant = await registerApplicant(t.http);
  });
  afterAll(async () => {
    await t?.app.get(BullTimerQueue).queue.resume();
    await resetLoginThrottle(t);
    await t?.close();
  });

  it('pausing the timer queue from Bull Board is audited, TimerQueue.isPaused() says so, and a past-due clock is still flagged', async () => {
    const timers = t.app.get(TimerQueue);
    expect(await timers.isPaused()).toBe(false);
    await request(t.http).put(`${API}/${SLA_QUEUE}/pause`).set(admin.auth).expect(200);
    expect(await timers.isPaused()).toBe(true);
    const health = await request(t.http).get('/health').expect(200); // seen, not a failed probe
    expect(health.body).toMatchObject({ status: 'degraded', components: { timerQueue: { status: 'paused' } } });
    const [pause] = await queueEvents(admin.id);
    expect(pause).toMatchObject({
      actor_role: 'admin',
      entity_id: SLA_QUEUE,
      data: { method: 'PUT', path: `${API}/${SLA_QUEUE}/pause`, queue: SLA_QUEUE },
    });

    const { id } = await submitted(t, applicant, 'reklame');
    const due = await dueIn(t, admin, id, 2);
    const clock = await waitFor(async () => {
      const c = await clockOf(t, id);
      return c.breached_at ? c : null;
    }, 'the breach flagged while the queue is paused');
    expect(clock.epoch).toBe(due.epoch);
    const late = (clock.breached_at as Date).getTime() - (clock.deadline_at as Date).getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThanOrEqual(INTERVAL + 2000);
    expect(await timers.isPaused()).toBe(true); // flagged by the sweep, not by a timer
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);

    await request(t.http).put(`${API}/${SLA_QUEUE}/resume`).set(admin.auth).expect(200);
    expect(await timers.isPaused()).toBe(false);
    expect((await request(t.http).get('/health').expect(200)).body).toMatchObject({ components: { timerQueue: { status: 'up' } } });
    expect((await queueEvents(admin.id)).map((e) => e.data.path)).toEqual([`${API}/${SLA_QUEUE}/pause`, `${API}/${SLA_QUEUE}/resume`]);
  });

  it('audits every write (retry, clean, pause all) and no read', async () => {
    const other = await createAdmin(t);
    await request(t.http).get(API).set(other.auth).expect(200);
    await request(t.http).put(`${API}/${SLA_QUEUE}/retry/failed`).set(other.auth);
    await request(t.http).put(`${API}/${SLA_QUEUE}/clean/completed`).set(other.auth);
    await request(t.http).put(`${API}/${SLA_QUEUE}/no-such-job/clean`).set(other.auth);
    await request(t.http).put(`${API}/pause`).set(other.auth);
    await request(t.http).put(`${API}/resume`).set(other.auth);
    const events = await queueEvents(other.id);
    expect(events.map((e) => [e.data.method, e.data.path, e.data.queue])).toEqual([
      ['PUT', `${API}/${SLA_QUEUE}/retry/failed`, SLA_QUEUE],
      ['PUT', `${API}/${SLA_QUEUE}/clean/completed`, SLA_QUEUE],
      ['PUT', `${API}/${SLA_QUEUE}/no-such-job/clean`, SLA_QUEUE],
      ['PUT', `${API}/pause`, '*'],
      ['PUT', `${API}/resume`, '*'],
    ]);
    expect(await t.app.get(TimerQueue).isPaused()).toBe(false);
  });

  it('re-reads the user: a demoted admin gets 403, a deactivated one 401, their old tokens pause nothing', async () => {
    const demoted = await createAdmin(t);
    const deactivated = await createAdmin(t);
    await request(t.http).get(API).set(demoted.auth).expect(200);
    await request(t.http).patch(`/v1/admin/users/${demoted.id}`).set(admin.auth).send({ roles: ['ombudsman'] }).expect(200);
    await request(t.http).patch(`/v1/admin/users/${deactivated.id}`).set(admin.auth).send({ active: false }).expect(200);

    for (const [user, status] of [
      [demoted, 403],
      [deactivated, 401],
    ] as const) {
      for (const res of [
        await request(t.http).get('/admin/queues').set(user.auth),
        await request(t.http).put(`${API}/${SLA_QUEUE}/pause`).set(user.auth),
      ]) {
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      expect(await queueEvents(user.id)).toHaveLength(0);
    }
    expect(await t.app.get(TimerQueue).isPaused()).toBe(false);
  });

  it('does not trust the roles claim: an applicant token claiming admin, correctly signed, gets 403', async () => {
    const secret = t.app.get(AppConfig).get('JWT_SECRET') as string;
    const forged = new JwtService().sign({ sub: applicant.id, roles: ['admin'], agency: null, name: 'x' }, { secret, issuer: 'tenggat', expiresIn: 600 });
    const res = await request(t.http).put(`${API}/${SLA_QUEUE}/pause`).set(bearer(forged)).expect(403);
    expect(res.body).toMatchObject({ status: 403, detail: 'Only admins may see the queue dashboard' });
    await request(t.http).get('/admin/queues').set(applicant.auth).expect(403);
    await request(t.http).get('/admin/queues').expect(401);
    expect(await t.app.get(TimerQueue).isPaused()).toBe(false);
  });

  it('takes no token from the URL: ?token= is refused with 400, and never sets a cookie', async () => {
    const res = await request(t.http).get(`/admin/queues?token=${admin.token}`).expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('token-in-url');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  describe('the browser session cookie (POST /v1/auth/session)', () => {
    const cookieOf = (res: request.Response): string => {
      const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const cookie = set.find((c) => c.startsWith('tenggat_session='));
      if (!cookie) throw new Error(`no tenggat_session cookie in ${JSON.stringify(set)}`);
      return cookie;
    };

    it('sets an HttpOnly, SameSite=Strict, Path=/ cookie for the token lifetime that opens the dashboard; DELETE clears it', async () => {
      const res = await request(t.http).post('/v1/auth/session').send({ email: admin.email, password: TEST_PASSWORD }).expect(204);
      const cookie = cookieOf(res);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Max-Age=3600/);
      expect(cookie).not.toMatch(/; Secure/); // plain HTTP
      const pair = cookie.split(';')[0];
      const page = await request(t.http).get('/admin/queues').set('Cookie', pair).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      await request(t.http).put(`${API}/${SLA_QUEUE}/clean/failed`).set('Cookie', pair).expect(200);
      expect((await queueEvents(admin.id)).at(-1)?.data.path).toBe(`${API}/${SLA_QUEUE}/clean/failed`);

      const out = await request(t.http).delete('/v1/auth/session').set('Cookie', pair).expect(204);
      expect(cookieOf(out)).toMatch(/^tenggat_session=;.*Expires=Thu, 01 Jan 1970/);
    });

    it('marks the cookie Secure behind TLS (X-Forwarded-Proto from a trusted proxy)', async () => {
      const res = await request(t.http).post('/v1/auth/session').set('X-Forwarded-Proto', 'https').send({ email: admin.email, password: TEST_PASSWORD }).expect(204);
      expect(cookieOf(res)).toMatch(/; Secure/);
    });

    it('answers a wrong password 401 problem+json and sets nothing; a non-admin session still gets 403 from the dashboard', async () => {
      const bad = await request(t.http).post('/v1/auth/session').send({ email: admin.email, password: 'wrong-password' }).expect(401);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
      expect(bad.headers['set-cookie']).toBeUndefined();
      const res = await request(t.http).post('/v1/auth/session').send({ email: applicant.email, password: applicant.password }).expect(204);
      await request(t.http).get('/admin/queues').set('Cookie', cookieOf(res).split(';')[0]).expect(403);
    });
  });
});
