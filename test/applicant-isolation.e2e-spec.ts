import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { draftComplete, PDF, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Who sees what: applicants their own cases only, staff their agency's submitted cases, the
 * ombudsman every submitted case read-only. What a caller may not see answers 404, exactly as
 * if it did not exist, never 403; and nothing a refused caller sends changes the case.
 */

type Method = 'get' | 'post' | 'patch';
interface Probe {
  name: string;
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  multipart?: boolean;
}

const PROBLEM = /^application\/problem\+json/;

describe('isolation between applicants, agencies and the ombudsman', () => {
  let t: TestApp;
  let alice: TestUser; // applicant A
  let bob: TestUser; // applicant B, whose cases are probed
  let cityVerifier: TestUser; // staff of dpmptsp-kota-contoh (pbg, reklame)
  let citySupervisor: TestUser;
  let ministryVerifier: TestUser; // staff of kementerian-investasi (sertifikat-standar)
  let ministrySupervisor: TestUser;
  let ombudsman: TestUser;
  let admin: TestUser;
  let cityCase: { id: string; reference: string; accessCode: string; documentId: string };
  let ministryCase: { id: string };
  let bobDraft: { id: string; documentId: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-08-03T02:00:00.000Z'));
    [alice, bob] = [await registerApplicant(t.http), await registerApplicant(t.http)];
    cityVerifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    citySupervisor = await createUser(t, { roles: ['supervisor'], agency: 'dpmptsp-kota-contoh' });
    ministryVerifier = await createUser(t, { roles: ['verifier'], agency: 'kementerian-investasi' });
    ministrySupervisor = await createUser(t, { roles: ['supervisor'], agency: 'kementerian-investasi' });
    ombudsman = await createUser(t, { roles: ['ombudsman'] });
    admin = await createUser(t, { roles: ['admin'] });

    const city = await submitted(t, bob, 'pbg');
    const cityDocs = await request(t.http).get(`/v1/applications/${city.id}/documents`).set(bob.auth).expect(200);
    cityCase = { id: city.id, reference: String(city.receipt.reference), accessCode: String(city.receipt.accessCode), documentId: cityDocs.body[0].id };
    ministryCase = { id: (await submitted(t, bob, 'sertifikat-standar')).id };
    const draft = await draftComplete(t, bob, 'reklame');
    const draftDocs = await request(t.http).get(`/v1/applications/${draft.id}/documents`).set(bob.auth).expect(200);
    bobDraft = { id: draft.id, documentId: draftDocs.body[0].id };
  });
  afterAll(() => t.close());

  const send = (user: TestUser | null, p: Probe): request.Test => {
    let r = request(t.http)[p.method](p.path);
    if (user) r = r.set(user.auth);
    for (const [k, v] of Object.entries(p.headers ?? {})) r = r.set(k, v);
    if (p.multipart) return r.field('requirement', String(p.body?.requirement)).attach('file', PDF, { filename: 'x.pdf', contentType: 'application/pdf' });
    return p.body ? r.send(p.body) : r;
  };

  /** Every read and write on one case. */
  const everything = (id: string, documentId: string, version: number): Probe[] => [
    { name: 'read', method: 'get', path: `/v1/applications/${id}` },
    { name: 'timeline', method: 'get', path: `/v1/applications/${id}/timeline` },
    { name: 'available actions', method: 'get', path: `/v1/applications/${id}/actions` },
    { name: 'list documents', method: 'get', path: `/v1/applications/${id}/documents` },
    { name: 'download', method: 'get', path: `/v1/applications/${id}/documents/${documentId}` },
    { name: 'decision', method: 'get', path: `/v1/applications/${id}/decision` },
    { name: 'edit', method: 'patch', path: `/v1/applications/${id}`, body: { form: {} }, headers: { 'If-Match': String(version) } },
    { name: 'upload', method: 'post', path: `/v1/applications/${id}/documents`, body: { requirement: 'applicant-identity' }, multipart: true },
    { name: 'submit', method: 'post', path: `/v1/applications/${id}/submit` },
    { name: 'submit with a key', method: 'post', path: `/v1/applications/${id}/submit`, headers: { 'Idempotency-Key': 'k-1' } },
    { name: 'act', method: 'post', path: `/v1/applications/${id}/actions`, body: { action: 'withdraw', expectedVersion: version } },
    { name: 'act (staff)', method: 'post', path: `/v1/applications/${id}/actions`, body: { action: 'accept', expectedVersion: version } },
  ];

  /** What the owner sees of a case, to prove a refused caller changed nothing. */
  const snapshot = async (id: string): Promise<unknown> => {
    const c = await request(t.http).get(`/v1/applications/${id}`).set(bob.auth).expect(200);
    const docs = await request(t.http).get(`/v1/applications/${id}/documents`).set(bob.auth).expect(200);
    const timeline = await request(t.http).get(`/v1/applications/${id}/timeline`).set(bob.auth).expect(200);
    return { version: c.body.version, state: c.body.state, status: c.body.status, form: c.body.form, docs: docs.body, events: timeline.body.length };
  };

  /** The body a caller gets for a case that does not exist at all. */
  const absent = async (user: TestUser, p: Probe, id: string): Promise<Record<string, unknown>> => {
    const res = await send(user, { ...p, path: p.path.split(id).join(randomUUID()) });
    return { status: res.status, code: res.body.code };
  };

  it("applicant A gets 404 for everything on applicant B's submitted case and draft, exactly as for a case that does not exist", async () => {
    for (const [target, documentId] of [
      [cityCase.id, cityCase.documentId],
      [bobDraft.id, bobDraft.documentId],
    ] as const) {
      const before = await snapshot(target);
      for (const p of everything(target, documentId, 1)) {
        if (p.name === 'act (staff)') continue;
        const res = await send(alice, p);
        expect({ probe: p.name, status: res.status, code: res.body.code }).toEqual({ probe: p.name, status: 404, code: 'application-not-found' });
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect({ probe: p.name, ...(await absent(alice, p, target)) }).toEqual({ probe: p.name, status: 404, code: 'application-not-found' });
      }
      expect(await snapshot(target)).toEqual(before);
    }
    const list = await request(t.http).get('/v1/applications').set(alice.auth).expect(200);
    expect(list.body).toMatchObject({ total: 0, items: [] });
    expect((await request(t.http).get('/v1/applications').set(bob.auth).expect(200)).body.total).toBe(3);
  });

  it("staff see their own agency's submitted cases and nothing of another agency's (404), nor applicants' drafts", async () => {
    for (const staff of [ministryVerifier, ministrySupervisor]) {
      const before = await snapshot(cityCase.id);
      for (const p of everything(cityCase.id, cityCase.documentId, 2)) {
        const res = await send(staff, p);
        // writes reserved for applicants stop at the door (403) before any case is looked at
        const expected = ['edit', 'upload', 'submit', 'submit with a key'].includes(p.name) ? 403 : 404;
        expect({ who: staff.roles[0], probe: p.name, status: res.status }).toEqual({ who: staff.roles[0], probe: p.name, status: expected });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      for (const action of ['claim', 'release']) {
        const res = await request(t.http).post(`/v1/applications/${cityCase.id}/${action}`).set(staff.auth);
        expect({ action, status: res.status }).toEqual({ action, status: 404 });
      }
      expect(await snapshot(cityCase.id)).toEqual(before);
      const list = await request(t.http).get('/v1/applications').set(staff.auth).expect(200);
      const ids = (list.body.items as { id: string; agency: string }[]).map((i) => i.id);
      expect(ids).toContain(ministryCase.id);
      expect(ids).not.toContain(cityCase.id);
      expect((list.body.items as { agency: string }[]).every((i) => i.agency === 'kementerian-investasi')).toBe(true);
    }

    // the city's staff read their case, its documents and its timeline ...
    for (const staff of [cityVerifier, citySupervisor]) {
      await request(t.http).get(`/v1/applications/${cityCase.id}`).set(staff.auth).expect(200);
      await request(t.http).get(`/v1/applications/${cityCase.id}/timeline`).set(staff.auth).expect(200);
      await request(t.http).get(`/v1/applications/${cityCase.id}/documents`).set(staff.auth).expect(200);
      await request(t.http).get(`/v1/applications/${cityCase.id}/documents/${cityCase.documentId}`).set(staff.auth).expect(200);
      const list = await request(t.http).get('/v1/applications').set(staff.auth).expect(200);
      const ids = (list.body.items as { id: string }[]).map((i) => i.id);
      expect(ids).toContain(cityCase.id);
      expect(ids).not.toContain(ministryCase.id);
      // ... but a draft is the applicant's own until it is submitted
      expect(ids).not.toContain(bobDraft.id);
      await request(t.http).get(`/v1/applications/${bobDraft.id}`).set(staff.auth).expect(404);
      await request(t.http).get(`/v1/applications/${bobDraft.id}/documents/${bobDraft.documentId}`).set(staff.auth).expect(404);
    }
  });

  it('the ombudsman reads every submitted case and its record, and every write is refused', async () => {
    for (const id of [cityCase.id, ministryCase.id]) {
      const got = await request(t.http).get(`/v1/applications/${id}`).set(ombudsman.auth).expect(200);
      expect(got.body.allowedActions).toEqual([]);
      await request(t.http).get(`/v1/applications/${id}/timeline`).set(ombudsman.auth).expect(200);
      await request(t.http).get(`/v1/applications/${id}/actions`).set(ombudsman.auth).expect(200);
      const docs = await request(t.http).get(`/v1/applications/${id}/documents`).set(ombudsman.auth).expect(200);
      await request(t.http).get(`/v1/applications/${id}/documents/${docs.body[0].id}`).set(ombudsman.auth).expect(200);
    }
    const list = await request(t.http).get('/v1/applications').set(ombudsman.auth).expect(200);
    const ids = (list.body.items as { id: string }[]).map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([cityCase.id, ministryCase.id]));
    expect(ids).not.toContain(bobDraft.id);

    const before = await snapshot(cityCase.id);
    const writes = everything(cityCase.id, cityCase.documentId, 2).filter((p) => p.method !== 'get');
    for (const p of writes) {
      const res = await send(ombudsman, p);
      expect({ probe: p.name, status: res.status }).toEqual({ probe: p.name, status: 403 });
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
    for (const path of ['claim', 'release', 'assign']) {
      const res = await request(t.http).post(`/v1/applications/${cityCase.id}/${path}`).set(ombudsman.auth).send(path === 'assign' ? { assigneeId: cityVerifier.id } : {});
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    await request(t.http).post('/v1/applications').set(ombudsman.auth).send({ permitType: 'pbg' }).expect(403);
    expect(await snapshot(cityCase.id)).toEqual(before);
    // a draft is not part of the public record yet
    await request(t.http).get(`/v1/applications/${bobDraft.id}`).set(ombudsman.auth).expect(404);
  });

  it('an admin manages configuration, not case content; no token gets 401', async () => {
    await request(t.http).get(`/v1/applications/${cityCase.id}`).set(admin.auth).expect(404);
    expect((await request(t.http).get('/v1/applications').set(admin.auth).expect(200)).body.total).toBe(0);
    for (const p of everything(cityCase.id, cityCase.documentId, 2)) {
      const res = await send(null, p);
      expect({ probe: p.name, status: res.status }).toEqual({ probe: p.name, status: 401 });
    }
  });

  it('the public status needs the access code of that very case', async () => {
    const other = await submitted(t, alice, 'pbg');
    await request(t.http).get(`/v1/public/track/${cityCase.reference}`).query({ code: cityCase.accessCode }).expect(200);
    await request(t.http).get(`/v1/public/track/${cityCase.reference}`).query({ code: String(other.receipt.accessCode) }).expect(404);
    await request(t.http).get(`/v1/public/track/${String(other.receipt.reference)}`).query({ code: cityCase.accessCode }).expect(404);
  });
});
