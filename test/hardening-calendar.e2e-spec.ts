import { MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR } from '@tenggat/calendar';
import Holidays from 'date-holidays';
import fc from 'fast-check';
import request from 'supertest';
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
    ['/v1/permit-types/PBG', '/v1/permit-types/PBG'],
    ['/v1/calendars/%00', '/v1/calendars/%00'],
    ['/v1/calendars/%00/deadline', '/v1/calendars/%00/deadline?start=2026-03-17&workingDays=1'],
    ['/v1/calendars/<10 000 letters>', `/v1/calendars/${'x'.repeat(10_000)}`],
    ['/v1/calendars/<right-to-left override>', '/v1/calendars/%E2%80%AE'],
  ])('%s answers 400 problem+json naming the path parameter', async (_label, path) => {
    const res = await request(t.http).get(path);
    isProblem(res, [400]);
    expect(fields(res)).toEqual([path.startsWith('/v1/permit-types') ? 'code' : 'id']);
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
