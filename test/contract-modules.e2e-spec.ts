import request from 'supertest';
import { createAdmin, createOmbudsman, createStaff, registerApplicant, resetLoginThrottle, TEST_PASSWORD, TestUser, uniqueEmail } from './support/auth';
import { submitted } from './support/cases';
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
    const user = { id: '5f0c4a2e-6a4b-4bb3-9a43-3f1a4c1d2e7f', email: 'a@b.test', name: 'A', nib: null, roles: ['applicant'], agencyCode: null, active: true, createdAt: '2026-01-05T03:00:00.000Z', updatedAt: '2026-01-05T03:00:00.000Z' };
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
