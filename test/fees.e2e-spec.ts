import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, draftComplete, validForm } from './support/cases';
import { staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 17, fees as rules: PBG's retribusi is a formula over the form (floor area x locality index
 * x unit price x an index per building function); the case carries it with its breakdown, from
 * the draft to the receipt; the permit is issued only once the fee is paid (a reference from an
 * external channel) or waived with a reason; both are audited, once.
 */
describe('fees as rules: assessment, payment, waiver and the transition that waits for them', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let reviewer: TestUser;
  let approver: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    reviewer = await staff(t, 'dpmptsp-kota-contoh', ['reviewer']);
    approver = await staff(t, 'dpmptsp-kota-contoh', ['approver']);
  });
  afterAll(() => t.close());

  /** A PBG draft for a house of `floorAreaM2`, complete; answers its id and its draft view. */
  const pbgDraft = async (floorAreaM2: number, buildingFunction = 'hunian'): Promise<{ id: string; draft: Record<string, unknown> }> => {
    const { id, def } = await draftComplete(t, applicant, 'pbg');
    const current = await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200);
    const res = await request(t.http)
      .patch(`/v1/applications/${id}`)
      .set(applicant.auth)
      .set('If-Match', String((current.body as { version: number }).version))
      .send({ form: { ...validForm(def), floorAreaM2, buildingFunction } })
      .expect(200);
    return { id, draft: res.body as Record<string, unknown> };
  };
  const toApproval = async (id: string): Promise<void> => {
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    expect((await act(t, reviewer, id, { action: 'recommend', comment: 'Memenuhi standar teknis' })).status).toBe(200);
  };
  const feeEvents = async (id: string): Promise<{ action: string; actor_id: string; comment: string | null; data: Record<string, unknown> }[]> =>
    t.db.query("SELECT action, actor_id, comment, data FROM audit_events WHERE case_id = $1 AND action LIKE 'fee.%' ORDER BY seq", [id]);

  it('shows the fee with its breakdown on the draft and the receipt; approval waits until it is paid', async () => {
    const { id, draft } = await pbgDraft(120);
    expect(draft.fee).toMatchObject({ status: null, amount: 1_500_000, currency: 'IDR' });
    expect((draft.fee as { inputs: { name: string; value: unknown }[] }).inputs).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'floorAreaM2', value: 120 }), expect.objectContaining({ name: 'unitPricePerM2', value: 5_000_000 })]),
    );

    const receipt = await request(t.http).post(`/v1/applications/${id}/submit`).set(applicant.auth).expect(201);
    expect(receipt.body).toMatchObject({ fee: { status: 'unpaid', amount: 1_500_000, formula: expect.stringContaining('floorAreaM2') } });
    await toApproval(id);

    // the approver sees approve refused until the fee is settled, and taking it answers 409 naming feePaid
    const options = await request(t.http).get(`/v1/applications/${id}/actions`).set(approver.auth).expect(200);
    expect((options.body as { actions: { action: string; allowed: boolean; reason?: { code: string } }[] }).actions.find((a) => a.action === 'approve')).toMatchObject({
      allowed: false,
      reason: { code: 'FEE_UNPAID' },
    });
    const refused = await act(t, approver, id, { action: 'approve', comment: 'PBG terbit' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'fee-unpaid', errors: [{ field: 'feePaid' }] });

    // nobody but the agency's staff records a payment; bad input changes nothing
    await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(applicant.auth).send({ reference: 'X-1' }).expect(403);
    await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(verifier.auth).send({ reference: '' }).expect(400);
    await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(verifier.auth).send({ reference: 'A<script>' }).expect(400);
    expect(await feeEvents(id)).toEqual([]);

    const paid = await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(verifier.auth).send({ reference: 'SKRD-2026-000123/BPD-7781', channel: 'bank-bpd' }).expect(200);
    expect(paid.body).toMatchObject({ fee: { status: 'paid', reference: 'SKRD-2026-000123/BPD-7781', channel: 'bank-bpd' } });
    const again = await request(t.http).post(`/v1/applications/${id}/fee/payment`).set(verifier.auth).send({ reference: 'SKRD-2026-000124' }).expect(409);
    expect(again.body).toMatchObject({ code: 'fee-not-unpaid' });
    expect(await feeEvents(id)).toEqual([
      expect.objectContaining({ action: 'fee.paid', actor_id: verifier.id, data: expect.objectContaining({ reference: 'SKRD-2026-000123/BPD-7781', amount: 1_500_000 }) }),
    ]);

    const approved = await act(t, approver, id, { action: 'approve', comment: 'PBG terbit' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', fee: { status: 'paid' } });
  });

  it('a waiver with a reason settles the fee too; a case with nothing to pay is never held', async () => {
    const { id } = await pbgDraft(400, 'usaha');
    const receipt = await request(t.http).post(`/v1/applications/${id}/submit`).set(applicant.auth).expect(201);
    expect(receipt.body).toMatchObject({ fee: { amount: 10_000_000, status: 'unpaid' } });
    await toApproval(id);
    await request(t.http).post(`/v1/applications/${id}/fee/waiver`).set(approver.auth).send({}).expect(400);
    const waived = await request(t.http).post(`/v1/applications/${id}/fee/waiver`).set(approver.auth).send({ reason: 'Bencana alam: dibebaskan (contoh)' }).expect(200);
    expect(waived.body).toMatchObject({ fee: { status: 'waived', waiverReason: 'Bencana alam: dibebaskan (contoh)' } });
    expect(await feeEvents(id)).toEqual([expect.objectContaining({ action: 'fee.waived', comment: 'Bencana alam: dibebaskan (contoh)' })]);
    expect((await act(t, approver, id, { action: 'approve', comment: 'PBG terbit' })).status).toBe(200);

    // a place of worship pays nothing (It = 0): nothing to settle, approval is open at once
    const mosque = await pbgDraft(300, 'keagamaan');
    const r = await request(t.http).post(`/v1/applications/${mosque.id}/submit`).set(applicant.auth).expect(201);
    expect(r.body).toMatchObject({ fee: { amount: 0, status: 'none' } });
    await toApproval(mosque.id);
    await request(t.http).post(`/v1/applications/${mosque.id}/fee/payment`).set(verifier.auth).send({ reference: 'NIHIL-1' }).expect(409);
    expect((await act(t, approver, mosque.id, { action: 'approve', comment: 'PBG terbit' })).status).toBe(200);
  });
});
