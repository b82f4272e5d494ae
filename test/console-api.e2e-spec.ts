import http from 'node:http';
import { REDIS } from '@tenggat/platform';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { listen } from './support/browser';
import { registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { DAY_MS, staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

const AGENCY = 'dpmptsp-kota-contoh';

/** What the console needs from the API: queue columns and filters, the board, bulk reassignment, staff, audit check, field errors. */
describe('console API', () => {
  let t: TestApp;
  let verifier: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  let otherAgency: TestUser;
  let applicant: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    verifier = await staff(t, AGENCY, ['verifier'], 'Vera Verifikator');
    approver = await staff(t, AGENCY, ['approver'], 'Ana Approver');
    supervisor = await staff(t, AGENCY, ['supervisor'], 'Sari Supervisor');
    otherAgency = await staff(t, 'kementerian-investasi', ['verifier'], 'Orang Lain');
    applicant = await registerApplicant(t.http, { name: 'Budi Pemohon' });
  });
  afterAll(() => t.close());

  const queue = async (user: TestUser, query: Record<string, string | number>) =>
    (await request(t.http).get('/v1/queue').set(user.auth).query({ pageSize: 100, ...query }).expect(200)).body as {
      items: { id: string; applicantName: string; assigneeName: string | null; deficiencyNotices: { sent: number; max: number } }[];
      total: number;
    };

  it('queue rows name the applicant and the holder, and count the notices of the cap', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
    const row = (await queue(verifier, { assigned: 'me' })).items.find((i) => i.id === id);
    expect(row).toMatchObject({ applicantName: 'Budi Pemohon', assigneeName: 'Vera Verifikator', deficiencyNotices: { sent: 0, max: 1 } });
  });

  it('filters by due within N working days and overdue; refuses other values with 400', async () => {
    const { id } = await submitted(t, applicant, 'reklame'); // 2 working days for the state, 5 for the law
    expect((await queue(verifier, { dueWithin: '5' })).items.map((i) => i.id)).toContain(id);
    expect((await queue(verifier, { dueWithin: 'overdue' })).items.map((i) => i.id)).not.toContain(id);
    t.clock.set(new Date(Date.now() + 20 * DAY_MS));
    try {
      expect((await queue(verifier, { dueWithin: 'overdue' })).items.map((i) => i.id)).toContain(id);
    } finally {
      t.clock.reset();
    }
    const bad = await request(t.http).get('/v1/queue').set(verifier.auth).query({ dueWithin: '3' }).expect(400);
    expect(bad.body.errors[0].field).toBe('dueWithin');
  });

  it('finds stuck cases: no action for N working days', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    expect((await queue(supervisor, { idleWorkingDays: 3 })).items.map((i) => i.id)).not.toContain(id);
    t.clock.set(new Date(Date.now() + 14 * DAY_MS));
    try {
      expect((await queue(supervisor, { idleWorkingDays: 3 })).items.map((i) => i.id)).toContain(id);
    } finally {
      t.clock.reset();
    }
    await request(t.http).get('/v1/queue').set(supervisor.auth).query({ idleWorkingDays: 0 }).expect(400);
  });

  it('names the missing comment or documents of a refused action as field errors (422)', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const res = await act(t, verifier, id, { action: 'request-documents', comment: 'Foto buram' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'missingDocuments', message: expect.any(String) }]);
    const unknown = await act(t, verifier, id, { action: 'request-documents', comment: 'x', missingDocuments: ['no-such-doc'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('missingDocuments');
  });

  it('bulk reassignment: one result per case, a failure in the batch listed with its reason, the rest done and audited with the reason', async () => {
    const a = await submitted(t, applicant, 'reklame');
    const b = await submitted(t, applicant, 'reklame');
    // the approver does not work on "verification": this one fails
    const toVerifier = await request(t.http)
      .post('/v1/queue/bulk-assign')
      .set(supervisor.auth)
      .send({ ids: [a.id, b.id], assigneeId: verifier.id, reason: 'Vino cuti' })
      .expect(200);
    expect(toVerifier.body).toMatchObject({ assigned: 2, failed: 0 });
    const mixed = await request(t.http)
      .post('/v1/queue/bulk-assign')
      .set(supervisor.auth)
      .send({ ids: [a.id, '00000000-0000-4000-8000-000000000000'], assigneeId: verifier.id, reason: 'again' })
      .expect(200);
    expect(mixed.body.assigned).toBe(1);
    expect(mixed.body.failed).toBe(1);
    expect(mixed.body.results[1]).toMatchObject({ ok: false, assignment: null, problem: { status: 404 } });
    const refused = await request(t.http)
      .post('/v1/queue/bulk-assign')
      .set(supervisor.auth)
      .send({ ids: [a.id], assigneeId: approver.id, reason: 'salah orang' })
      .expect(200);
    expect(refused.body.results[0]).toMatchObject({ ok: false, problem: { status: 422, code: 'assignee-cannot-act' } });
    const row = (await request(t.http).get(`/v1/applications/${b.id}/timeline`).set(supervisor.auth).expect(200)).body as { action: string; comment: string | null }[];
    expect(row.find((e) => e.action === 'assigned')?.comment).toBe('Vino cuti');
  });

  it('bulk reassignment: bad input is 400 and changes nothing; officers get 403', async () => {
    const a = await submitted(t, applicant, 'reklame');
    for (const body of [
      { ids: [], assigneeId: verifier.id, reason: 'x' },
      { ids: ['not-a-uuid'], assigneeId: verifier.id, reason: 'x' },
      { ids: [a.id], assigneeId: verifier.id, reason: '' },
      { ids: [a.id], assigneeId: verifier.id },
    ]) {
      const res = await request(t.http).post('/v1/queue/bulk-assign').set(supervisor.auth).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const current = await request(t.http).get(`/v1/applications/${a.id}`).set(supervisor.auth).expect(200);
    expect(current.body.assigneeId).toBeNull();
    await request(t.http).post('/v1/queue/bulk-assign').set(verifier.auth).send({ ids: [a.id], assigneeId: verifier.id, reason: 'x' }).expect(403);
  });

  it('the supervisor board counts open cases by permit type and state and shows each staff member with what they hold', async () => {
    const res = await request(t.http).get('/v1/queue/board').set(supervisor.auth).expect(200);
    const verification = res.body.counts.find((c: { permitType: string; state: string }) => c.permitType === 'reklame' && c.state === 'verification');
    expect(verification.open).toBeGreaterThan(0);
    expect(verification.stateLabel).toBeTruthy();
    const vera = res.body.workload.find((w: { id: string }) => w.id === verifier.id);
    expect(vera.open).toBeGreaterThan(0);
    expect(res.body.workload.map((w: { id: string }) => w.id)).not.toContain(otherAgency.id);
    await request(t.http).get('/v1/queue/board').set(verifier.auth).expect(403);
  });

  it('lists the staff of my agency only; verifies a case audit chain', async () => {
    const list = (await request(t.http).get('/v1/staff').set(verifier.auth).expect(200)).body as { id: string; name: string }[];
    expect(list.map((s) => s.id)).toEqual(expect.arrayContaining([verifier.id, supervisor.id, approver.id]));
    expect(list.map((s) => s.id)).not.toContain(otherAgency.id);
    await request(t.http).get('/v1/staff').set(applicant.auth).expect(403);
    const { id } = await submitted(t, applicant, 'reklame');
    const check = await request(t.http).get(`/v1/applications/${id}/audit-check`).set(verifier.auth).expect(200);
    expect(check.body).toEqual({ ok: true, checked: expect.any(Number), brokenAtSeq: null });
    expect(check.body.checked).toBeGreaterThan(2);
    await request(t.http).get(`/v1/applications/${id}/audit-check`).set(otherAgency.auth).expect(404);
  });

  it('streams the agency\'s case changes as server-sent events, from this process and from others (Redis pub/sub)', async () => {
    const base = await listen(t);
    const received: string[] = [];
    const req = http.get(`${base}/v1/queue/events`, { headers: verifier.auth });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => received.push(chunk));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const { id } = await submitted(t, applicant, 'reklame');
      await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
      // another API process publishes on the same channel
      const other = t.app.get<Redis>(REDIS).duplicate();
      await other.publish(`${process.env.QUEUE_PREFIX}:case-events`, JSON.stringify({ id: 'from-elsewhere', agency: AGENCY, kind: 'action' }));
      await other.publish(`${process.env.QUEUE_PREFIX}:case-events`, JSON.stringify({ id: 'other-agency', agency: 'kementerian-investasi', kind: 'action' }));
      other.disconnect();
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && !received.join('').includes('from-elsewhere')) await new Promise((r) => setTimeout(r, 50));
      const text = received.join('');
      expect(text).toContain(`"id":"${id}","kind":"submitted"`);
      expect(text).toContain(`"id":"${id}","kind":"claimed"`);
      expect(text).toContain('from-elsewhere');
      expect(text).not.toContain('other-agency');
    } finally {
      req.destroy();
    }
    await request(t.http).get('/v1/queue/events').set(applicant.auth).expect(403);
  });
});
