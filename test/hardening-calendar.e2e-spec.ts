import { MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR } from '@tenggat/calendar';
import Holidays from 'date-holidays';
import fc from 'fast-check';
import request from 'supertest';
import { createAdmin, createOmbudsman, createUser, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 10, calendars and deadlines: every date and count a request can carry is bounded, the
 * calendar never computes outside the supported years (date-holidays never returns for some), and
 * the public calendar and permit-type endpoints answer junk with 400/404 problem+json, quickly.
 */

const PROBLEM = /^application\/problem\+json/;

interface FieldError {
  field: string;
  message: string;
}

const fields = (res: request.Response): string[] => [...new Set(((res.body.errors ?? []) as FieldError[]).map((e) => e.field))].sort();

/**
 * date-holidays never returns for some years (1, -1, 200000): on the old code these requests
 * froze the whole process, test runner included. The guard turns such a call into an error, so
 * the old code fails these tests (a 500) instead of hanging them; the fixed code never calls it.
 */
function guardDateHolidays(): { outOfRange: number[]; restore(): void } {
  const outOfRange: number[] = [];
  const original = Holidays.prototype.getHolidays;
  const spy = jest.spyOn(Holidays.prototype, 'getHolidays').mockImplementation(function (this: Holidays, year?: string | number | Date, lang?: string) {
    const y = Number(year);
    if (!(y >= MIN_SUPPORTED_YEAR && y <= MAX_SUPPORTED_YEAR)) {
      outOfRange.push(y);
      throw new Error(`date-holidays called with the year ${String(year)}`);
    }
    return original.call(this, year, lang);
  });
  return { outOfRange, restore: () => spy.mockRestore() };
}

describe('calendar hardening: bounded dates and counts', () => {
  let t: TestApp;
  let guard: ReturnType<typeof guardDateHolidays>;

  beforeAll(async () => {
    guard = guardDateHolidays();
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    guard.restore();
  });
  afterEach(() => expect(guard.outOfRange).toEqual([]));

  const deadline = (query: string) => request(t.http).get(`/v1/calendars/id-national/deadline?${query}`);

  const expectProblem = (res: request.Response, status: number, blamed?: string[]): void => {
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status, body: { status } });
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(typeof res.body.detail).toBe('string');
    if (blamed) expect(fields(res)).toEqual(blamed);
  };

  it.each([
    ['start=0001-01-01&workingDays=5', ['start']],
    ['start=-000001-06-01&workingDays=5', ['start']],
    ['start=%2B200000-01-01&workingDays=0', ['start']],
    ['start=0001-01-01T00:00:00Z&workingDays=5', ['start']],
    ['start=%2B200000-01-01T00:00:00Z&workingDays=0', ['start']],
  ])('the hang URL ?%s answers 400 at once, and the process keeps answering', async (query, blamed) => {
    const t0 = Date.now();
    const res = await deadline(query);
    expect(Date.now() - t0).toBeLessThan(2000);
    expectProblem(res, 400, blamed);
    await request(t.http).get('/v1/calendars').expect(200);
  });

  it.each([
    ['start=0002-01-01&workingDays=5'],
    ['start=0099-03-01&workingDays=5'],
    ['start=1999-12-31T12:00:00Z&workingDays=1'],
    ['start=2101-01-02&workingDays=1'],
    // an offset may carry an instant across the range's edge: the local start day counts
    ['start=2000-01-01T05:00:00%2B14:00&workingDays=1'],
  ])('a start outside 2000-2100 (?%s) is a 400 naming start, never a 1901 date', async (query) => {
    const res = await deadline(query);
    expectProblem(res, 400, ['start']);
    expect(res.body.detail).toMatch(/2000-2100/);
    expect(res.body).not.toHaveProperty('deadline');
  });

  it.each([
    ['start=2026-02-31&workingDays=1', ['start']],
    ['start=2026-13-01&workingDays=1', ['start']],
    ['start=26-03-17&workingDays=1', ['start']],
    ['start=2026&workingDays=1', ['start']],
    ['start=0&workingDays=1', ['start']],
    ['start=2026-03-17T10:00:00&workingDays=1', ['start']],
    ['start=2026-03-17T25:00:00Z&workingDays=1', ['start']],
    ['start=2026-03-17&start=2026-03-18&workingDays=1', ['start']],
    ['start=2026-03-17&workingDays=1001', ['workingDays']],
    ['start=2026-03-17&workingDays=99999999999', ['workingDays']],
    ['start=2026-03-17&workingDays=', ['workingDays']],
    ['start=2026-03-17&workingDays=1e3', ['workingDays']],
    ['start=2026-03-17&workingDays=-1', ['workingDays']],
    ['start=2026-03-17&workingDays=2.5', ['workingDays']],
    ['workingDays=1', ['start']],
  ])('malformed or unbounded input ?%s is a 400 naming %j', async (query, blamed) => {
    expectProblem(await deadline(query), 400, blamed);
  });

  it('counts up to 1000 working days, but not past the last supported year', async () => {
    const ok = await deadline('start=2026-03-17T03:00:00Z&workingDays=1000').expect(200);
    expect(ok.body.deadlineLocalDate).toMatch(/^2030-/);
    const late = await deadline('start=2100-06-01&workingDays=1000');
    expectProblem(late, 400, ['workingDays']);
    expect(late.body.detail).toMatch(/2101/);
    const edge = await deadline('start=2100-12-27&workingDays=1').expect(200);
    expect(edge.body).toMatchObject({ deadlineLocalDate: '2100-12-28', provisional: true });
  });

  it('reads a date alone as the start of that day in the calendar zone', async () => {
    const res = await request(t.http).get('/v1/calendars/sulsel/deadline?start=2026-03-17&workingDays=1').expect(200);
    expect(res.body).toMatchObject({ start: '2026-03-16T16:00:00.000Z', deadlineLocalDate: '2026-03-25' });
  });

  it('states the supported range in the OpenAPI description of the calculator', async () => {
    const doc = await request(t.http).get('/docs/openapi.json').expect(200);
    const op = doc.body.paths['/v1/calendars/{id}/deadline'].get;
    expect(op.description).toMatch(/2000-2100/);
    expect(op.description).toMatch(/0-1000/);
    const workingDays = op.parameters.find((p: { name: string }) => p.name === 'workingDays');
    expect(workingDays.schema).toMatchObject({ minimum: 0, maximum: 1000 });
  });
});

describe('calendar hardening: an admin cannot publish days outside the supported years', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  const base = { name: 'Uji batas', timeZone: 'Asia/Jakarta', weekend: [6, 7], extends: 'id-national' };

  it.each([
    ['a year list for 1999', { years: { 1999: { official: false, holidays: [] } } }, 'years.1999'],
    ['a year list for 2101', { years: { 2101: { official: false, holidays: [] } } }, 'years.2101'],
    ['an annual regional day from year 1', { extraDays: [{ date: '0001-01-01', name: 'Kuno', annual: true }] }, 'extraDays[0].date'],
    ['a regional day in 2150', { extraDays: [{ date: '2150-06-01', name: 'Jauh', annual: false }] }, 'extraDays[0].date'],
  ])('%s is a 400 naming the field, quickly, and nothing is stored', async (_what, extra, field) => {
    const t0 = Date.now();
    const res = await request(t.http).put('/v1/admin/calendars/uji-batas').set(admin.auth).send({ ...base, ...extra });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(fields(res)).toContain(field);
    await request(t.http).get('/v1/calendars/uji-batas').expect(404);
  });
});

describe('calendar hardening: junk paths on the public catalogue and calendars', () => {
  let t: TestApp;
  let guard: ReturnType<typeof guardDateHolidays>;

  beforeAll(async () => {
    guard = guardDateHolidays();
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    guard.restore();
  });

  const isProblem = (res: request.Response, statuses: number[]): void => {
    expect({ status: statuses.includes(res.status) ? 'as expected' : res.status }).toEqual({ status: 'as expected' });
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.status).toBe(res.status);
  };

  it.each([
    ['/v1/permit-types/%00', '/v1/permit-types/%00'],
    ['/v1/permit-types/%00/versions', '/v1/permit-types/%00/versions'],
    ['/v1/permit-types/%00/diagram', '/v1/permit-types/%00/diagram'],
    ['/v1/permit-types/<10 000 letters>', `/v1/permit-types/${'a'.repeat(10_000)}`],
    ['/v1/permit-types/<emoji>', '/v1/permit-types/%F0%9F%98%80'],
    ['/v1/calendars/%00', '/v1/calendars/%00'],
    ['/v1/calendars/%00/deadline', '/v1/calendars/%00/deadline?start=2026-03-17&workingDays=1'],
    ['/v1/calendars/<10 000 letters>', `/v1/calendars/${'x'.repeat(10_000)}`],
    ['/v1/calendars/<right-to-left override>', '/v1/calendars/%E2%80%AE'],
  ])('%s answers 400 problem+json naming the path parameter', async (_label, path) => {
    const res = await request(t.http).get(path);
    isProblem(res, [400]);
    const name = path.startsWith('/v1/permit-types') ? 'code' : 'id';
    // a NUL is refused by the one text rule before routing, which names the path segment
    expect(fields(res)).toEqual([path.includes('%00') ? expect.stringMatching(/^path\.\d+$/) : name]);
  });

  it.each([
    ['/v1/permit-types/<broken percent-encoding>', '/v1/permit-types/%E0%A4%A'],
    ['/v1/calendars/<a lone %>', '/v1/calendars/%/deadline'],
  ])('%s (undecodable) answers 400 problem+json', async (_label, path) => {
    isProblem(await request(t.http).get(path), [400]);
  });

  it('a well-formed unknown code is still a 404', async () => {
    isProblem(await request(t.http).get('/v1/permit-types/nope'), [404]);
    isProblem(await request(t.http).get('/v1/permit-types/nope/versions'), [404]);
    isProblem(await request(t.http).get('/v1/permit-types/NOPE'), [404]); // codes are matched as written
    isProblem(await request(t.http).get('/v1/calendars/mars'), [404]);
  });

  it('property: random path segments and query strings never give a 5xx and are answered within 2 s', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('\u0000', '\ud800', '%', '%00', '..', '0001-01-01', '+200000-01-01', '-000001-06-01', '0099-03-01', '2026-02-31', 'a'.repeat(5000)),
      fc.integer().map(String),
      fc.double().map(String),
    );
    const seg = junk.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')) || 'x');
    const query = fc.dictionary(fc.constantFrom('start', 'workingDays', 'page', 'pageSize', 'x', 'start[a]'), junk, { maxKeys: 3 });
    const target = fc.oneof(
      seg.map((s) => `/v1/permit-types/${s}`),
      seg.map((s) => `/v1/permit-types/${s}/versions`),
      seg.map((s) => `/v1/permit-types/${s}/diagram`),
      seg.map((s) => `/v1/calendars/${s}`),
      seg.map((s) => `/v1/calendars/${s}/deadline`),
      fc.constantFrom('/v1/calendars/id-national/deadline', '/v1/calendars/sulsel/deadline', '/v1/permit-types', '/v1/calendars'),
    );
    await fc.assert(
      fc.asyncProperty(target, query, async (path, q) => {
        const qs = Object.entries(q)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`)
          .join('&');
        const url = qs ? `${path}?${qs}` : path;
        const t0 = Date.now();
        const res = await request(t.http).get(url);
        const ms = Date.now() - t0;
        expect({ url, status: res.status < 500, fast: ms < 2000 }).toEqual({ url, status: true, fast: true });
        if (res.status >= 400) expect({ url, type: res.headers['content-type'] }).toEqual({ url, type: expect.stringMatching(PROBLEM) });
      }),
      { numRuns: 300 },
    );
    expect(guard.outOfRange).toEqual([]);
  });
});

interface ClockBody {
  kind: string;
  status: string;
  unit: string;
  [figure: string]: unknown;
}

describe('calendar hardening: clock figures state their unit and stay within the budget', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
  });
  afterAll(async () => {
    t.clock.reset();
    await t.close();
  });

  const clocksOf = async (id: string): Promise<ClockBody[]> => (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body.clocks;

  it('the response window after a deficiency notice counts calendar days: 30 budget, 0 used, 30 left (not -0.51 / 30.51)', async () => {
    t.clock.set(new Date('2026-08-03T02:00:00.000Z')); // Mon 3 Aug 2026, 09:00 WIB
    const { id } = await submitted(t, applicant, 'pbg');
    await request(t.http).post(`/v1/applications/${id}/claim`).set(verifier.auth).expect(200);
    t.clock.set(new Date('2026-08-04T05:15:00.000Z')); // Tue 4 Aug, 12:15 WIB: half a day before the window counts
    const notice = await act(t, verifier, id, { action: 'request-documents', comment: 'KKPR belum dilampirkan', missingDocuments: ['kkpr'] });
    expect(notice.status).toBe(200);

    const clocks = await clocksOf(id);
    const response = clocks.find((c) => c.kind === 'response');
    expect(response).toMatchObject({ status: 'running', unit: 'calendar-days', budgetCalendarDays: 30, consumedCalendarDays: 0, remainingCalendarDays: 30, overdueCalendarDays: 0 });
    // named after its unit: no working-day figures on a calendar-day window
    expect(Object.keys(response as object).filter((k) => k.endsWith('WorkingDays'))).toEqual([]);
    // the statutory clock is stopped, in working days: one full working day (Tue 4 Aug) is not over yet
    expect(clocks.find((c) => c.kind === 'statutory')).toMatchObject({ status: 'stopped', unit: 'working-days', budgetWorkingDays: 28 });
    for (const c of clocks) {
      const [budget, consumed, remaining] = ['budget', 'consumed', 'remaining'].map((f) => Number(c[`${f}${c.unit === 'calendar-days' ? 'CalendarDays' : 'WorkingDays'}`]));
      expect({ kind: c.kind, consumed: consumed >= 0 && consumed <= budget, remaining: remaining >= 0 && remaining <= budget }).toEqual({ kind: c.kind, consumed: true, remaining: true });
    }

    // Thu 6 Aug 12:15 WIB: 1.51 calendar days of the window are used (from Wed 00:00 WIB)
    t.clock.set(new Date('2026-08-06T05:15:00.000Z'));
    expect((await clocksOf(id)).find((c) => c.kind === 'response')).toMatchObject({ consumedCalendarDays: 1.51, remainingCalendarDays: 28.49 });

    // the applicant answers: the window finishes with what it used, in calendar days, on the timeline too
    expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
    t.clock.set(new Date('2026-08-20T05:15:00.000Z'));
    expect((await clocksOf(id)).find((c) => c.kind === 'response')).toMatchObject({ status: 'finished', unit: 'calendar-days', consumedCalendarDays: 1.51, remainingCalendarDays: 28.49 });
    const timeline = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(applicant.auth).expect(200)).body as Record<string, unknown>[];
    const windowEvents = timeline.filter((e) => e.type === 'clock' && e.clock === 'response');
    expect(windowEvents.map((e) => [e.action, e.unit, e.consumedCalendarDays, e.remainingCalendarDays])).toEqual([
      ['clock.start', 'calendar-days', 0, 30],
      ['clock.finish', 'calendar-days', 1.51, 28.49],
    ]);
    for (const e of timeline.filter((x) => x.type === 'clock' && x.clock !== 'response')) {
      expect(e).toMatchObject({ unit: 'working-days', consumedWorkingDays: expect.any(Number), remainingWorkingDays: expect.any(Number) });
      expect(Number(e.consumedWorkingDays)).toBeGreaterThanOrEqual(0);
      expect(Number(e.remainingWorkingDays)).toBeGreaterThanOrEqual(0);
    }

    // the ombudsman's record of the case says the same
    const ombudsman = await createOmbudsman(t);
    const record = (await request(t.http).get(`/v1/oversight/applications/${id}`).set(ombudsman.auth).expect(200)).body as { clocks: ClockBody[] };
    const window = record.clocks.find((c) => c.kind === 'response');
    expect(window).toMatchObject({ unit: 'calendar-days', budgetCalendarDays: 30, consumedCalendarDays: 1.51, remainingCalendarDays: 28.49 });
    expect(Object.keys(window as object).filter((k) => k.endsWith('WorkingDays'))).toEqual([]);
    expect((window as unknown as { history: Record<string, unknown>[] }).history.map((h) => [h.kind, h.unit, h.consumedCalendarDays])).toEqual([
      ['start', 'calendar-days', 0],
      ['finish', 'calendar-days', 1.51],
    ]);
  });

  it('documents the unit and the figures in the OpenAPI document', async () => {
    const doc = await request(t.http).get('/docs/openapi.json').expect(200);
    const clock = doc.body.components.schemas.ClockView;
    expect(clock.properties.unit).toMatchObject({ enum: ['working-days', 'calendar-days'] });
    for (const f of ['budgetWorkingDays', 'remainingWorkingDays', 'overdueWorkingDays', 'budgetCalendarDays', 'remainingCalendarDays']) expect(clock.properties).toHaveProperty(f);
  });
});

describe('calendar hardening: the calendar and zone of the deadlines are on the permit type and the case', () => {
  let t: TestApp;
  let applicant: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
  });
  afterAll(() => t.close());

  it.each([
    ['pbg', 'kota-contoh', 'Asia/Jakarta', 'WIB'],
    ['sertifikat-standar', 'id-national', 'Asia/Jakarta', 'WIB'],
    ['ukl-upl', 'sulsel', 'Asia/Makassar', 'WITA'],
    ['siup-perikanan', 'id-national-wit', 'Asia/Jayapura', 'WIT'],
  ])('GET /v1/permit-types/%s names calendar %s, zone %s (%s), as does the list', async (code, calendar, timeZone, label) => {
    const one = await request(t.http).get(`/v1/permit-types/${code}`).expect(200);
    expect(one.body).toMatchObject({ code, calendar, timeZone, timeZoneLabel: label });
    const list = await request(t.http).get('/v1/permit-types').query({ pageSize: 100 }).expect(200);
    expect(list.body.items.find((i: { code: string }) => i.code === code)).toMatchObject({ calendar, timeZone, timeZoneLabel: label });
    // the named calendar is the one the calculator and the case use
    expect((await request(t.http).get(`/v1/calendars/${calendar}`).expect(200)).body.timeZone).toBe(timeZone);
  });

  it('GET /v1/applications/{id} names the calendar and zone its deadline is counted in', async () => {
    const { id } = await submitted(t, applicant, 'ukl-upl');
    const res = await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200);
    expect(res.body).toMatchObject({ calendar: 'sulsel', timeZone: 'Asia/Makassar', timeZoneLabel: 'WITA' });
    // the deadline is the end of a day in that zone
    expect(new Date(new Date(res.body.deadline).getTime() + 1).toISOString()).toMatch(/T16:00:00\.000Z$/);
  });

  it('documents the fields in the OpenAPI document', async () => {
    const schemas = (await request(t.http).get('/docs/openapi.json').expect(200)).body.components.schemas;
    for (const name of ['PermitTypeDetail', 'CaseView']) {
      const all = JSON.stringify(schemas[name]) + JSON.stringify(schemas.DeadlineTiming ?? {}) + JSON.stringify(schemas.PermitTypeSummary ?? {});
      for (const f of ['calendar', 'timeZone', 'timeZoneLabel']) expect({ name, f, documented: all.includes(`"${f}"`) }).toEqual({ name, f, documented: true });
    }
  });
});
