import { createTenggatClient, TenggatClient } from '@tenggat/api-client';
import { createAdmin, createOmbudsman, uniqueEmail } from './support/auth';
import { PDF } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The applicant's, the officer's and the ombudsman's journeys through the typed client that is
 * generated from the OpenAPI document (libs/api-client): every request and answer is typed by
 * the contract alone. This file may use no type assertion and no `any` (ESLint enforces it), so it
 * compiles only if the document describes what the journeys need.
 */
describe('journeys through the generated client', () => {
  let t: TestApp;
  let baseUrl: string;
  const password = 'client-journey-2026';

  const client = (token?: string): TenggatClient => createTenggatClient({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });

  const login = async (email: string): Promise<TenggatClient> => {
    const { data, error } = await client().POST('/v1/auth/login', { body: { email, password } });
    if (!data) throw new Error(`login ${email}: ${JSON.stringify(error)}`);
    return client(data.accessToken);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  it('applicant, officer and ombudsman do their work with typed requests and answers', async () => {
    // the applicant: register, draft, upload, submit, follow the case
    const email = uniqueEmail('client');
    const registered = await client().POST('/v1/auth/register', { body: { email, password, name: 'Pemohon Klien' } });
    expect(registered.response.status).toBe(201);
    const applicant = await login(email);

    const types = await client().GET('/v1/permit-types');
    const reklame = types.data?.items.find((p) => p.code === 'reklame');
    expect(reklame?.processingWorkingDays).toBeGreaterThan(0);
    const standard = await client().GET('/v1/permit-types/{code}', { params: { path: { code: 'reklame' } } });
    const fields = standard.data?.form.fields ?? [];
    const form = Object.fromEntries(
      fields.filter((f) => f.required).map((f) => [f.name, f.enum?.[0] ?? (f.type === 'integer' || f.type === 'number' ? 1 : f.type === 'boolean' ? false : f.type === 'date' ? '2026-12-01' : f.type === 'email' ? 'a@usaha.test' : 'Contoh')]),
    );
    const draft = await applicant.POST('/v1/applications', { body: { permitType: 'reklame', form } });
    expect(draft.response.status).toBe(201);
    const id = draft.data?.id ?? '';
    const uploadPdf = (code: string) =>
      applicant.POST('/v1/applications/{id}/documents', {
        params: { path: { id } },
        body: { requirement: code, file: PDF.toString('latin1') },
        bodySerializer: (body) => {
          const fd = new FormData();
          fd.append('requirement', body.requirement);
          fd.append('file', new Blob([Buffer.from(body.file, 'latin1')], { type: 'application/pdf' }), `${code}.pdf`);
          return fd;
        },
      });
    for (const r of standard.data?.requirements.filter((x) => !x.optional) ?? []) {
      const uploaded = await uploadPdf(r.code);
      expect(uploaded.data?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const receipt = await applicant.POST('/v1/applications/{id}/submit', { params: { path: { id }, header: { 'Idempotency-Key': 'client-journey' } } });
    expect(receipt.response.status).toBe(201);
    const reference = receipt.data?.reference ?? '';
    const code = receipt.data?.accessCode ?? '';
    expect(reference).toMatch(/^REKLAME-\d{4}-\d{6}$/);
    const tracked = await client().GET('/v1/public/track/{reference}', { params: { path: { reference }, query: { code } } });
    expect(tracked.data?.state).toBe('verification');

    // the officer: the queue, claim, a deficiency notice; the applicant answers; approval
    const admin = client((await createAdmin(t)).token);
    const verifierEmail = uniqueEmail('verifier');
    const approverEmail = uniqueEmail('approver');
    const staff: [string, string][] = [
      [verifierEmail, 'verifier'],
      [approverEmail, 'approver'],
    ];
    for (const [e, role] of staff) {
      const made = await admin.POST('/v1/admin/users', { body: { email: e, password, name: `Petugas ${role}`, roles: [role], agencyCode: 'dpmptsp-kota-contoh' } });
      expect(made.response.status).toBe(201);
    }
    const verifier = await login(verifierEmail);
    const inQueue: string[] = [];
    for (let page = 1; page <= 50; page++) {
      const queue = await verifier.GET('/v1/queue', { params: { query: { assigned: 'unassigned', permitType: 'reklame', page, pageSize: 100 } } });
      inQueue.push(...(queue.data?.items.map((i) => i.id) ?? []));
      if (inQueue.includes(id) || (queue.data?.items.length ?? 0) < 100) break;
    }
    expect(inQueue).toContain(id);
    const claimed = await verifier.POST('/v1/applications/{id}/claim', { params: { path: { id } } });
    expect(claimed.data?.assigneeId).not.toBeNull();
    const options = await verifier.GET('/v1/applications/{id}/actions', { params: { path: { id } } });
    expect(options.data?.actions.find((a) => a.action === 'request-documents')?.allowed).toBe(true);
    const notice = await verifier.POST('/v1/applications/{id}/actions', {
      params: { path: { id } },
      body: { action: 'request-documents', comment: 'Foto lokasi buram', missingDocuments: ['location-photo'], expectedVersion: claimed.data?.version ?? 0 },
    });
    expect(notice.data?.state).toBe('deficient');
    const stale = await verifier.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action: 'accept', expectedVersion: 1 } });
    expect(stale.response.status).toBe(409);
    expect(stale.error?.code).toBeDefined();

    const early = await applicant.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action: 'resubmit', expectedVersion: notice.data?.version ?? 0 } });
    expect(early.response.status).toBe(422);
    expect(early.error?.missingDocuments?.map((m) => m.code)).toEqual(['location-photo']);
    expect((await uploadPdf('location-photo')).response.status).toBe(201);
    const resubmitted = await applicant.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action: 'resubmit', expectedVersion: notice.data?.version ?? 0 } });
    expect(resubmitted.data?.state).toBe('verification');
    const accepted = await verifier.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action: 'accept', expectedVersion: resubmitted.data?.version ?? 0 } });
    expect(accepted.data?.state).toBe('approval');
    const approver = await login(approverEmail);
    const approved = await approver.POST('/v1/applications/{id}/actions', { params: { path: { id } }, body: { action: 'approve', comment: 'Sesuai', expectedVersion: accepted.data?.version ?? 0 } });
    expect(approved.data?.permit?.permitNumber).toMatch(/^REKLAME\//);
    const timeline = await applicant.GET('/v1/applications/{id}/timeline', { params: { path: { id } } });
    expect(timeline.data?.filter((e) => e.type === 'clock').map((e) => e.action)).toEqual(expect.arrayContaining(['clock.stop', 'clock.resume']));

    // the ombudsman: reads everything, the record behind the case
    const ombudsman = client((await createOmbudsman(t)).token);
    const record = await ombudsman.GET('/v1/oversight/applications/{id}', { params: { path: { id } } });
    expect(record.data?.case.reference).toBe(reference);
    expect(record.data?.auditChain).toBeDefined();
    const overdue = await ombudsman.GET('/v1/oversight/overdue', { params: { query: {} } });
    // the operation answers JSON or CSV (content negotiation): narrowed, not cast
    const page = typeof overdue.data === 'object' ? overdue.data : undefined;
    expect(Array.isArray(page?.items)).toBe(true);
    const stats = await ombudsman.GET('/v1/oversight/stats', { params: { query: { from: '2026-01', to: '2026-12' } } });
    expect(stats.response.status).toBe(200);
  });
});
