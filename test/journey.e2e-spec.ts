import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

describe('a whole case through HTTP (sertifikat-standar)', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await createUser(t, { roles: ['verifier'], agency: 'kementerian-investasi' });
    approver = await createUser(t, { roles: ['approver'], agency: 'kementerian-investasi' });
  });
  afterAll(() => t.close());

  it('submits, requests documents, resubmits, verifies, approves and issues the permit', async () => {
    const { id, receipt } = await submitted(t, applicant, 'sertifikat-standar');
    expect(receipt).toMatchObject({ silenceMeansApproval: true, processingWorkingDays: expect.any(Number) });
    expect(String(receipt.reference)).toMatch(/^SERTIFIKAT-STANDAR-\d{4}-\d{6}$/);

    const queue = await request(t.http).get('/v1/queue').set(verifier.auth).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);

    await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
    const deficient = await act(t, verifier, id, { action: 'request-documents', comment: 'KKPR tidak terbaca', missingDocuments: ['kkpr'] });
    expect(deficient.status).toBe(200);
    expect(deficient.body.state).toBe('deficient');
    const statutory = deficient.body.clocks.find((c: { kind: string }) => c.kind === 'statutory');
    expect(statutory.status).toBe('stopped');

    const back = await act(t, applicant, id, { action: 'resubmit' });
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('verification');

    expect((await act(t, verifier, id, { action: 'verify', comment: 'lengkap' })).status).toBe(200);
    const wrongRole = await act(t, verifier, id, { action: 'approve', comment: 'ok' });
    expect(wrongRole.status).toBe(403);
    const approved = await act(t, approver, id, { action: 'approve', comment: 'memenuhi standar' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'closed', outcome: 'approved', permit: { deemedApproval: false } });

    const decision = await request(t.http).get(`/v1/applications/${id}/decision`).set(applicant.auth).expect(200);
    expect(decision.body.permitNumber).toBe(approved.body.permit.permitNumber);

    const timeline = await request(t.http).get(`/v1/applications/${id}/timeline`).set(applicant.auth).expect(200);
    const actions = timeline.body.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['submit', 'request-documents', 'resubmit', 'verify', 'approve', 'clock.stop', 'clock.resume']));

    const track = await request(t.http).get(`/v1/public/track/${String(receipt.reference)}`).query({ code: receipt.accessCode }).expect(200);
    expect(track.body).toMatchObject({ state: 'approved', outcome: 'approved' });
  });
});
