import { AuditService } from '@tenggat/audit';
import { EnforcementService } from '@tenggat/enforcement';
import { OutboxRepository } from '@tenggat/notifications';
import Ajv2020 from 'ajv/dist/2020';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { dueTogether, sleep } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh';

interface OutboxRow {
  id: string;
  type: string;
  schema_version: number;
  case_id: string;
  agency_code: string;
  applicant_id: string;
  roles: string[];
  data: Record<string, unknown>;
  audit_seq: string | null;
}

describe('notifications: the transactional outbox and the published catalogue', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  const outboxOf = (caseId: string): Promise<OutboxRow[]> =>
    t.db.query('SELECT id, type, schema_version, case_id, agency_code, applicant_id, roles, data, audit_seq FROM outbox_events WHERE case_id = $1 ORDER BY seq', [caseId]);

  /** Checks a row's data against the schema the API publishes for its type. */
  const conforms = async (row: OutboxRow): Promise<void> => {
    const schema = (await request(t.http).get(`/v1/events/catalogue/${row.type}`).expect(200)).body as Record<string, unknown>;
    const validate = ajv.compile(schema);
    if (!validate(row.data)) throw new Error(`${row.type} data does not match its published schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(row.data)}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, CITY, ['verifier']);
    approver = await staff(t, CITY, ['approver']);
  });
  afterAll(() => t.close());

  it('publishes the catalogue without a login: every type with a JSON Schema and an example that conforms to it', async () => {
    const res = await request(t.http).get('/v1/events/catalogue').expect(200);
    const body = res.body as { envelope: Record<string, unknown>; types: { type: string; schemaVersion: number; schemaUrl: string; schema: object; exampleData: unknown }[] };
    const types = body.types.map((x) => x.type);
    for (const required of [
      'application.submitted',
      'application.deficiency-notice-sent',
      'application.resubmitted',
      'application.withdrawn',
      'application.response-window-lapsed',
      'application.decided',
      'sla.warning',
      'sla.breached',
      'application.escalated',
      'application.deemed-approved',
      'permit.revoked',
      'complaint.filed',
      'complaint.updated',
    ])
      expect(types).toContain(required);
    for (const x of body.types) {
      expect(x.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(x.schemaUrl).toBe(`/v1/events/catalogue/${x.type}`);
      expect(ajv.validate(x.schema, x.exampleData)).toBe(true);
    }
    expect(body.envelope).toMatchObject({ required: expect.arrayContaining(['id', 'type', 'schemaVersion', 'timestamp', 'data']) });
    await request(t.http).get('/v1/events/catalogue/no.such-type').expect(404).expect('content-type', /problem\+json/);
  });

  it('writes an event with each change of a case, in the same order, with the data its schema promises', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const notice = await act(t, verifier, id, { action: 'request-documents', comment: 'Surat izin pemilik belum ditandatangani', missingDocuments: ['owner-consent'] });
    expect(notice.status).toBe(200);
    expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    expect((await act(t, approver, id, { action: 'approve', comment: 'Memenuhi syarat' })).status).toBe(200);

    const rows = await outboxOf(id);
    expect(rows.map((r) => r.type)).toEqual([
      'application.submitted',
      'application.deficiency-notice-sent',
      'application.resubmitted',
      'application.transitioned',
      'application.decided',
    ]);
    for (const r of rows) {
      await conforms(r);
      expect(r).toMatchObject({ case_id: id, agency_code: CITY, applicant_id: applicant.id, schema_version: 1 });
      expect(r.audit_seq).not.toBeNull();
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);

    const window = await t.db.query<{ deadline_at: Date }[]>(`SELECT deadline_at FROM clocks WHERE application_id = $1 AND kind = 'response'`, [id]);
    expect(rows[1].data).toMatchObject({
      state: 'deficient',
      fromState: 'verification',
      missingDocuments: [{ code: 'owner-consent', name: expect.any(String) }],
      comment: 'Surat izin pemilik belum ditandatangani',
      responseDeadline: window[0].deadline_at.toISOString(),
      noticeNumber: 1,
    });
    // the verifier works the case before the notice: the live stream reaches them
    expect(rows[1].roles).toContain('verifier');
    const view = (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body as { permit: { permitNumber: string } };
    expect(rows[4].data).toMatchObject({ outcome: 'approved', permitNumber: view.permit.permitNumber, state: 'approved', comment: 'Memenuhi syarat' });
  });

  it('publishes permit.revoked when the issuing agency revokes a permit, with the reason, in its schema', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    const approved = await act(t, approver, id, { action: 'approve', comment: 'Memenuhi syarat' });
    expect(approved.status).toBe(200);
    const permitNumber = String(approved.body.permit.permitNumber);
    const reason = 'Pengawasan pasca-terbit: reklame tidak sesuai izin';
    await request(t.http).post(`/v1/permits/${encodeURIComponent(permitNumber)}/revocation`).set(approver.auth).send({ reason }).expect(200);

    const rows = await outboxOf(id);
    expect(rows.map((r) => r.type).slice(-2)).toEqual(['application.decided', 'permit.revoked']);
    const revoked = rows[rows.length - 1];
    await conforms(revoked);
    expect(revoked.data).toMatchObject({ applicationId: id, permitNumber, reason, agency: CITY, permitType: 'reklame' });
    expect(revoked.audit_seq).not.toBeNull();
    // a refused second revocation publishes nothing more
    await request(t.http).post(`/v1/permits/${encodeURIComponent(permitNumber)}/revocation`).set(approver.auth).send({ reason }).expect(409);
    expect(await outboxOf(id)).toHaveLength(rows.length);
  });

  it('writes nothing for drafts, and nothing when the change is rolled back', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const before = (await outboxOf(id)).length;
    const audit = t.app.get(AuditService);
    const warning = {
      stream: `case:${id}`,
      caseId: id,
      actorId: null,
      actorRole: 'system',
      action: 'sla.warning',
      entityType: 'clock',
      entityId: id,
      data: { clock: 'statutory', state: null, warnAt: new Date().toISOString(), deadline: new Date().toISOString() },
      at: new Date(),
    };
    await expect(
      t.db.transaction(async (m) => {
        await audit.append(m, warning);
        expect((await m.query('SELECT count(*)::int AS n FROM outbox_events WHERE case_id = $1', [id]))[0].n).toBe(before + 1);
        throw new Error('the change fails after its event was recorded');
      }),
    ).rejects.toThrow('the change fails');
    expect(await outboxOf(id)).toHaveLength(before);
    await t.db.transaction((m) => audit.append(m, warning));
    expect((await outboxOf(id)).map((r) => r.type)).toContain('sla.warning');

    const draft = await request(t.http).post('/v1/applications').set(applicant.auth).send({ permitType: 'reklame', form: {} }).expect(201);
    expect(await outboxOf((draft.body as { id: string }).id)).toHaveLength(0);
  });

  it('publishes what a batch of flags writes: one sla.breached per case, one application.escalated where the policy escalates, each as its schema says', async () => {
    const pbg = await submitted(t, applicant, 'pbg'); // escalates on breach
    const reklame = await submitted(t, applicant, 'reklame'); // flags only
    const at = new Date(Date.now() + 200);
    await dueTogether(t, [pbg.id, reklame.id], at);
    await sleep(300);
    await t.app.get(EnforcementService).flagAllDue('deadline'); // the alarm's own handler may take them first: either way, once
    for (const [id, escalates] of [[pbg.id, true], [reklame.id, false]] as const) {
      const rows = await outboxOf(id);
      const breaches = rows.filter((r) => r.type === 'sla.breached' && r.data.clock === 'statutory');
      expect(breaches).toHaveLength(1);
      expect(breaches[0]).toMatchObject({ agency_code: CITY, applicant_id: applicant.id, data: { applicationId: id, deadline: at.toISOString() } });
      expect(breaches[0].audit_seq).not.toBeNull();
      await conforms(breaches[0]);
      const escalations = rows.filter((r) => r.type === 'application.escalated');
      expect(escalations).toHaveLength(escalates ? 1 : 0);
      for (const e of escalations) await conforms(e);
    }
  });

  it('enqueues the breaches set-based flagging finds (the deadline cliff) in one statement, once each, with the schema\'s data', async () => {
    const cases = await Promise.all([submitted(t, applicant, 'reklame'), submitted(t, applicant, 'reklame')]);
    const facts = await t.db.query<{ id: string; reference: string; state: string }[]>('SELECT id, reference, state FROM applications WHERE id = ANY($1::uuid[])', [cases.map((c) => c.id)]);
    const deadline = new Date(Date.now() - 60_000);
    const flagged = facts.map((f) => ({
      caseId: f.id,
      reference: f.reference,
      permitType: 'reklame',
      agency: CITY,
      applicantId: applicant.id,
      state: f.state,
      roles: ['verifier'],
      clock: 'statutory' as const,
      clockState: null,
      deadline,
      policy: 'escalate' as const,
    }));
    const outbox = t.app.get(OutboxRepository);
    const now = new Date();
    // rolled back with the flags it was written beside
    await expect(
      t.db.transaction(async (m) => {
        expect(await outbox.enqueueBreaches(m, flagged, now)).toBe(2);
        throw new Error('the flagging fails');
      }),
    ).rejects.toThrow('the flagging fails');
    for (const f of facts) expect((await outboxOf(f.id)).map((r) => r.type)).not.toContain('sla.breached');
    expect(await t.db.transaction((m) => outbox.enqueueBreaches(m, flagged, now))).toBe(2);
    expect(await t.db.transaction((m) => outbox.enqueueBreaches(m, flagged, now))).toBe(0); // a retried batch writes nothing twice
    for (const f of facts) {
      const breaches = (await outboxOf(f.id)).filter((r) => r.type === 'sla.breached');
      expect(breaches).toHaveLength(1);
      await conforms(breaches[0]);
      expect(breaches[0]).toMatchObject({ agency_code: CITY, applicant_id: applicant.id, roles: ['verifier'] });
      expect(breaches[0].data).toMatchObject({ applicationId: f.id, reference: f.reference, clock: 'statutory', clockState: null, deadline: deadline.toISOString(), lateMs: now.getTime() - deadline.getTime(), policy: 'escalate' });
    }
  });
});
