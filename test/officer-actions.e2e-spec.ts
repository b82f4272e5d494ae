import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createOmbudsman, registerApplicant, TestUser } from './support/auth';
import { act, definitionOf, submitted } from './support/cases';
import { auditOf, caseRow, DAY_MS, fireDueTimers, staff, submittedAt } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh';
const PROBLEM = /application\/problem\+json/;

interface Listed {
  action: string;
  allowed: boolean;
  reason?: { code: string; message: string };
}

describe('officers’ actions: GET and POST /v1/applications/{id}/actions', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let reviewer: TestUser;
  let approver: TestUser;

  const post = (user: TestUser, id: string, body: Record<string, unknown>, version?: number | string): request.Test => {
    const r = request(t.http).post(`/v1/applications/${id}/actions`).set(user.auth);
    return (version === undefined ? r : r.set('If-Match', String(version))).send(body);
  };
  const listed = async (user: TestUser, id: string): Promise<{ state: string; version: number; actions: Listed[] }> =>
    (await request(t.http).get(`/v1/applications/${id}/actions`).set(user.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, CITY, ['verifier']);
    reviewer = await staff(t, CITY, ['reviewer']);
    approver = await staff(t, CITY, ['approver']);
  });
  afterAll(() => t.close());

  describe('GET /actions', () => {
    it('lists what the caller may do now and, for the rest, why not', async () => {
      const { id } = await submitted(t, applicant, 'pbg');
      const forVerifier = await listed(verifier, id);
      expect(forVerifier).toMatchObject({ state: 'submitted', version: expect.any(Number) });
      const byName = (l: Listed[]): Record<string, Listed> => Object.fromEntries(l.map((a) => [a.action, a]));
      expect(byName(forVerifier.actions)).toMatchObject({
        accept: { allowed: true },
        'request-documents': { allowed: true, requires: ['comment', 'missingDocuments'] },
        withdraw: { allowed: false, reason: { code: 'FORBIDDEN_ROLE', message: expect.stringContaining('applicant') } },
      });
      expect(byName((await listed(approver, id)).actions)).toMatchObject({
        accept: { allowed: false, reason: { code: 'FORBIDDEN_ROLE', message: expect.stringContaining('verifier') } },
      });
      expect(byName((await listed(applicant, id)).actions)).toMatchObject({
        withdraw: { allowed: true },
        accept: { allowed: false, reason: { code: 'FORBIDDEN_ROLE' } },
      });
      // the ombudsman reads but may do nothing
      const ombudsman = await createOmbudsman(t);
      for (const a of (await listed(ombudsman, id)).actions) expect(a.allowed).toBe(false);
    });
  });

  describe('POST /actions refuses, changing nothing', () => {
    let id: string;
    let version: number;
    let events: number;

    beforeAll(async () => {
      id = (await submitted(t, applicant, 'pbg')).id;
      version = (await caseRow(t, id)).version;
      events = (await auditOf(t, id)).length;
    });
    afterEach(async () => {
      expect(await caseRow(t, id)).toMatchObject({ state: 'submitted', version });
      expect(await auditOf(t, id)).toHaveLength(events);
    });

    it('a stale version: 409 with the current version', async () => {
      const res = await post(verifier, id, { action: 'accept' }, version - 1).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'stale-version', currentVersion: version });
      const body = await post(verifier, id, { action: 'accept', expectedVersion: version + 5 }).expect(409);
      expect(body.body).toMatchObject({ code: 'stale-version', currentVersion: version });
    });

    it('no version at all: 400; a version that is not a number: 400', async () => {
      expect((await post(verifier, id, { action: 'accept' }).expect(400)).body).toMatchObject({ code: 'version-required' });
      expect((await post(verifier, id, { action: 'accept' }, 'abc').expect(400)).body).toMatchObject({ code: 'bad-if-match' });
      await post(verifier, id, { action: 'accept', expectedVersion: 'one' }).expect(400);
    });

    it('an action of another state: 409 with the reason', async () => {
      const res = await post(approver, id, { action: 'approve', comment: 'ok' }, version).expect(409);
      expect(res.body).toMatchObject({ code: 'wrong-state', state: 'submitted', currentVersion: version, availableIn: ['approval'] });
    });

    it('the wrong role: 403 with the reason', async () => {
      const res = await post(reviewer, id, { action: 'accept' }, version).expect(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'forbidden-role', roles: ['verifier'], detail: expect.stringContaining('verifier') });
      expect((await post(applicant, id, { action: 'accept' }, version).expect(403)).body.code).toBe('forbidden-role');
      const ombudsman = await createOmbudsman(t);
      expect((await post(ombudsman, id, { action: 'accept' }, version).expect(403)).body.code).toBe('read-only');
    });

    it('a missing comment or missing-document list: 422 naming what is missing', async () => {
      const noComment = await post(verifier, id, { action: 'request-documents', missingDocuments: ['kkpr'] }, version).expect(422);
      expect(noComment.body).toMatchObject({ code: 'missing-requirement', missing: ['comment'] });
      const blank = await post(verifier, id, { action: 'request-documents', comment: '   ', missingDocuments: ['kkpr'] }, version).expect(422);
      expect(blank.body).toMatchObject({ code: 'missing-requirement', missing: ['comment'] });
      const noList = await post(verifier, id, { action: 'request-documents', comment: 'kurang' }, version).expect(422);
      expect(noList.body).toMatchObject({ code: 'missing-requirement', missing: ['missingDocuments'] });
      const empty = await post(verifier, id, { action: 'request-documents', comment: 'kurang', missingDocuments: [] }, version).expect(422);
      expect(empty.body).toMatchObject({ code: 'missing-requirement', missing: ['missingDocuments'] });
    });

    it('a missing document that is not a requirement of the permit type: 422', async () => {
      const res = await post(verifier, id, { action: 'request-documents', comment: 'kurang', missingDocuments: ['kkpr', 'passport'] }, version).expect(422);
      expect(res.body).toMatchObject({ code: 'invalid-documents', unknown: ['passport'] });
    });

    it('an unknown action (422), malformed input (400), an unknown case (404)', async () => {
      expect((await post(verifier, id, { action: 'fast-track' }, version).expect(422)).body.code).toBe('unknown-action');
      await post(verifier, id, { action: 'Accept!' }, version).expect(400);
      await post(verifier, id, {}, version).expect(400);
      await post(verifier, id, { action: 'request-documents', comment: 'x', missingDocuments: 'kkpr' }, version).expect(400);
      await post(verifier, id, { action: 'accept', hack: true }, version).expect(400);
      await post(verifier, randomUUID(), { action: 'accept' }, 1).expect(404);
      const elsewhere = await staff(t, 'kementerian-investasi', ['verifier']);
      await post(elsewhere, id, { action: 'accept' }, version).expect(404);
    });
  });

  it('records a deficiency notice with its documents, and answers the new case', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    const res = await act(t, verifier, id, { action: 'request-documents', comment: 'KKPR tidak terbaca', missingDocuments: ['kkpr', 'kkpr', 'site-plan'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, state: 'deficient', deficiencyNotices: { sent: 1, max: 2 } });
    const [event] = await auditOf(t, id, ['request-documents']);
    expect(event).toMatchObject({
      actor_id: verifier.id,
      actor_role: 'verifier',
      comment: 'KKPR tidak terbaca',
      before: { state: 'submitted' },
      after: { state: 'deficient' },
      data: { missingDocuments: ['kkpr', 'site-plan'] },
    });
  });

  describe('the deficiency-notice cap', () => {
    it.each(['reklame', 'pbg'])('%s: the notice beyond the permit type’s maximum is refused with the reason', async (code) => {
      const max = (await definitionOf(t, code)).deficiencyNotices.max;
      const officer = verifier; // request-documents from the first state is the verifier's in both
      const { id, def } = await submitted(t, applicant, code);
      const missing = [def.requirements[0].code];
      for (let n = 1; n <= max; n++) {
        expect((await act(t, officer, id, { action: 'request-documents', comment: `notice ${n}`, missingDocuments: missing })).status).toBe(200);
        expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
      }
      const offered = (await listed(officer, id)).actions.find((a) => a.action === 'request-documents');
      expect(offered).toMatchObject({ allowed: false, reason: { code: 'DEFICIENCY_CAP_REACHED', message: expect.stringContaining(`allows ${max}`) } });
      const before = await caseRow(t, id);
      const refused = await act(t, officer, id, { action: 'request-documents', comment: 'one more', missingDocuments: missing });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'deficiency-cap-reached', max, sent: max });
      expect(await caseRow(t, id)).toEqual(before);
      expect(before.deficiency_notices).toBe(max);
      expect(await auditOf(t, id, ['request-documents'])).toHaveLength(max);
    });
  });

  it('50 parallel actions on one version: exactly one succeeds, 49 get 409, one event and one state change are written', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    const before = await caseRow(t, id);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(verifier, id, { action: 'accept' }, before.version)));
    const counts = answers.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 200: 1, 409: 49 });
    for (const r of answers.filter((a) => a.status === 409)) expect(r.body).toMatchObject({ code: 'stale-version', currentVersion: before.version + 1 });
    expect(await caseRow(t, id)).toMatchObject({ state: 'technical-review', version: before.version + 1 });
    expect(await auditOf(t, id, ['accept'])).toHaveLength(1);
    const clocks = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clocks WHERE application_id = $1 AND state_name = 'technical-review'`, [id]);
    expect(clocks[0].n).toBe(1);
  });

  describe('decisions', () => {
    const approveReklame = async (): Promise<{ id: string; res: request.Response }> => {
      const { id } = await submitted(t, applicant, 'reklame');
      expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
      const res = await act(t, approver, id, { action: 'approve', comment: 'Memenuhi ketentuan penataan reklame' });
      return { id, res };
    };

    it('approval issues the permit: number, issue time, validity, not deemed; the applicant downloads the decision', async () => {
      const issuedFrom = t.clock.now().getTime();
      const { id, res } = await approveReklame();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', outcome: 'approved', state: 'approved' });
      const permit = res.body.permit;
      expect(permit.permitNumber).toMatch(/^REKLAME\/\d{4}\/\d{6}$/);
      expect(permit.deemedApproval).toBe(false);
      const issuedAt = new Date(permit.issuedAt).getTime();
      expect(issuedAt).toBeGreaterThanOrEqual(issuedFrom);
      expect(issuedAt).toBeLessThanOrEqual(t.clock.now().getTime());
      const validUntil = new Date(permit.validUntil);
      const expected = new Date(issuedAt);
      expected.setUTCFullYear(expected.getUTCFullYear() + 1); // reklame: valid one year
      expect(validUntil.getTime()).toBe(expected.getTime());

      const decision = await request(t.http).get(`/v1/applications/${id}/decision`).set(applicant.auth).expect(200);
      expect(decision.headers['content-type']).toMatch(/application\/json/);
      expect(decision.headers['content-disposition']).toBe(`attachment; filename="decision-${permit.permitNumber.replace(/\//g, '_')}.json"`);
      expect(decision.body).toMatchObject({
        kind: 'decision',
        outcome: 'approved',
        permitNumber: permit.permitNumber,
        issuedAt: permit.issuedAt,
        validUntil: permit.validUntil,
        deemedApproval: false,
        permitType: { code: 'reklame' },
        decidedBy: { id: approver.id, role: 'approver' },
        comment: 'Memenuhi ketentuan penataan reklame',
      });
      const other = await registerApplicant(t.http);
      await request(t.http).get(`/v1/applications/${id}/decision`).set(other.auth).expect(404);
      await request(t.http).get(`/v1/applications/${id}/decision`).set(verifier.auth).expect(200);
    });

    it('numbers permits uniquely', async () => {
      const numbers = [];
      for (let i = 0; i < 3; i++) numbers.push((await approveReklame()).res.body.permit.permitNumber);
      expect(new Set(numbers).size).toBe(3);
    });

    it('a permit type without validity issues a permit without an end date', async () => {
      const { id } = await submitted(t, applicant, 'sertifikat-standar');
      const ministryVerifier = await staff(t, 'kementerian-investasi', ['verifier']);
      const ministryApprover = await staff(t, 'kementerian-investasi', ['approver']);
      expect((await act(t, ministryVerifier, id, { action: 'verify', comment: 'memenuhi' })).status).toBe(200);
      const res = await act(t, ministryApprover, id, { action: 'approve', comment: 'terbit' });
      expect(res.status).toBe(200);
      expect(res.body.permit).toMatchObject({ permitNumber: expect.stringMatching(/^SERTIFIKAT-STANDAR\/\d{4}\/\d{6}$/), validUntil: null, deemedApproval: false });
    });

    it('a deemed approval (silence is consent) issues the permit marked as such, decided by the system', async () => {
      const id = await submittedAt(t, applicant, 'sertifikat-standar', new Date(Date.now() - 40 * DAY_MS));
      await fireDueTimers(t, id); // the statutory 10 working days ran out long ago
      const view = await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200);
      expect(view.body).toMatchObject({ status: 'closed', outcome: 'approved', permit: { deemedApproval: true }, flags: { postIssuanceSupervision: true } });
      const decision = await request(t.http).get(`/v1/applications/${id}/decision`).set(applicant.auth).expect(200);
      expect(decision.body).toMatchObject({ deemedApproval: true, decidedBy: { id: null, role: 'system' }, outcome: 'approved' });
      expect(decision.body.legalBasis.join(' ')).toMatch(/UU 30\/2014 art\. 53/);
    });

    it('rejection issues no permit and no decision download', async () => {
      const { id } = await submitted(t, applicant, 'reklame');
      expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
      const res = await act(t, approver, id, { action: 'reject', comment: 'Titik reklame tidak sesuai penataan' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', outcome: 'rejected', permit: null });
      const decision = await request(t.http).get(`/v1/applications/${id}/decision`).set(applicant.auth).expect(404);
      expect(decision.body.code).toBe('no-decision');
      const [{ n }] = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM permits WHERE application_id = $1', [id]);
      expect(n).toBe(0);
      // and a closed case takes no more actions
      expect((await act(t, applicant, id, { action: 'withdraw' })).status).toBe(409);
    });
  });
});
