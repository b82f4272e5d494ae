import request from 'supertest';
import { createAdmin, registerApplicant, TEST_PASSWORD, TestUser } from './support/auth';
import { PDF, PNG, submitted } from './support/cases';
import { staff } from './support/officers';
import { withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const CITY = 'dpmptsp-kota-contoh';

/**
 * Idempotency-Key on every POST that changes something: the same key and body answer the
 * stored response (nothing runs twice), another body is 422, a key still in use is 409.
 */
describe('Idempotency-Key on every POST', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let admin: TestUser;
  let receiver: WebhookReceiver;

  const count = async (sql: string, params: unknown[]): Promise<number> => (await t.db.query<{ n: number }[]>(sql, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp(withConfig({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }));
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, CITY, ['verifier']);
    admin = await createAdmin(t);
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('a workflow action: the same key and body answer the first response without acting again; another body is 422', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const version = ((await request(t.http).get(`/v1/applications/${id}`).set(verifier.auth).expect(200)).body as { version: number }).version;
    const send = (body: Record<string, unknown>, key = 'accept-once'): request.Test =>
      request(t.http).post(`/v1/applications/${id}/actions`).set(verifier.auth).set('If-Match', String(version)).set('Idempotency-Key', key).send(body);
    const first = await send({ action: 'accept' }).expect(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send({ action: 'accept' }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1 AND action = 'accept'`, [id])).toBe(1);

    const other = await send({ action: 'reject', comment: 'no' }).expect(422);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect(other.body).toMatchObject({ code: 'idempotency-key-reused' });
    // the key belongs to its user: another user's identical key is another request
    const colleague = await staff(t, CITY, ['verifier']);
    const theirs = await request(t.http).post(`/v1/applications/${id}/actions`).set(colleague.auth).set('If-Match', String(version)).set('Idempotency-Key', 'accept-once').send({ action: 'accept' });
    expect(theirs.status).toBe(409); // ran, and met the stale version: not someone else's stored answer
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a failed request releases its key, so the corrected retry runs', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const version = ((await request(t.http).get(`/v1/applications/${id}`).set(verifier.auth).expect(200)).body as { version: number }).version;
    const post = (v: number): request.Test =>
      request(t.http).post(`/v1/applications/${id}/actions`).set(verifier.auth).set('If-Match', String(v)).set('Idempotency-Key', 'retry-me').send({ action: 'accept' });
    await post(version + 5).expect(409);
    await post(version).expect(200);
  });

  it('complaints, claims and webhook subscriptions are created once', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const complaint = { category: 'undue-delay', description: 'Belum ada kabar sejak diajukan' };
    const c1 = await request(t.http).post(`/v1/applications/${id}/complaints`).set(applicant.auth).set('Idempotency-Key', 'c-1').send(complaint).expect(201);
    const c2 = await request(t.http).post(`/v1/applications/${id}/complaints`).set(applicant.auth).set('Idempotency-Key', 'c-1').send({ description: complaint.description, category: 'undue-delay' }).expect(201);
    expect(c2.body).toEqual(c1.body); // the key order of a JSON body does not matter
    expect(await count('SELECT count(*)::int AS n FROM complaints WHERE application_id = $1', [id])).toBe(1);

    const claim1 = await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).set('Idempotency-Key', 'claim-1').send({});
    const claim2 = await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).set('Idempotency-Key', 'claim-1').send({});
    expect(claim2.status).toBe(claim1.status);
    expect(claim2.body).toEqual(claim1.body);
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1 AND action = 'claimed'`, [id])).toBe(1);

    const body = { url: receiver.url, agency: CITY, eventTypes: ['permit.revoked'] };
    const s1 = await request(t.http).post('/v1/webhooks/subscriptions').set(admin.auth).set('Idempotency-Key', 'sub-1').send(body).expect(201);
    const s2 = await request(t.http).post('/v1/webhooks/subscriptions').set(admin.auth).set('Idempotency-Key', 'sub-1').send(body).expect(201);
    expect(s2.body).toEqual(s1.body);
    expect(await count('SELECT count(*)::int AS n FROM webhook_subscriptions WHERE id = $1', [(s1.body as { id: string }).id])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM webhook_subscriptions WHERE url = $1', [receiver.url])).toBe(1);
  });

  it('a document upload (multipart): the same file again is answered from the first upload; another file is 422', async () => {
    const created = await request(t.http).post('/v1/applications').set(applicant.auth).send({ permitType: 'reklame', form: {} }).expect(201);
    const id = (created.body as { id: string }).id;
    const upload = (file: Buffer, name: string, type: string): request.Test =>
      request(t.http).post(`/v1/applications/${id}/documents`).set(applicant.auth).set('Idempotency-Key', 'upload-design').field('requirement', 'design').attach('file', file, { filename: name, contentType: type });
    const first = await upload(PDF, 'design.pdf', 'application/pdf').expect(201);
    const again = await upload(PDF, 'design.pdf', 'application/pdf').expect(201); // supertest draws a new boundary
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [id])).toBe(1);
    const other = await upload(PNG, 'design.png', 'image/png').expect(422);
    expect(other.body).toMatchObject({ code: 'idempotency-key-reused' });
    expect(await count(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [id])).toBe(1);
  });

  it('refuses a malformed key (400) and a key whose first request is still running (409)', async () => {
    const create = (key: string): request.Test => request(t.http).post('/v1/applications').set(applicant.auth).set('Idempotency-Key', key).send({ permitType: 'reklame', form: {} });
    expect((await create('x'.repeat(256))).status).toBe(400);
    expect((await create('tab\there')).status).toBe(400);
    await t.db.query(`INSERT INTO idempotent_requests (user_id, key, request, state, created_at) VALUES ($1, 'busy', 'POST /v1/applications', 'in-progress', now())`, [applicant.id]);
    const busy = await create('busy');
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'idempotency-key-in-progress' });
    // an answer older than 24 h is forgotten: the key may be used again
    await t.db.query(`UPDATE idempotent_requests SET created_at = now() - interval '25 hours' WHERE user_id = $1 AND key = 'busy'`, [applicant.id]);
    expect((await create('busy')).status).toBe(201);
  });

  it("the console's cookie session: a write with the CSRF token replays by key; without the token it is refused before the key is looked at", async () => {
    const login = await request(t.http).post('/v1/auth/session').send({ email: verifier.email, password: TEST_PASSWORD }).expect(204);
    const set = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const csrf = (set.find((c) => c.startsWith('tenggat_csrf=')) ?? '').slice('tenggat_csrf='.length);
    expect(csrf).not.toBe('');
    const cookie = set.join('; ');
    const { id } = await submitted(t, applicant, 'reklame');
    const claim = (withCsrf: boolean): request.Test => {
      const r = request(t.http).post(`/v1/applications/${id}/claim`).set('Cookie', cookie).set('Idempotency-Key', `console-claim-${id}`);
      return withCsrf ? r.set('X-CSRF-Token', csrf) : r;
    };
    const refused = await claim(false).expect(403);
    expect(refused.body).toMatchObject({ code: 'csrf-token' });
    const first = await claim(true).expect(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await claim(true).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await claim(false).expect(403)).body).toMatchObject({ code: 'csrf-token' }); // a replay needs the token too
    // the key is the user's, whichever way they sign in: the same key with a bearer token replays
    const bearer = await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).set('Idempotency-Key', `console-claim-${id}`).expect(200);
    expect(bearer.headers['idempotent-replayed']).toBe('true');
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1 AND action = 'claimed'`, [id])).toBe(1);
  });
});
