import { AuditService } from '@tenggat/audit';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { act, definitionOf, draftComplete, PDF, PNG, submitted, validForm } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/** The applicant's journey through HTTP on real Postgres: issue 3. */

const PROBLEM = /^application\/problem\+json/;
/** A second, different PDF, to prove a replacement is stored and served as sent. */
const PDF2 = Buffer.from('%PDF-1.7\n% replaced land title\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Receipt {
  applicationId: string;
  reference: string;
  accessCode: string;
  receivedAt: string;
  legalDeadline: string;
  deadlineProvisional: boolean;
  legalBasis: string[];
  processingWorkingDays: number;
  silenceMeansApproval: boolean;
  complaintChannel: string;
  permitType: { code: string; name: string; version: number };
  trackUrl: string;
}

/** Monday 3 August 2026, 09:00 in Jakarta: a working day inside the official 2026 calendar. */
const RECEIVED = new Date('2026-08-03T02:00:00.000Z');

/** Collects a binary response body as a Buffer (supertest only buffers text by default). */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the applicant journey (pbg)', () => {
  let t: TestApp;
  let budi: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(RECEIVED);
    budi = await registerApplicant(t.http, { name: 'Budi Uji' });
  });
  afterAll(() => t.close());

  const upload = (user: TestUser, id: string, requirement: string, file: Buffer, name: string, type: string): request.Test =>
    request(t.http).post(`/v1/applications/${id}/documents`).set(user.auth).field('requirement', requirement).attach('file', file, { filename: name, contentType: type });

  it('browses, drafts, edits, uploads, replaces, submits, reads back and is tracked publicly', async () => {
    // the service standard, without logging in
    const std = await request(t.http).get('/v1/permit-types/pbg').expect(200);
    expect(std.body).toMatchObject({ code: 'pbg', agency: 'dpmptsp-kota-contoh', processingWorkingDays: expect.any(Number), silenceMeansApproval: false });
    const requirements = std.body.requirements as { code: string; optional?: boolean }[];
    expect(requirements.map((r) => r.code)).toEqual(expect.arrayContaining(['applicant-identity', 'land-rights', 'site-plan']));
    expect(std.body.complaintChannel).toEqual(expect.any(String));
    expect(std.body.legalBasis.length).toBeGreaterThan(0);

    // a draft with part of the form
    const def = await definitionOf(t, 'pbg');
    const full = validForm(def);
    const { floors: _floors, ...partial } = full;
    const created = await request(t.http).post('/v1/applications').set(budi.auth).send({ permitType: 'pbg', form: partial }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ state: 'draft', status: 'draft', version: 1, reference: null, deadline: null, form: partial, applicantId: budi.id });
    expect(created.body.allowedActions).toEqual([]);

    // PATCH with If-Match: the version moves on; a stale version is a 409 with the current one
    const patched = await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).set('If-Match', '"1"').send({ form: { floors: 3 } }).expect(200);
    expect(patched.body.version).toBe(2);
    expect(patched.body.form).toEqual({ ...partial, floors: 3 }); // merge-patch: the fields sent, the rest kept
    const stale = await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).set('If-Match', '1').send({ form: { floors: 4 } }).expect(409);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body).toMatchObject({ code: 'stale-version', currentVersion: 2 });
    const staleBody = await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).send({ form: { floors: 4 }, expectedVersion: 1 }).expect(409);
    expect(staleBody.body.currentVersion).toBe(2);
    // null removes an optional field; expectedVersion in the body works like If-Match
    await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).send({ form: { basementFloors: 1 }, expectedVersion: 2 }).expect(200);
    const cleared = await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).send({ form: { basementFloors: null }, expectedVersion: 3 }).expect(200);
    expect(cleared.body.version).toBe(4);
    expect(cleared.body.form).toEqual({ ...partial, floors: 3 });

    // documents: every required one, the identity card as a PNG, the land title twice
    for (const r of requirements.filter((x) => !x.optional)) {
      const png = r.code === 'applicant-identity';
      await upload(budi, id, r.code, png ? PNG : PDF, png ? 'ktp.png' : `${r.code}.pdf`, png ? 'image/png' : 'application/pdf').expect(201);
    }
    const first = await request(t.http).get(`/v1/applications/${id}/documents`).set(budi.auth).expect(200);
    const oldLand = (first.body as { id: string; requirement: string }[]).find((d) => d.requirement === 'land-rights');
    const replaced = await upload(budi, id, 'land-rights', PDF2, 'sertifikat-baru.pdf', 'application/pdf').expect(201);
    expect(replaced.body).toMatchObject({ requirement: 'land-rights', fileName: 'sertifikat-baru.pdf', mediaType: 'application/pdf', sizeBytes: PDF2.length });

    const docs = await request(t.http).get(`/v1/applications/${id}/documents`).set(budi.auth).expect(200);
    const land = (docs.body as { id: string; requirement: string; current: boolean; sha256: string }[]).filter((d) => d.requirement === 'land-rights');
    expect(land).toHaveLength(2);
    expect(land.find((d) => d.current)?.id).toBe(replaced.body.id);
    expect(land.find((d) => !d.current)?.id).toBe(oldLand?.id);

    const now = await request(t.http).get(`/v1/applications/${id}/documents/${replaced.body.id}`).set(budi.auth).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(now.body as Buffer, PDF2)).toBe(0);
    expect(now.headers['content-type']).toMatch(/^application\/pdf/);
    expect(now.headers['content-disposition']).toContain('sertifikat-baru.pdf');
    const before = await request(t.http).get(`/v1/applications/${id}/documents/${oldLand?.id}`).set(budi.auth).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(before.body as Buffer, PDF)).toBe(0);
    const ktp = (docs.body as { id: string; requirement: string }[]).find((d) => d.requirement === 'applicant-identity');
    const ktpBytes = await request(t.http).get(`/v1/applications/${id}/documents/${ktp?.id}`).set(budi.auth).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(ktpBytes.body as Buffer, PNG)).toBe(0);
    expect(ktpBytes.headers['content-type']).toMatch(/^image\/png/);

    // submit: the acknowledgement receipt (the test clock is set, then keeps ticking)
    const sent = t.clock.now().getTime();
    const submit = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).expect(201);
    const answered = t.clock.now().getTime();
    const receipt = submit.body as Receipt;
    expect(receipt.applicationId).toBe(id);
    expect(receipt.reference).toMatch(/^PBG-2026-\d{6}$/);
    const received = Date.parse(receipt.receivedAt);
    expect(received).toBeGreaterThanOrEqual(sent);
    expect(received).toBeLessThanOrEqual(answered);
    expect(receipt.legalBasis).toEqual(std.body.legalBasis);
    expect(receipt.processingWorkingDays).toBe(std.body.processingWorkingDays);
    expect(receipt.silenceMeansApproval).toBe(false);
    expect(receipt.complaintChannel).toBe(std.body.complaintChannel);
    expect(receipt.permitType).toEqual({ code: 'pbg', name: std.body.name, version: std.body.version });
    expect(receipt.deadlineProvisional).toBe(false); // 2026 is an official calendar year
    expect(receipt.accessCode).toMatch(/^[A-Z2-9]{10}$/);
    // N working days never fit in fewer than N calendar days, and (with weekends and a holiday or two) not in more than twice as many
    const days = (Date.parse(receipt.legalDeadline) - received) / 86_400_000;
    expect(days).toBeGreaterThan(receipt.processingWorkingDays);
    expect(days).toBeLessThan(receipt.processingWorkingDays * 2);
    // a deadline ends at the end of a working day in Jakarta (UTC+7), which is never a weekend
    const local = new Date(Date.parse(receipt.legalDeadline) + 7 * 3_600_000);
    expect(local.toISOString().slice(11, 16)).toBe('23:59');
    expect([0, 6]).not.toContain(local.getUTCDay());

    // the case as the applicant sees it
    const got = await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200);
    expect(got.body).toMatchObject({
      id,
      reference: receipt.reference,
      status: 'open',
      state: std.body.initialState,
      version: 5,
      deadline: receipt.legalDeadline,
      deadlineProvisional: false,
      submittedAt: receipt.receivedAt,
      permitType: { code: 'pbg', version: std.body.version },
    });
    expect(got.body.clocks.find((c: { kind: string }) => c.kind === 'statutory')).toMatchObject({ status: 'running', deadline: receipt.legalDeadline });
    expect(got.body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['withdraw']);
    const current = (got.body.documents as { id: string; requirement: string }[]).map((d) => d.id).sort();
    expect(current).toEqual((docs.body as { id: string; current: boolean }[]).filter((d) => d.current).map((d) => d.id).sort());

    // the list, with its filters
    const mine = await request(t.http).get('/v1/applications').set(budi.auth).query({ permitType: 'pbg', state: std.body.initialState }).expect(200);
    expect(mine.body).toMatchObject({ total: 1, items: [{ id, reference: receipt.reference, deadline: receipt.legalDeadline }] });
    expect((await request(t.http).get('/v1/applications').set(budi.auth).query({ state: 'draft' }).expect(200)).body.total).toBe(0);

    // the timeline, in order
    const timeline = await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200);
    const actions = (timeline.body as { action: string }[]).map((e) => e.action);
    expect(actions.slice(0, 5)).toEqual(['draft.created', 'draft.updated', 'draft.updated', 'draft.updated', 'document.uploaded']);
    expect(actions).toContain('document.replaced');
    expect(actions).toContain('submit');
    expect(actions.filter((a) => a.startsWith('clock.')).length).toBeGreaterThan(0);
    const submitEvent = (timeline.body as Record<string, unknown>[]).find((e) => e.action === 'submit');
    expect(submitEvent).toMatchObject({ actorId: budi.id, actorRole: 'applicant', fromState: 'draft', toState: std.body.initialState });
    const ats = (timeline.body as { at: string }[]).map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);

    // a submitted case is no longer a draft: no edits, no uploads (unless a deficiency notice asks)
    expect((await request(t.http).patch(`/v1/applications/${id}`).set(budi.auth).send({ form: { floors: 9 } }).expect(409)).body.code).toBe('not-a-draft');
    expect((await upload(budi, id, 'land-rights', PDF, 'x.pdf', 'application/pdf').expect(409)).body.code).toBe('documents-locked');

    // public tracking: status and deadline, nothing personal
    const track = await request(t.http).get(`/v1/public/track/${receipt.reference}`).query({ code: receipt.accessCode }).expect(200);
    expect(track.body).toMatchObject({ reference: receipt.reference, state: std.body.initialState, status: 'open', deadline: receipt.legalDeadline, breached: false });
    const publicText = JSON.stringify(track.body);
    for (const personal of [budi.id, budi.email, budi.name, String(full.address), String(full.landCertificateNumber), id]) expect(publicText).not.toContain(personal);
    expect(track.body).not.toHaveProperty('form');
    expect(track.body).not.toHaveProperty('applicantId');
    await request(t.http).get(`/v1/public/track/${receipt.reference}`).query({ code: receipt.accessCode.toLowerCase() }).expect(200);
    await request(t.http).get(receipt.trackUrl).expect(200);
    const wrong = await request(t.http).get(`/v1/public/track/${receipt.reference}`).query({ code: 'AAAAAAAAAA' }).expect(404);
    expect(wrong.headers['content-type']).toMatch(PROBLEM);
    await request(t.http).get('/v1/public/track/PBG-2026-999999').query({ code: receipt.accessCode }).expect(404);
    await request(t.http).get(`/v1/public/track/${receipt.reference}`).expect(400);
  });

  describe('completeness refusal', () => {
    it('refuses an application with missing documents and form fields (422), changing nothing', async () => {
      const def = await definitionOf(t, 'pbg');
      const { floors: _f, contactEmail: _c, ...form } = validForm(def);
      const created = await request(t.http).post('/v1/applications').set(budi.auth).send({ permitType: 'pbg', form }).expect(201);
      const id = created.body.id as string;
      await upload(budi, id, 'site-plan', PDF, 'site.pdf', 'application/pdf').expect(201);

      const res = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).expect(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('application-incomplete');
      const missing = (res.body.missingDocuments as { code: string }[]).map((d) => d.code).sort();
      const expected = def.requirements.filter((r) => !r.optional && r.code !== 'site-plan').map((r) => r.code).sort();
      expect(missing).toEqual(expected);
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['form.contactEmail', 'form.floors']);

      const after = await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200);
      expect(after.body).toMatchObject({ state: 'draft', status: 'draft', version: 1, reference: null, submittedAt: null, deadline: null, clocks: [] });
      const timeline = await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200);
      expect((timeline.body as { action: string }[]).map((e) => e.action)).toEqual(['draft.created', 'document.uploaded']);
    });

    it('refuses a complete form one document short (optional ones do not count), then accepts it', async () => {
      const def = await definitionOf(t, 'reklame');
      const required = def.requirements.filter((r) => !r.optional);
      const [last, ...others] = required;
      const gap = await request(t.http).post('/v1/applications').set(budi.auth).send({ permitType: 'reklame', form: validForm(def) }).expect(201);
      for (const r of others) await upload(budi, gap.body.id, r.code, PDF, `${r.code}.pdf`, 'application/pdf').expect(201);
      const refused = await request(t.http).post(`/v1/applications/${gap.body.id}/submit`).set(budi.auth).expect(422);
      expect(refused.body.missingDocuments).toEqual([{ code: last.code, name: last.name }]);
      expect(refused.body.errors).toEqual([]);
      await upload(budi, gap.body.id, last.code, PDF, 'x.pdf', 'application/pdf').expect(201);
      await request(t.http).post(`/v1/applications/${gap.body.id}/submit`).set(budi.auth).expect(201);
    });
  });

  describe('idempotent submit', () => {
    it('answers the same Idempotency-Key with the same receipt (without the access code, shown once), and a second plain submit with 409', async () => {
      const { id } = await draftComplete(t, budi, 'sertifikat-standar');
      const key = 'submit-7f3c1b2a';
      const a = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', key).expect(201);
      t.clock.advance(60_000); // a retry a minute later still gets the original receipt
      const b = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', key).expect(201);
      // the access code is stored only as a hash: the replay is the receipt without it (issue 10)
      const { accessCode: _code, trackUrl: _url, ...rest } = a.body as Record<string, unknown>;
      expect(b.body).toEqual({ ...rest, trackUrl: `/v1/public/track/${String(a.body.reference)}`, accessCodeNote: expect.any(String) });
      expect(b.body.reference).toBe(a.body.reference);
      expect(b.body).not.toHaveProperty('accessCode');
      expect(b.body.silenceMeansApproval).toBe(true); // sertifikat-standar: fiktif positif

      const again = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).expect(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(again.body.code).toBe('already-submitted');
      const otherKey = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', 'another-key').expect(409);
      expect(otherKey.body.code).toBe('already-submitted');

      // exactly one submission on the record, and the case moved once
      const timeline = await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200);
      expect((timeline.body as { action: string }[]).filter((e) => e.action === 'submit')).toHaveLength(1);
      const got = await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200);
      expect(got.body.reference).toBe(a.body.reference);
      // the access code of the first receipt still opens the public status
      await request(t.http).get(`/v1/public/track/${b.body.reference}`).query({ code: a.body.accessCode }).expect(200);
    });

    it('gives two concurrent submits with one key one receipt', async () => {
      const { id } = await draftComplete(t, budi, 'reklame');
      const send = (): request.Test => request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', 'double-click');
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      // one receipt: the first answer carries the access code, the replay the same receipt without it
      expect(a.body.reference).toBe(b.body.reference);
      expect(a.body.legalDeadline).toBe(b.body.legalDeadline);
      expect([a.body.accessCode, b.body.accessCode].filter((c) => typeof c === 'string')).toHaveLength(1);
    });

    it('does not share a key between applications or users', async () => {
      const one = await draftComplete(t, budi, 'reklame');
      const two = await draftComplete(t, budi, 'reklame');
      const a = await request(t.http).post(`/v1/applications/${one.id}/submit`).set(budi.auth).set('Idempotency-Key', 'same').expect(201);
      const b = await request(t.http).post(`/v1/applications/${two.id}/submit`).set(budi.auth).set('Idempotency-Key', 'same').expect(201);
      expect(b.body.reference).not.toBe(a.body.reference);
      expect(b.body.applicationId).toBe(two.id);
    });
  });

  describe('references and deadlines', () => {
    afterEach(() => t.clock.set(RECEIVED));

    it("numbers references by the year in the agency's time zone, and marks a deadline in an unofficial calendar year provisional", async () => {
      t.clock.set(new Date('2026-12-31T17:30:00.000Z')); // 00:30 on 1 January 2027 in Jakarta, still 2026 in UTC
      const { id, receipt } = await submitted(t, budi, 'reklame');
      expect(receipt.reference).toMatch(/^REKLAME-2027-\d{6}$/);
      expect(receipt.deadlineProvisional).toBe(true); // no official 2027 calendar is shipped
      const got = await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200);
      expect(got.body).toMatchObject({ deadline: receipt.legalDeadline, deadlineProvisional: true });
    });

    it('hands out distinct references to concurrent submissions', async () => {
      // drafted one after another (an applicant has at most two uploads in progress at once); submitted together
      const drafts = [];
      for (let i = 0; i < 3; i++) drafts.push(await draftComplete(t, budi, 'reklame'));
      const receipts = await Promise.all(drafts.map(({ id }) => request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).expect(201)));
      const refs = receipts.map((r) => String(r.body.reference));
      expect(new Set(refs).size).toBe(3);
      for (const ref of refs) expect(ref).toMatch(/^REKLAME-2026-\d{6}$/);
    });
  });

  describe('documents after submission', () => {
    it('takes a replacement while answering a deficiency notice, and none once resubmitted', async () => {
      const verifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
      const { id } = await submitted(t, budi, 'reklame');
      await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
      const notice = await act(t, verifier, id, { action: 'request-documents', comment: 'Desain tidak terbaca', missingDocuments: ['design'] });
      expect(notice.body.state).toBe('deficient');
      expect(notice.body.allowedActions).toEqual([]); // the verifier waits for the applicant
      const mine = await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200);
      expect(mine.body.allowedActions.map((a: { action: string }) => a.action).sort()).toEqual(['resubmit', 'withdraw']);

      const answer = await upload(budi, id, 'design', PDF2, 'desain-baru.pdf', 'application/pdf').expect(201);
      const back = await act(t, budi, id, { action: 'resubmit' });
      expect(back.status).toBe(200);
      expect(back.body.documents.find((d: { requirement: string }) => d.requirement === 'design').id).toBe(answer.body.id);
      expect((await upload(budi, id, 'design', PDF, 'lagi.pdf', 'application/pdf').expect(409)).body.code).toBe('documents-locked');

      const timeline = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200)).body as { action: string }[];
      const order = timeline.map((e) => e.action).filter((a) => ['request-documents', 'document.replaced', 'resubmit'].includes(a));
      expect(order).toEqual(['request-documents', 'document.replaced', 'resubmit']);
    });

    it('refuses a resubmission (422) until each document the notice named was uploaded anew, naming those still missing, and changes nothing', async () => {
      const verifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
      const { id } = await submitted(t, budi, 'reklame');
      await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
      await act(t, verifier, id, { action: 'request-documents', comment: 'Desain dan persetujuan pemilik kurang jelas', missingDocuments: ['design', 'owner-consent'] });
      const resubmit = async () => {
        const before = (await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200)).body as { version: number };
        return request(t.http).post(`/v1/applications/${id}/actions`).set(budi.auth).set('If-Match', String(before.version)).send({ action: 'resubmit' });
      };
      const deficient = (await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200)).body;
      expect(deficient.deficiencyNotices.toReplace).toEqual(['design', 'owner-consent']);
      const auditBefore = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200)).body.length;

      // a document the notice did not name does not answer it
      await upload(budi, id, 'applicant-identity', PDF2, 'ktp.pdf', 'application/pdf').expect(201);
      const none = await resubmit();
      expect(none.status).toBe(422);
      expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(none.body.code).toBe('documents-not-replaced');
      expect(none.body.missingDocuments).toEqual([
        { code: 'design', name: 'Desain, ukuran dan materi reklame' },
        { code: 'owner-consent', name: 'Surat persetujuan pemilik lahan/bangunan tempat reklame dipasang' },
      ]);
      expect(none.body.detail).toContain('Desain, ukuran dan materi reklame');
      expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['documents.design', 'documents.owner-consent']);

      await upload(budi, id, 'design', PDF2, 'desain-baru.pdf', 'application/pdf').expect(201);
      const one = await resubmit();
      expect(one.status).toBe(422);
      expect(one.body.missingDocuments.map((m: { code: string }) => m.code)).toEqual(['owner-consent']);
      const still = (await request(t.http).get(`/v1/applications/${id}`).set(budi.auth).expect(200)).body;
      expect(still).toMatchObject({ state: 'deficient', version: deficient.version, deficiencyNotices: { toReplace: ['owner-consent'] } });
      expect(still.clocks.find((c: { kind: string }) => c.kind === 'statutory').status).toBe('stopped');
      // the refusals left no trace but the two uploads
      expect((await request(t.http).get(`/v1/applications/${id}/timeline`).set(budi.auth).expect(200)).body.length).toBe(auditBefore + 2);

      await upload(budi, id, 'owner-consent', PDF2, 'persetujuan.pdf', 'application/pdf').expect(201);
      const back = await resubmit();
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ state: 'verification', deficiencyNotices: { toReplace: [] } });
    });

    it('never changes a document after the submission, however close an upload and the submit race', async () => {
      for (let i = 0; i < 6; i++) {
        const { id } = await draftComplete(t, budi, 'reklame');
        const [sub, up] = await Promise.all([
          request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth),
          upload(budi, id, 'design', Buffer.concat([PDF, Buffer.from(`% ${i}\n`)]), 'desain.pdf', 'application/pdf'),
        ]);
        expect(sub.status).toBe(201);
        expect([201, 409]).toContain(up.status);
        // on the record (in the order it was written), nothing touches a document after the submission
        const events = (await t.app.get(AuditService).listForCase(id)).map((e) => e.action);
        const submittedAt = events.indexOf('submit');
        expect(events.slice(submittedAt + 1).filter((a) => a.startsWith('document.'))).toEqual([]);
      }
    });
  });
});
