import { EVENT_CATALOGUE, verifyWebhook } from '@tenggat/notifications';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyTenggatWebhook } from '../docs/examples/verify-webhook';
import { Env } from '@tenggat/platform';
import request from 'supertest';
import { createAdmin, createStaff, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { metric, scrape, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';
import { Received, WebhookReceiver } from './support/webhook-receiver';

const CITY = 'dpmptsp-kota-contoh';
const OTHER = 'kementerian-investasi';

interface Created {
  id: string;
  secret: string;
  agency: string | null;
  enabled: boolean;
}

/**
 * Webhooks on real Postgres and a real HTTP receiver on 127.0.0.1 (allowed by
 * WEBHOOK_ALLOWED_HOSTS): Standard Webhooks signatures, at-least-once delivery in per-case
 * order through a receiver that is down, replay, rotation, dead-lettering and auto-disable,
 * SSRF refusal, the event feed and the relay's metrics.
 */
describe('notifications: webhooks, the relay and the event feed', () => {
  const config: Partial<Env> = {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    RELAY_POLL_MS: 25,
    WEBHOOK_RETRY_BASE_MS: 40,
    WEBHOOK_RETRY_MAX_MS: 150,
    WEBHOOK_TIMEOUT_MS: 2000,
  };
  let t: TestApp;
  let admin: TestUser;
  let supervisor: TestUser;
  let applicant: TestUser;
  let verifier: TestUser;
  const receivers: WebhookReceiver[] = [];

  const receiver = async (): Promise<WebhookReceiver> => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    return r;
  };
  const subscribe = async (user: TestUser, body: Record<string, unknown>): Promise<Created> => {
    const res = await request(t.http).post('/v1/webhooks/subscriptions').set(user.auth).send(body);
    if (res.status !== 201) throw new Error(`subscribe answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Created;
  };
  const outboxIds = async (caseIds: string[]): Promise<{ id: string; case_id: string }[]> =>
    t.db.query('SELECT id, case_id FROM outbox_events WHERE case_id = ANY($1::uuid[]) ORDER BY seq', [caseIds]);
  const verifies = (secret: string, r: Received): boolean => {
    try {
      verifyWebhook(secret, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature }, r.body);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    t = await createTestApp(withConfig(config));
    admin = await createAdmin(t);
    supervisor = await createStaff(t, { roles: ['supervisor'], agency: CITY });
    applicant = await registerApplicant(t.http);
    verifier = await createStaff(t, { roles: ['verifier'], agency: CITY });
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await t.close();
  });

  it('refuses URLs that reach private, loopback or link-local addresses unless the allow-list names them', async () => {
    config.WEBHOOK_ALLOWED_HOSTS = '';
    const subscriptions = async (): Promise<number> => (await t.db.query('SELECT count(*)::int AS n FROM webhook_subscriptions'))[0].n;
    const before = await subscriptions();
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.7/x', 'http://[::1]:9/x', 'http://192.168.1.1/']) {
        const res = await request(t.http).post('/v1/webhooks/subscriptions').set(admin.auth).send({ url });
        expect({ url, status: res.status, code: (res.body as { code: string }).code }).toEqual({ url, status: 422, code: 'webhook-url-refused' });
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect((res.body as { errors: { field: string }[] }).errors[0].field).toBe('url');
      }
      const bad = await request(t.http).post('/v1/webhooks/subscriptions').set(admin.auth).send({ url: 'ftp://example.test/x' });
      expect(bad.status).toBe(400);
      expect(await subscriptions()).toBe(before); // nothing was created
    } finally {
      config.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
    }
    const ok = await receiver();
    expect((await subscribe(admin, { url: ok.url, agency: OTHER, eventTypes: ['permit.revoked'] })).secret).toMatch(/^whsec_/);
  });

  it('scopes subscriptions: a supervisor manages their agency’s only', async () => {
    const r = await receiver();
    const own = await subscribe(supervisor, { url: r.url });
    expect(own.agency).toBe(CITY);
    await request(t.http).post('/v1/webhooks/subscriptions').set(supervisor.auth).send({ url: r.url, agency: OTHER }).expect(403);
    const foreign = await subscribe(admin, { url: r.url, agency: OTHER });
    await request(t.http).get(`/v1/webhooks/subscriptions/${foreign.id}`).set(supervisor.auth).expect(404);
    await request(t.http).get('/v1/webhooks/subscriptions').set(verifier.auth).expect(403);
    const listed = (await request(t.http).get('/v1/webhooks/subscriptions').set(supervisor.auth).expect(200)).body as { id: string }[];
    expect(listed.map((s) => s.id)).toContain(own.id);
    expect(listed.map((s) => s.id)).not.toContain(foreign.id);
    await request(t.http).delete(`/v1/webhooks/subscriptions/${own.id}`).set(supervisor.auth).expect(204);
    await request(t.http).delete(`/v1/webhooks/subscriptions/${foreign.id}`).set(admin.auth).expect(204);
  });

  it('a receiver down for its first attempts gets every event once it recovers: signed, once per webhook-id, in order per case', async () => {
    const r = await receiver();
    r.answer = (_x, n) => (n < 5 ? 503 : 200);
    const sub = await subscribe(admin, { url: r.url, agency: CITY });
    const a = await submitted(t, applicant, 'reklame');
    const b = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, a.id, { action: 'request-documents', comment: 'kurang', missingDocuments: ['design'] })).status).toBe(200);
    expect((await act(t, applicant, a.id, { action: 'resubmit' })).status).toBe(200);
    expect((await act(t, verifier, b.id, { action: 'accept' })).status).toBe(200);
    expect((await act(t, applicant, a.id, { action: 'withdraw' })).status).toBe(200);
    const events = await outboxIds([a.id, b.id]);
    expect(events).toHaveLength(6);

    await waitFor(async () => events.every((e) => r.accepted.some((x) => x.id === e.id)), 'every event accepted', 20_000, 50);
    expect(r.received.filter((x) => x.answered === 503)).toHaveLength(5);
    for (const x of r.received) {
      expect(verifies(sub.secret, x)).toBe(true);
      expect(x.event.id).toBe(x.id); // the body's id is the webhook-id
    }
    // each event accepted exactly once; a retried one carried the same id every time
    const acceptedIds = r.accepted.map((x) => x.id).filter((id) => events.some((e) => e.id === id));
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length);
    expect(new Set(r.received.map((x) => x.id))).toEqual(new Set(events.map((e) => e.id)));
    // per case, the receiver accepted the events in the order they happened
    for (const c of [a.id, b.id]) {
      const expected = events.filter((e) => e.case_id === c).map((e) => e.id);
      expect(r.accepted.filter((x) => x.event.caseId === c).map((x) => x.id)).toEqual(expected);
    }
    const log = (await request(t.http).get(`/v1/webhooks/subscriptions/${sub.id}/deliveries`).set(admin.auth).expect(200)).body as {
      items: { eventId: string; status: string; attempts: number; lastStatus: number }[];
    };
    expect(log.items).toHaveLength(6);
    expect(log.items.every((d) => d.status === 'delivered' && d.lastStatus === 200)).toBe(true);
    expect(log.items.reduce((n, d) => n + d.attempts, 0)).toBe(11);

    // replay one event, then the range: the same webhook-id again
    const one = events[2].id;
    const replayed = await request(t.http).post(`/v1/webhooks/subscriptions/${sub.id}/replay`).set(admin.auth).send({ eventId: one }).expect(202);
    expect(replayed.body).toEqual({ queued: 1 });
    await waitFor(async () => r.accepted.filter((x) => x.id === one).length === 2, 'the replayed event', 10_000, 50);
    const before = r.accepted.length;
    const range = await request(t.http)
      .post(`/v1/webhooks/subscriptions/${sub.id}/replay`)
      .set(admin.auth)
      .send({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })
      .expect(202);
    expect((range.body as { queued: number }).queued).toBeGreaterThanOrEqual(6);
    await waitFor(async () => r.accepted.length >= before + (range.body as { queued: number }).queued, 'the replayed range', 10_000, 50);
    await request(t.http).post(`/v1/webhooks/subscriptions/${sub.id}/replay`).set(admin.auth).send({ eventId: one, from: new Date().toISOString() }).expect(400);
    await request(t.http).delete(`/v1/webhooks/subscriptions/${sub.id}`).set(admin.auth).expect(204);
  });

  it('signs with both secrets while a rotation is in its grace period', async () => {
    const r = await receiver();
    const sub = await subscribe(admin, { url: r.url, agency: CITY, eventTypes: ['application.submitted'] });
    const rotated = (await request(t.http).post(`/v1/webhooks/subscriptions/${sub.id}/rotate-secret`).set(admin.auth).send({ graceSeconds: 3600 }).expect(200)).body as Created & {
      previousSecretExpiresAt: string;
    };
    expect(rotated.secret).not.toBe(sub.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();
    const c = await submitted(t, applicant, 'reklame');
    await waitFor(async () => r.accepted.some((x) => x.event.caseId === c.id), 'the submission', 10_000, 50);
    const got = r.accepted.find((x) => x.event.caseId === c.id) as Received;
    expect(got.event.type).toBe('application.submitted');
    expect(got.signature.split(' ')).toHaveLength(2);
    expect(verifies(rotated.secret, got)).toBe(true);
    expect(verifies(sub.secret, got)).toBe(true);
    await request(t.http).delete(`/v1/webhooks/subscriptions/${sub.id}`).set(admin.auth).expect(204);
  });

  it('dead-letters a delivery failing for the whole retry window and disables the subscription, on the audit log', async () => {
    config.WEBHOOK_RETRY_WINDOW_MS = 1000;
    try {
      const r = await receiver();
      r.answer = () => 500;
      const sub = await subscribe(admin, { url: r.url, agency: CITY, eventTypes: ['application.submitted'] });
      await submitted(t, applicant, 'reklame');
      const view = await waitFor(
        async () => {
          const s = (await request(t.http).get(`/v1/webhooks/subscriptions/${sub.id}`).set(admin.auth).expect(200)).body as Created & { disabledReason: string | null };
          return s.enabled ? null : s;
        },
        'the subscription to be disabled',
        15_000,
        100,
      );
      expect(view.disabledReason).toMatch(/failed/);
      expect(r.received.length).toBeGreaterThanOrEqual(2);
      const log = (await request(t.http).get(`/v1/webhooks/subscriptions/${sub.id}/deliveries?status=dead`).set(admin.auth).expect(200)).body as { items: { lastStatus: number }[] };
      expect(log.items).toHaveLength(1);
      expect(log.items[0].lastStatus).toBe(500);
      const audit = await t.db.query(`SELECT actor_role, data FROM audit_events WHERE stream = 'webhooks' AND action = 'webhook.subscription-disabled' AND entity_id = $1`, [sub.id]);
      expect(audit).toEqual([{ actor_role: 'system', data: expect.objectContaining({ reason: expect.stringMatching(/failed/) }) }]);
      const text = await scrape(t);
      expect(metric(text, 'tenggat_webhook_deliveries', { status: 'dead' })).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'tenggat_webhook_attempts_total', { result: 'dead' })).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^tenggat_outbox_pending \d+/m);
      expect(text).toMatch(/^tenggat_outbox_oldest_pending_age_seconds \d+/m);
    } finally {
      config.WEBHOOK_RETRY_WINDOW_MS = 86_400_000;
    }
  });

  it('the event feed: agency-scoped, a stable cursor, the same envelopes as the webhooks', async () => {
    const c = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, c.id, { action: 'accept' })).status).toBe(200);
    const ours = await outboxIds([c.id]);
    const read = async (user: TestUser, after: string): Promise<{ items: { id: string; agency: string; position: string; type: string; data: object }[]; next: string; hasMore: boolean }> =>
      (await request(t.http).get('/v1/events').query({ after, limit: 2 }).set(user.auth).expect(200)).body;
    await waitFor(async () => (await t.db.query('SELECT count(*)::int AS n FROM outbox_events WHERE position IS NULL'))[0].n === 0, 'dispatch', 10_000, 50);
    const seen: { id: string; position: string; agency: string }[] = [];
    let after = '0';
    for (;;) {
      const page = await read(supervisor, after);
      seen.push(...page.items);
      if (page.items.length) expect(page.next).toBe(page.items[page.items.length - 1].position);
      if (!page.hasMore) break;
      after = page.next;
    }
    expect(seen.every((e) => e.agency === CITY)).toBe(true);
    const positions = seen.map((e) => Number(e.position));
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    for (const e of ours) expect(seen.map((x) => x.id)).toContain(e.id);
    // nothing new: the same cursor comes back
    const last = seen[seen.length - 1].position;
    expect(await read(supervisor, last)).toEqual({ items: [], next: last, hasMore: false });

    const foreign = await createStaff(t, { roles: ['supervisor'], agency: OTHER });
    const theirs = await read(foreign, '0');
    expect(theirs.items.every((e) => e.agency === OTHER)).toBe(true);
    await request(t.http).get('/v1/events').query({ agency: CITY }).set(foreign.auth).expect(403);
    await request(t.http).get('/v1/events').set(applicant.auth).expect(403);
    const forAdmin = (await request(t.http).get('/v1/events').query({ agency: CITY, limit: 500 }).set(admin.auth).expect(200)).body as { items: { id: string }[] };
    expect(forAdmin.items.map((x) => x.id)).toEqual(seen.slice(0, 500).map((x) => x.id));
    for (const bad of [{ after: '-1' }, { after: 'abc' }, { limit: 0 }, { limit: 501 }, { type: 'no.such' }]) {
      const res = await request(t.http).get('/v1/events').query(bad).set(admin.auth);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    const typed = (await request(t.http).get('/v1/events').query({ type: 'application.transitioned', limit: 500 }).set(admin.auth).expect(200)).body as { items: { type: string }[] };
    expect(typed.items.length).toBeGreaterThan(0);
    expect(typed.items.every((x) => x.type === 'application.transitioned')).toBe(true);
  });

  it('docs/integrations.md: its example verifier accepts real deliveries and refuses a replayed old timestamp; its catalogue is the published one', async () => {
    const docs = readFileSync(join(__dirname, '..', 'docs', 'integrations.md'), 'utf8');
    const example = readFileSync(join(__dirname, '..', 'docs', 'examples', 'verify-webhook.ts'), 'utf8');
    expect(docs).toContain(`\`\`\`ts\n${example}\`\`\``);
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(20);
    for (const spec of EVENT_CATALOGUE) expect(docs).toContain(`\`\`\`json\n${JSON.stringify(spec.example, null, 2)}\n\`\`\``);

    const r = await receiver();
    const sub = await subscribe(admin, { url: r.url, agency: CITY, eventTypes: ['application.submitted'] });
    const c = await submitted(t, applicant, 'reklame');
    await waitFor(async () => r.accepted.find((x) => x.event.caseId === c.id), 'the delivery', 10_000, 50);
    const got = r.accepted.find((x) => x.event.caseId === c.id) as Received;
    const headers = { 'webhook-id': got.id, 'webhook-timestamp': got.timestamp, 'webhook-signature': got.signature };
    expect(() => verifyTenggatWebhook(sub.secret, headers, got.body)).not.toThrow();
    // the same message captured and replayed ten minutes later is refused
    expect(() => verifyTenggatWebhook(sub.secret, headers, got.body, Date.now() + 10 * 60_000)).toThrow(/replay/);
    expect(() => verifyTenggatWebhook(sub.secret, headers, got.body.replace('"reklame"', '"pbg"'))).toThrow(/signature/);
    expect(() => verifyTenggatWebhook(sub.secret, { ...headers, 'webhook-timestamp': String(Number(got.timestamp) - 3600) }, got.body)).toThrow(/replay/);
    await request(t.http).delete(`/v1/webhooks/subscriptions/${sub.id}`).set(admin.auth).expect(204);
  });
});
