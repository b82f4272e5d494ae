import request from 'supertest';
import { createAdmin, createOmbudsman, createStaff, registerApplicant, resetLoginThrottle, TEST_PASSWORD, TestUser, uniqueEmail } from './support/auth';
import { act, draftComplete, submitted } from './support/cases';
import { Contract, OpenApiDocument } from './support/contract';
import { dueIn, waitFor, withConfig } from './support/sla';
import { ALL_MIGRATIONS } from '@tenggat/schema';
import { EXPECTED_MIGRATIONS } from '../libs/platform/src/health/migration-status.read-model';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, the contract of every operation outside libs/applications: each one is named, tagged,
 * summarised and described, and every answer it gives over HTTP (status, media type, body, headers)
 * is one the served document declares, the body matching its schema exactly (no field more, none
 * missing, types, enums and formats right).
 */

/** operationId of each operation of this slice (identity, oversight, complaints, catalogue, calendars, enforcement, health). */
const OPERATIONS: Record<string, string> = {
  'POST /v1/auth/register': 'register',
  'POST /v1/auth/login': 'login',
  'POST /v1/auth/session': 'createSession',
  'DELETE /v1/auth/session': 'deleteSession',
  'GET /v1/me': 'getMe',
  'POST /v1/admin/users': 'createUser',
  'GET /v1/admin/users': 'listUsers',
  'PATCH /v1/admin/users/{id}': 'updateUser',
  'GET /v1/admin/audit/verify': 'verifyAuditChain',
  'GET /v1/permit-types': 'listPermitTypes',
  'GET /v1/permit-types/{code}': 'getPermitType',
  'GET /v1/permit-types/{code}/versions': 'listPermitTypeVersions',
  'GET /v1/permit-types/{code}/diagram': 'getPermitTypeDiagram',
  'GET /v1/calendars': 'listCalendars',
  'GET /v1/calendars/{id}': 'getCalendar',
  'GET /v1/calendars/{id}/deadline': 'computeDeadline',
  'PUT /v1/admin/calendars/{id}': 'publishCalendar',
  'POST /v1/demo/applications/{id}/clock': 'moveDemoClock',
  'GET /v1/supervision': 'listSupervision',
  'GET /health/live': 'getLiveness',
  'GET /health/ready': 'getReadiness',
  'GET /health': 'getHealth',
  'GET /v1/oversight/overdue': 'listOverdue',
  'GET /v1/oversight/overdue.csv': 'exportOverdueCsv',
  'GET /v1/oversight/applications/{id}': 'getCaseRecord',
  'GET /v1/oversight/stats': 'getComplianceStatistics',
  'GET /v1/oversight/signals': 'listSignals',
  'GET /v1/oversight/complaints': 'listComplaints',
  'PATCH /v1/oversight/complaints/{id}': 'updateComplaint',
  'POST /v1/applications/{id}/complaints': 'fileComplaint',
  'GET /v1/applications/{id}/complaints': 'listCaseComplaints',
  'GET /v1/complaints': 'listAgencyComplaints',
  'GET /v1/public/stats': 'getPublicStatistics',
};

describe('contract: every operation of the modules is named, tagged, summarised, described and typed', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await Contract.of(t)).doc;
  });
  afterAll(() => t.close());

  it.each(Object.entries(OPERATIONS))('%s is %s', (key, operationId) => {
    const [method, path] = key.split(' ');
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op).toBeDefined();
    expect(op.operationId).toBe(operationId);
    expect(op.summary).toBeTruthy();
    expect((op.description ?? '').length).toBeGreaterThan(20);
    expect(op.tags).toHaveLength(1);
    expect((doc.tags ?? []).map((x) => x.name)).toContain(op.tags?.[0]);
    const success = Object.entries(op.responses).filter(([s]) => /^2/.test(s));
    expect(success).toHaveLength(1);
    for (const [status, r] of success) {
      if (status === '204') expect(r.content).toBeUndefined();
      else for (const media of Object.values(r.content ?? { none: {} })) expect(media.schema).toBeDefined();
    }
    expect(Object.keys(op.responses).some((s) => /^4/.test(s))).toBe(true);
  });

  it('the check itself refuses an undocumented status, media type or field, a missing field and a missing header', () => {
    const c = new Contract(doc);
    const user = { id: '5f0c4a2e-6a4b-4bb3-9a43-3f1a4c1d2e7f', email: 'a@b.test', name: 'A', nib: null, roles: ['applicant'], agencyCode: null, active: true, language: 'id', createdAt: '2026-01-05T03:00:00.000Z', updatedAt: '2026-01-05T03:00:00.000Z' };
    const answer = (status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }): request.Response =>
      ({ status, body, text: JSON.stringify(body), headers }) as unknown as request.Response;
    expect(() => c.check('get', '/v1/me', answer(200, user))).not.toThrow();
    expect(() => c.check('get', '/v1/me', answer(200, { ...user, passwordHash: 'x' }))).toThrow(/additional/);
    expect(() => c.check('get', '/v1/me', answer(200, { ...user, active: undefined }))).toThrow(/required/);
    expect(() => c.check('get', '/v1/me', answer(200, { ...user, createdAt: 'yesterday' }))).toThrow(/format/);
    expect(() => c.check('get', '/v1/me', answer(418, user))).toThrow(/not documented/);
    expect(() => c.check('get', '/v1/me', answer(200, user, { 'content-type': 'text/plain' }))).toThrow(/not documented/);
    expect(() => c.check('post', '/v1/auth/session', answer(204, '', {}))).toThrow(/Set-Cookie/);
  });

  it('names every operation once across the API', () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('contract: identity answers as documented', () => {
  let t: TestApp;
  let c: Contract;
  let admin: TestUser;
  let applicant: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    c = await Contract.of(t);
    admin = await createAdmin(t);
    applicant = await registerApplicant(t.http);
  });
  afterAll(async () => {
    await resetLoginThrottle(t);
    await t.close();
  });

  it('register: 201 with the account, 409 when taken, 400 on bad fields', async () => {
    const body = { email: uniqueEmail('contract'), password: TEST_PASSWORD, name: 'Kontrak', nib: '9120001234567' };
    c.check('post', '/v1/auth/register', await request(t.http).post('/v1/auth/register').send(body).expect(201));
    c.check('post', '/v1/auth/register', await request(t.http).post('/v1/auth/register').send(body).expect(409));
    c.check('post', '/v1/auth/register', await request(t.http).post('/v1/auth/register').send({ ...body, email: 'x' }).expect(400));
  });

  it('login: 200 with the token, 401 with WWW-Authenticate, 429 with Retry-After', async () => {
    c.check('post', '/v1/auth/login', await request(t.http).post('/v1/auth/login').send({ email: applicant.email, password: applicant.password }).expect(200));
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) c.check('post', '/v1/auth/login', await request(t.http).post('/v1/auth/login').send({ email: ghost, password: 'wrong-password' }).expect(401));
    c.check('post', '/v1/auth/login', await request(t.http).post('/v1/auth/login').send({ email: ghost, password: 'wrong-password' }).expect(429));
  });

  it('session: 204 setting and clearing the cookie; 401, 429 and 400 as login', async () => {
    c.check('post', '/v1/auth/session', await request(t.http).post('/v1/auth/session').send({ email: applicant.email, password: applicant.password }).expect(204));
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) c.check('post', '/v1/auth/session', await request(t.http).post('/v1/auth/session').send({ email: ghost, password: 'wrong-password' }).expect(401));
    c.check('post', '/v1/auth/session', await request(t.http).post('/v1/auth/session').send({ email: ghost, password: 'wrong-password' }).expect(429));
    c.check('post', '/v1/auth/session', await request(t.http).post('/v1/auth/session').send({ email: 1 }).expect(400));
    c.check('delete', '/v1/auth/session', await request(t.http).delete('/v1/auth/session').expect(204));
    c.check('delete', '/v1/auth/session', await request(t.http).delete('/v1/auth/session?x=%00').expect(400));
  });

  it('me: 200 with the account, 401 without a token', async () => {
    c.check('get', '/v1/me', await request(t.http).get('/v1/me').set(applicant.auth).expect(200));
    c.check('get', '/v1/me', await request(t.http).get('/v1/me').expect(401));
  });

  it('admin users: create 201/409/422, list 200, update 200/404/422, 403 for others', async () => {
    const email = uniqueEmail('officer');
    const created = await request(t.http)
      .post('/v1/admin/users')
      .set(admin.auth)
      .send({ email, password: TEST_PASSWORD, name: 'Verifikator', roles: ['verifier'], agencyCode: 'dpmptsp-kota-contoh' })
      .expect(201);
    c.check('post', '/v1/admin/users', created);
    c.check('post', '/v1/admin/users', await request(t.http).post('/v1/admin/users').set(admin.auth).send({ email, password: TEST_PASSWORD, name: 'X', roles: ['ombudsman'] }).expect(409));
    c.check('post', '/v1/admin/users', await request(t.http).post('/v1/admin/users').set(admin.auth).send({ email: uniqueEmail('x'), password: TEST_PASSWORD, name: 'X', roles: ['verifier'] }).expect(422));
    c.check('post', '/v1/admin/users', await request(t.http).post('/v1/admin/users').set(applicant.auth).send({}).expect(403));
    c.check('get', '/v1/admin/users', await request(t.http).get('/v1/admin/users?role=verifier&active=true&pageSize=5').set(admin.auth).expect(200));
    c.check('get', '/v1/admin/users', await request(t.http).get('/v1/admin/users?pageSize=500').set(admin.auth).expect(400));
    const id = (created.body as { id: string }).id;
    c.check('patch', '/v1/admin/users/{id}', await request(t.http).patch(`/v1/admin/users/${id}`).set(admin.auth).send({ name: 'Verifikator Dua' }).expect(200));
    c.check('patch', '/v1/admin/users/{id}', await request(t.http).patch(`/v1/admin/users/${admin.id}`).set(admin.auth).send({ active: false }).expect(422));
    c.check('patch', '/v1/admin/users/{id}', await request(t.http).patch('/v1/admin/users/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ name: 'X' }).expect(404));
  });

  it('audit verify: 200 with the walk, 400 on a bad stream', async () => {
    const ombudsman = await createOmbudsman(t);
    c.check('get', '/v1/admin/audit/verify', await request(t.http).get('/v1/admin/audit/verify?stream=identity').set(ombudsman.auth).expect(200));
    c.check('get', '/v1/admin/audit/verify', await request(t.http).get('/v1/admin/audit/verify?stream=NOT%20A%20STREAM').set(admin.auth).expect(400));
  });
});

describe('contract: permit types and calendars answer as documented', () => {
  let t: TestApp;
  let c: Contract;
  const get = (path: string): request.Test => request(t.http).get(path);

  beforeAll(async () => {
    t = await createTestApp();
    c = await Contract.of(t);
  });
  afterAll(() => t.close());

  it('permit types: the page, every shipped type in full, its versions and its diagram; 400 and 404', async () => {
    const page = await get('/v1/permit-types?pageSize=100').expect(200);
    c.check('get', '/v1/permit-types', page);
    c.check('get', '/v1/permit-types', await get('/v1/permit-types?page=0').expect(400));
    const codes = (page.body as { items: { code: string }[] }).items.map((i) => i.code);
    expect(codes.length).toBeGreaterThanOrEqual(4);
    for (const code of codes) {
      c.check('get', '/v1/permit-types/{code}', await get(`/v1/permit-types/${code}`).expect(200));
      c.check('get', '/v1/permit-types/{code}/versions', await get(`/v1/permit-types/${code}/versions`).expect(200));
      c.check('get', '/v1/permit-types/{code}/diagram', await get(`/v1/permit-types/${code}/diagram`).expect(200));
    }
    for (const suffix of ['', '/versions', '/diagram']) {
      c.check('get', `/v1/permit-types/{code}${suffix}`, await get(`/v1/permit-types/no-such-type${suffix}`).expect(404));
      c.check('get', `/v1/permit-types/{code}${suffix}`, await get(`/v1/permit-types/${'x'.repeat(80)}${suffix}`).expect(400));
    }
  });

  it('calendars: the list, every calendar in full, the calculator; 400, 404 and 422', async () => {
    const list = await get('/v1/calendars').expect(200);
    c.check('get', '/v1/calendars', list);
    c.check('get', '/v1/calendars', await get('/v1/calendars?x=%00').expect(400));
    for (const { id } of list.body as { id: string }[]) c.check('get', '/v1/calendars/{id}', await get(`/v1/calendars/${id}`).expect(200));
    c.check('get', '/v1/calendars/{id}', await get('/v1/calendars/no-such-calendar').expect(404));
    const deadline = '/v1/calendars/{id}/deadline';
    c.check('get', deadline, await get('/v1/calendars/kota-contoh/deadline?start=2026-03-17T03:00:00Z&workingDays=5').expect(200));
    c.check('get', deadline, await get('/v1/calendars/kota-contoh/deadline?start=2026-03-17&workingDays=0').expect(200));
    c.check('get', deadline, await get('/v1/calendars/kota-contoh/deadline?start=1999-12-31&workingDays=1').expect(400));
    c.check('get', deadline, await get('/v1/calendars/no-such-calendar/deadline?start=2026-03-17&workingDays=1').expect(404));
  });
});

describe('contract: calendar publication, the demo clock and supervision answer as documented', () => {
  let t: TestApp;
  let c: Contract;
  let admin: TestUser;
  let applicant: TestUser;
  let kiSupervisor: TestUser;

  beforeAll(async () => {
    t = await createTestApp(withConfig({ DEMO_ENDPOINTS: true }));
    c = await Contract.of(t);
    admin = await createAdmin(t);
    applicant = await registerApplicant(t.http);
    kiSupervisor = await createStaff(t, { roles: ['supervisor'], agency: 'kementerian-investasi' });
  });
  afterAll(() => t.close());

  it('publishCalendar: 200 with what changed; 400 naming the field; 403 for others; never 404', async () => {
    const path = '/v1/admin/calendars/{id}';
    const doc = {
      id: 'kontrak-uji',
      name: 'Kalender uji kontrak',
      extends: 'id-national',
      years: { '2026': { official: false, collectiveLeave: [{ date: '2026-12-28', name: 'Cuti bersama (uji)' }] } },
      extraDays: [{ date: '2026-04-07', name: 'Hari jadi (uji)', annual: true }],
    };
    c.check('put', path, await request(t.http).put('/v1/admin/calendars/kontrak-uji').set(admin.auth).send(doc).expect(200));
    c.check('put', path, await request(t.http).put('/v1/admin/calendars/kontrak-uji').set(admin.auth).send({ ...doc, id: 'lain' }).expect(400));
    c.check('put', path, await request(t.http).put('/v1/admin/calendars/kontrak-uji').set(kiSupervisor.auth).send(doc).expect(403));
    expect(c.doc.paths['/v1/admin/calendars/{id}'].put.responses['404']).toBeUndefined();
  });

  it('moveDemoClock: 200 with the clock; 404, 409 and 400', async () => {
    const path = '/v1/demo/applications/{id}/clock';
    const { id } = await submitted(t, applicant, 'reklame');
    const post = (caseId: string, body: object): request.Test => request(t.http).post(`/v1/demo/applications/${caseId}/clock`).set(admin.auth).send(body);
    c.check('post', path, await post(id, { remainingSeconds: 3600 }).expect(200));
    c.check('post', path, await post(id, { remainingSeconds: 3600, clock: 'response' }).expect(409));
    c.check('post', path, await post('00000000-0000-4000-8000-000000000000', { remainingSeconds: 3600 }).expect(404));
    c.check('post', path, await post(id, { remainingSeconds: 0 }).expect(400));
  });

  it('listSupervision: 200 with the permits issued by deemed approval; 403 for others', async () => {
    const { id } = await submitted(t, applicant, 'sertifikat-standar');
    await dueIn(t, admin, id, 1);
    await waitFor(async () => (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth)).body.status === 'closed', 'the deemed approval');
    const page = await request(t.http).get('/v1/supervision?pageSize=100').set(kiSupervisor.auth).expect(200);
    expect((page.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(id);
    c.check('get', '/v1/supervision', page);
    c.check('get', '/v1/supervision', await request(t.http).get('/v1/supervision').set(applicant.auth).expect(403));
  });
});

describe('contract: health answers as documented, 503 included', () => {
  let t: TestApp;
  let behind: TestApp;
  let c: Contract;

  beforeAll(async () => {
    t = await createTestApp();
    // a database behind this build: one migration it ships is not applied, so it is not ready
    behind = await createTestApp((b) => b.overrideProvider(EXPECTED_MIGRATIONS).useValue([...ALL_MIGRATIONS.map((m) => m.name), 'NotYetApplied1799999999999']));
    c = await Contract.of(t);
  });
  afterAll(async () => {
    await behind.close();
    await t.close();
  });

  it.each(['/health/live', '/health/ready', '/health'])('%s: 200 with its report, 400 on junk in the query', async (path) => {
    c.check('get', path, await request(t.http).get(path).expect(200));
    c.check('get', path, await request(t.http).get(`${path}?x=%00`).expect(400));
  });

  it('readiness and health: 503 with the same report (not a problem) when a check is down', async () => {
    const ready = await request(behind.http).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { migrations: { status: 'down', pending: ['NotYetApplied1799999999999'] } } });
    c.check('get', '/health/ready', ready);
    const health = await request(behind.http).get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'error' });
    c.check('get', '/health', health);
    c.check('get', '/health/live', await request(behind.http).get('/health/live').expect(200));
  });
});

describe('contract: oversight, complaints and public statistics answer as documented', () => {
  let t: TestApp;
  let c: Contract;
  let applicant: TestUser;
  let other: TestUser;
  let ombudsman: TestUser;
  let supervisor: TestUser;
  let verifiers: TestUser[];
  let approver: TestUser;
  let overdue: string;
  let decided: string;
  let complaint: string;
  const get = (user: TestUser, path: string): request.Test => request(t.http).get(path).set(user.auth);

  beforeAll(async () => {
    t = await createTestApp();
    c = await Contract.of(t);
    applicant = await registerApplicant(t.http);
    other = await registerApplicant(t.http);
    ombudsman = await createOmbudsman(t);
    const agency = 'dpmptsp-kota-contoh';
    supervisor = await createStaff(t, { roles: ['supervisor'], agency });
    verifiers = [await createStaff(t, { roles: ['verifier'], agency }), await createStaff(t, { roles: ['verifier'], agency })];
    approver = await createStaff(t, { roles: ['approver'], agency });

    // Mon 2 Feb 2026, 10:00 WIB: two reklame cases (5 working days, one deficiency notice at most)
    t.clock.set(new Date('2026-02-02T03:00:00Z'));
    overdue = (await submitted(t, applicant, 'reklame')).id;
    decided = (await submitted(t, applicant, 'reklame')).id;
    // handed from officer to officer three times
    for (const v of [0, 1, 0, 1]) {
      await request(t.http).post(`/v1/applications/${overdue}/assign`).set(supervisor.auth).send({ assigneeId: verifiers[v].id }).expect(200);
    }
    // the one notice the permit type allows, half a working day before the deadline; answered the next day
    const deadline = (await request(t.http).get(`/v1/applications/${overdue}`).set(applicant.auth).expect(200)).body.deadline as string;
    t.clock.set(new Date(new Date(deadline).getTime() - 12 * 3600_000));
    expect((await act(t, verifiers[1], overdue, { action: 'request-documents', comment: 'foto titik reklame', missingDocuments: ['location-photo'] })).status).toBe(200);
    t.clock.advance(24 * 3600_000);
    expect((await act(t, applicant, overdue, { action: 'resubmit' })).status).toBe(200);
    // the other decided on time
    expect((await act(t, verifiers[0], decided, { action: 'accept' })).status).toBe(200);
    expect((await act(t, approver, decided, { action: 'approve', comment: 'sesuai' })).status).toBe(200);
    // three weeks later the first is long overdue
    t.clock.advance(21 * 24 * 3600_000);
  });
  afterAll(() => t.close());

  it('listOverdue: a page as JSON, every row as CSV on request; 400 on a bad filter', async () => {
    const page = await get(ombudsman, '/v1/oversight/overdue?pageSize=100&includeClosed=true').expect(200);
    expect((page.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(overdue);
    c.check('get', '/v1/oversight/overdue', page);
    const csv = await get(ombudsman, '/v1/oversight/overdue?format=csv').expect(200);
    expect(csv.text).toContain(overdue);
    c.check('get', '/v1/oversight/overdue', csv);
    c.check('get', '/v1/oversight/overdue', await get(ombudsman, '/v1/oversight/overdue').set('Accept', 'text/csv').expect(200));
    c.check('get', '/v1/oversight/overdue', await get(ombudsman, '/v1/oversight/overdue?sort=nonsense').expect(400));
    c.check('get', '/v1/oversight/overdue', await get(supervisor, '/v1/oversight/overdue').expect(403));
  });

  it('exportOverdueCsv: every row with Content-Disposition; 400 on a bad filter', async () => {
    const csv = await get(ombudsman, '/v1/oversight/overdue.csv').expect(200);
    expect(csv.text.split('\n')[0]).toMatch(/^id,reference,agency/);
    c.check('get', '/v1/oversight/overdue.csv', csv);
    c.check('get', '/v1/oversight/overdue.csv', await get(ombudsman, '/v1/oversight/overdue.csv?minDaysOverdue=-1').expect(400));
  });

  it('getCaseRecord: the whole record (clocks with stops, assignments, documents, timeline, chain); 404 and 400', async () => {
    const res = await get(ombudsman, `/v1/oversight/applications/${overdue}`).expect(200);
    const body = res.body as { assignments: unknown[]; clocks: { history: unknown[] }[]; timeline: unknown[]; documents: unknown[] };
    expect(body.assignments.length).toBe(4);
    expect(body.clocks.some((k) => k.history.length >= 3)).toBe(true);
    expect(body.documents.length).toBeGreaterThan(0);
    c.check('get', '/v1/oversight/applications/{id}', res);
    c.check('get', '/v1/oversight/applications/{id}', await get(ombudsman, '/v1/oversight/applications/00000000-0000-4000-8000-000000000000').expect(404));
    c.check('get', '/v1/oversight/applications/{id}', await get(ombudsman, '/v1/oversight/applications/not-a-uuid').expect(400));
  });

  it('getComplianceStatistics: rows per agency, type and month; 400 on a bad period', async () => {
    const res = await get(ombudsman, '/v1/oversight/stats?from=2026-02&to=2026-03').expect(200);
    expect((res.body as { permitType: string }[]).some((r) => r.permitType === 'reklame')).toBe(true);
    c.check('get', '/v1/oversight/stats', res);
    c.check('get', '/v1/oversight/stats', await get(ombudsman, '/v1/oversight/stats?from=2026-03&to=2026-02').expect(400));
  });

  it('listSignals: the three lists, each with this case', async () => {
    const res = await get(ombudsman, '/v1/oversight/signals?agency=dpmptsp-kota-contoh').expect(200);
    const body = res.body as Record<'maxDeficiencyNotices' | 'deficiencyNoticeInLastWorkingDay' | 'reassignedManyTimes', { id: string }[]>;
    for (const list of Object.values(body)) expect(list.map((r) => r.id)).toContain(overdue);
    c.check('get', '/v1/oversight/signals', res);
    c.check('get', '/v1/oversight/signals', await get(ombudsman, '/v1/oversight/signals?agency=NOT%20A%20CODE').expect(400));
  });

  it('complaints: filed 201 (409 for a draft, 403 for another applicant), listed, handled (404 when unknown)', async () => {
    const filed = await request(t.http).post(`/v1/applications/${overdue}/complaints`).set(applicant.auth).send({ category: 'undue-delay', description: 'Sudah lewat tenggat tanpa kabar.' }).expect(201);
    complaint = (filed.body as { id: string }).id;
    c.check('post', '/v1/applications/{id}/complaints', filed);
    const { id: draft } = await draftComplete(t, applicant, 'reklame');
    c.check('post', '/v1/applications/{id}/complaints', await request(t.http).post(`/v1/applications/${draft}/complaints`).set(applicant.auth).send({ category: 'undue-delay', description: 'Belum diajukan tetapi mengeluh.' }).expect(409));
    const stranger = await request(t.http).post(`/v1/applications/${overdue}/complaints`).set(other.auth).send({ category: 'undue-delay', description: 'Bukan perkara saya sendiri.' });
    expect([403, 404]).toContain(stranger.status);
    c.check('post', '/v1/applications/{id}/complaints', stranger);
    c.check('post', '/v1/applications/{id}/complaints', await request(t.http).post(`/v1/applications/${overdue}/complaints`).set(applicant.auth).send({ category: 'nonsense' }).expect(400));

    for (const user of [applicant, supervisor, ombudsman]) c.check('get', '/v1/applications/{id}/complaints', await get(user, `/v1/applications/${overdue}/complaints`).expect(200));
    c.check('get', '/v1/applications/{id}/complaints', await get(verifiers[0], `/v1/applications/${overdue}/complaints`).expect(403));
    c.check('get', '/v1/complaints', await get(supervisor, '/v1/complaints?status=received').expect(200));
    c.check('get', '/v1/oversight/complaints', await get(ombudsman, '/v1/oversight/complaints?category=undue-delay&pageSize=100').expect(200));
    c.check('get', '/v1/oversight/complaints', await get(ombudsman, '/v1/oversight/complaints?status=nonsense').expect(400));

    const patch = (id: string, body: object): request.Test => request(t.http).patch(`/v1/oversight/complaints/${id}`).set(ombudsman.auth).send(body);
    c.check('patch', '/v1/oversight/complaints/{id}', await patch(complaint, { status: 'under-review', findings: 'Diperiksa.' }).expect(200));
    c.check('patch', '/v1/oversight/complaints/{id}', await patch('00000000-0000-4000-8000-000000000000', { status: 'closed' }).expect(404));
    c.check('patch', '/v1/oversight/complaints/{id}', await patch(complaint, { status: 'nonsense' }).expect(400));
  });

  it('getPublicStatistics: rows with Cache-Control, figures withheld for small groups; 400 on a bad period', async () => {
    const res = await request(t.http).get('/v1/public/stats?months=3').expect(200);
    expect((res.body as { suppressed: boolean }[]).length).toBeGreaterThan(0);
    c.check('get', '/v1/public/stats', res);
    c.check('get', '/v1/public/stats', await request(t.http).get('/v1/public/stats?months=0').expect(400));
  });
});
