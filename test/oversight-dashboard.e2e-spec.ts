import { ReconcilerService } from '@tenggat/enforcement';
import { runMigrations } from '@tenggat/schema';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { withConfig } from './support/sla';
import { dropDatabase } from './setup/global-setup';
import { runDatabaseUrl } from './setup/test-env';
import { createTestApp, TestApp } from './support/test-app';

/** The dashboard counts every agency's cases: this file has a database of its own. */
const OWN_DATABASE = `${runDatabaseUrl()}_dashboard`;

jest.setTimeout(60_000);

/**
 * GET /v1/oversight/dashboard over a fixture decided at controlled instants (the injected
 * clock), so each figure is computed by hand from the 2026 calendar.
 */
describe('oversight dashboard', () => {
  let t: TestApp;
  let applicant: TestUser;
  let ombudsman: TestUser;
  let admin: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  const ids: Record<'A' | 'B' | 'C' | 'U', string> = { A: '', B: '', C: '', U: '' };
  const previousInterval = process.env.RECONCILE_INTERVAL_MS;
  const at = async (iso: string): Promise<void> => t.clock.set(new Date(iso));

  beforeAll(async () => {
    process.env.RECONCILE_INTERVAL_MS = '3600000';
    await dropDatabase(OWN_DATABASE);
    await runMigrations(OWN_DATABASE);
    t = await createTestApp(withConfig({ DATABASE_URL: OWN_DATABASE, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:dashboard` }));
    applicant = await registerApplicant(t.http);
    ombudsman = await createUser(t, { roles: ['ombudsman'] });
    admin = await createUser(t, { roles: ['admin'] });
    verifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    approver = await createUser(t, { roles: ['approver'], agency: 'dpmptsp-kota-contoh' });

    // Mon 5 Jan 2026, 10:00 WIB: three reklame cases (5 working days, WIB) and one UKL-UPL (12, WITA)
    await at('2026-01-05T03:00:00Z');
    for (const k of ['A', 'B', 'C'] as const) ids[k] = (await submitted(t, applicant, 'reklame')).id;
    ids.U = (await submitted(t, applicant, 'ukl-upl')).id;
    // Tue 12:00: a deficiency notice stops B (reklame allows one: B is at the cap)
    await at('2026-01-06T05:00:00Z');
    expect((await act(t, verifier, ids.B, { action: 'request-documents', comment: 'foto titik reklame', missingDocuments: ['location-photo'] })).status).toBe(200);
    // Wed 12:00: A decided after 1.5 working days
    await at('2026-01-07T05:00:00Z');
    await decide(ids.A);
    // Thu 12:00: B answered; Fri 12:00 decided after 0.5 + 1.0 working days
    await at('2026-01-08T05:00:00Z');
    expect((await act(t, applicant, ids.B, { action: 'resubmit' })).status).toBe(200);
    await at('2026-01-09T05:00:00Z');
    await decide(ids.B);
    // Wed 14 Jan 12:00: C's deadline (end of Mon 12 Jan) has passed; one whole working day (Tue) overdue
    await at('2026-01-14T05:00:00Z');
    await t.app.get(ReconcilerService).sweep();
    expect((await request(t.http).post(`/v1/applications/${ids.C}/complaints`).set(applicant.auth).send({ category: 'undue-delay', description: 'Sudah lewat tenggat tanpa kabar' })).status).toBe(201);
  });

  async function decide(id: string): Promise<void> {
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    expect((await act(t, approver, id, { action: 'approve', comment: 'sesuai' })).status).toBe(200);
  }

  afterAll(async () => {
    await t?.close();
    await dropDatabase(OWN_DATABASE);
    if (previousInterval === undefined) delete process.env.RECONCILE_INTERVAL_MS;
    else process.env.RECONCILE_INTERVAL_MS = previousInterval;
  });

  const dashboard = (user: TestUser, query: Record<string, string | number> = {}) => request(t.http).get('/v1/oversight/dashboard').query(query).set(user.auth);

  it('answers the figures of the period, each computed as its description says', async () => {
    const res = await dashboard(ombudsman, { months: 1 }).expect(200);
    expect(res.body.period).toEqual({ months: 1, from: '2026-01', to: '2026-01' });
    expect(res.body.filters).toEqual({ agency: null, permitType: null, zone: null });
    expect(res.body.figures).toEqual({
      decided: 2,
      onTime: 2,
      onTimeRate: 1,
      medianWorkingDays: 1.5,
      p90WorkingDays: 1.5,
      avgStoppedCalendarDays: 1, // B stood 2 days, A none
      breaches: 1, // C
      escalations: 0,
      deemedApprovals: 0,
      submitted: 4,
      deficiencyNoticesPerCase: 0.25,
      shareAtNoticeCap: 0.25,
      casesAtNoticeCap: 1,
      openOverdue: 1,
      compensationOwed: 0,
      compensationCurrency: 'IDR',
      complaints: 1,
    });
    expect(res.body.complaintsByCategory).toHaveLength(10);
    expect(res.body.complaintsByCategory.find((c: { category: string }) => c.category === 'undue-delay')).toEqual({ category: 'undue-delay', count: 1 });
    expect(res.body.monthlyTrend).toEqual([{ month: '2026-01', decided: 2, onTime: 2, onTimeRate: 1, medianWorkingDays: 1.5, breaches: 0 }]);
    expect(res.body.breachAgeBuckets.map((b: { bucket: string; cases: number }) => [b.bucket, b.cases])).toEqual([
      ['lt1', 0],
      ['1to5', 1],
      ['5to20', 0],
      ['gt20', 0],
    ]);
    expect(res.body.agencyRanking).toEqual([{ agency: 'dpmptsp-kota-contoh', decided: 2, onTimeRate: 1, medianWorkingDays: 1.5, breaches: 1, openOverdue: 1 }]);
    expect(res.body.deemedAwaitingSupervision).toEqual({ total: 0, items: [] });
  });

  it('keeps every month of the period in the trend, empty ones included', async () => {
    const res = await dashboard(ombudsman, { months: 3 }).expect(200);
    expect(res.body.period).toEqual({ months: 3, from: '2025-11', to: '2026-01' });
    expect(res.body.monthlyTrend.map((m: { month: string; decided: number }) => [m.month, m.decided])).toEqual([
      ['2025-11', 0],
      ['2025-12', 0],
      ['2026-01', 2],
    ]);
  });

  it('follows the agency, permit type and zone filters', async () => {
    const sulsel = await dashboard(ombudsman, { months: 1, agency: 'dlh-provinsi-sulsel' }).expect(200);
    expect(sulsel.body.figures).toMatchObject({ decided: 0, onTimeRate: null, submitted: 1, breaches: 0, openOverdue: 0, complaints: 0 });
    const wita = await dashboard(ombudsman, { months: 1, zone: 'WITA' }).expect(200);
    expect(wita.body.figures).toEqual(sulsel.body.figures);
    expect(wita.body.filters).toEqual({ agency: null, permitType: null, zone: 'WITA' });
    const wib = await dashboard(ombudsman, { months: 1, zone: 'WIB', permitType: 'reklame' }).expect(200);
    expect(wib.body.figures).toMatchObject({ decided: 2, submitted: 3, openOverdue: 1, complaints: 1 });
    const wit = await dashboard(ombudsman, { months: 1, zone: 'WIT' }).expect(200);
    expect(wit.body.figures).toMatchObject({ decided: 0, submitted: 0, openOverdue: 0 });
  });

  it('is for the ombudsman and admins only', async () => {
    await dashboard(admin).expect(200);
    await dashboard(applicant).expect(403);
    await dashboard(verifier).expect(403);
    await request(t.http).get('/v1/oversight/dashboard').expect(401);
  });

  it.each([
    [{ months: 0 }, 'months'],
    [{ months: 61 }, 'months'],
    [{ months: 'six' }, 'months'],
    [{ zone: 'CET' }, 'zone'],
    [{ agency: 'Not A Code' }, 'agency'],
    [{ permitType: "x' OR 1=1" }, 'permitType'],
  ])('refuses %j with a 400 naming %s', async (query, field) => {
    const res = await dashboard(ombudsman, query).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
