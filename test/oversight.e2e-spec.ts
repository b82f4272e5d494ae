import { ReconcilerService } from '@tenggat/enforcement';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A small fixture decided at controlled instants (the injected clock), so every figure can be
 * computed by hand from the 2026 calendar. Timers are far away in real time and the reconciler
 * is swept explicitly, so nothing happens behind the test's back.
 */
describe('oversight (ombudsman)', () => {
  let t: TestApp;
  let applicant: TestUser;
  let other: TestUser;
  let ombudsman: TestUser;
  let kotaVerifier: TestUser;
  let kotaApprover: TestUser;
  let kotaSupervisor: TestUser;
  let sulselSupervisor: TestUser;
  const ids: Record<'A' | 'B' | 'C' | 'U', string> = { A: '', B: '', C: '', U: '' };
  const previousInterval = process.env.RECONCILE_INTERVAL_MS;

  const at = async (iso: string): Promise<void> => t.clock.set(new Date(iso));
  /** Other test files share the run's database: look only at this fixture's cases. */
  const ours = (r: { id: string }): boolean => Object.values(ids).includes(r.id);
  const sweep = (): Promise<unknown> => t.app.get(ReconcilerService).sweep();

  beforeAll(async () => {
    process.env.RECONCILE_INTERVAL_MS = '3600000';
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    other = await registerApplicant(t.http);
    ombudsman = await createUser(t, { roles: ['ombudsman'] });
    kotaVerifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    kotaApprover = await createUser(t, { roles: ['approver'], agency: 'dpmptsp-kota-contoh' });
    kotaSupervisor = await createUser(t, { roles: ['supervisor'], agency: 'dpmptsp-kota-contoh' });
    sulselSupervisor = await createUser(t, { roles: ['supervisor'], agency: 'dlh-provinsi-sulsel' });

    // Mon 5 Jan 2026, 10:00 WIB: three reklame cases (5 working days) and one UKL-UPL (12, WITA)
    await at('2026-01-05T03:00:00Z');
    for (const k of ['A', 'B', 'C'] as const) ids[k] = (await submitted(t, applicant, 'reklame')).id;
    ids.U = (await submitted(t, applicant, 'ukl-upl')).id;
    // Tue 12:00 WIB: a deficiency notice stops B after 0.5 working day
    await at('2026-01-06T05:00:00Z');
    expect((await act(t, kotaVerifier, ids.B, { action: 'request-documents', comment: 'foto titik reklame', missingDocuments: ['location-photo'] })).status).toBe(200);
    // Wed 12:00 WIB: A decided after 1.5 working days
    await at('2026-01-07T05:00:00Z');
    await decide(ids.A);
    // Thu 12:00 WIB: B answered (stopped for 2 calendar days); Fri 12:00 WIB decided: 0.5 + 1.0
    await at('2026-01-08T05:00:00Z');
    expect((await act(t, applicant, ids.B, { action: 'resubmit' })).status).toBe(200);
    await at('2026-01-09T05:00:00Z');
    await decide(ids.B);
    // Wed 14 Jan 12:00 WIB: C's deadline (end of Mon 12 Jan) has passed
    await at('2026-01-14T05:00:00Z');
    await sweep();
  });

  async function decide(id: string): Promise<void> {
    expect((await act(t, kotaVerifier, id, { action: 'accept' })).status).toBe(200);
    expect((await act(t, kotaApprover, id, { action: 'approve', comment: 'sesuai' })).status).toBe(200);
  }

  afterAll(async () => {
    await t.close();
    if (previousInterval === undefined) delete process.env.RECONCILE_INTERVAL_MS;
    else process.env.RECONCILE_INTERVAL_MS = previousInterval;
  });

  it('lists the open case past its deadline with working days overdue', async () => {
    const res = await request(t.http).get('/v1/oversight/overdue?pageSize=100').set(ombudsman.auth).expect(200);
    const mine = res.body.items.filter(ours);
    expect(mine.map((r: { id: string }) => r.id)).toEqual([ids.C]);
    expect(mine[0]).toMatchObject({
      agency: 'dpmptsp-kota-contoh',
      permitType: 'reklame',
      state: 'verification',
      resolution: 'open',
      deadline: '2026-01-12T16:59:59.999Z',
      workingDaysOverdue: 2, // Tue 13 and half of Wed 14
      clockStops: 0,
    });
  });

  it('follows the case to a late decision and an escalated, compensable UKL-UPL case', async () => {
    await at('2026-01-15T05:00:00Z'); // Thu 12:00 WIB: C decided after 7.5 working days
    await decide(ids.C);
    await at('2026-01-26T04:00:00Z'); // Mon 12:00 WITA: U's deadline was the end of Thu 22 Jan
    await sweep();

    const open = await request(t.http).get('/v1/oversight/overdue?pageSize=100').set(ombudsman.auth).expect(200);
    expect(open.body.items.filter(ours)).toHaveLength(1);
    expect(open.body.items.filter(ours)[0]).toMatchObject({
      id: ids.U,
      agency: 'dlh-provinsi-sulsel',
      resolution: 'escalated',
      escalated: true,
      holderId: sulselSupervisor.id,
      deadline: '2026-01-22T15:59:59.999Z', // end of Thu 22 Jan WITA (16 Jan is Isra Mikraj)
      workingDaysOverdue: 2,
      compensationOwed: 200_000,
      compensationCurrency: 'IDR',
    });

    const all = await request(t.http).get('/v1/oversight/overdue?includeClosed=true&sort=agency&order=asc&pageSize=100').set(ombudsman.auth).expect(200);
    const allMine = all.body.items.filter(ours);
    expect(allMine.map((r: { id: string }) => r.id)).toEqual([ids.U, ids.C]);
    expect(allMine[1]).toMatchObject({ resolution: 'decided-late', status: 'closed', workingDaysOverdue: 3 });

    const filtered = await request(t.http)
      .get('/v1/oversight/overdue')
      .query({ includeClosed: 'true', agency: 'dpmptsp-kota-contoh', resolution: 'decided-late', minDaysOverdue: 3, maxDaysOverdue: 3, pageSize: 100 })
      .set(ombudsman.auth)
      .expect(200);
    expect(filtered.body.items.filter(ours).map((r: { id: string }) => r.id)).toEqual([ids.C]);
    expect(filtered.body.items.every((r: { agency: string; resolution: string; workingDaysOverdue: number }) => r.agency === 'dpmptsp-kota-contoh' && r.resolution === 'decided-late' && r.workingDaysOverdue === 3)).toBe(true);
    const tooLate = await request(t.http).get('/v1/oversight/overdue').query({ minDaysOverdue: 3, pageSize: 100 }).set(ombudsman.auth).expect(200);
    expect(tooLate.body.items.filter(ours)).toHaveLength(0);
  });

  it('streams the same rows as CSV', async () => {
    const json = await request(t.http).get('/v1/oversight/overdue?includeClosed=true&pageSize=100').set(ombudsman.auth).expect(200);
    const csv = await request(t.http).get('/v1/oversight/overdue?includeClosed=true').set(ombudsman.auth).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...lines] = csv.text.trim().split('\n');
    const columns = header.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
    const expected = json.body.items.map((r: Record<string, unknown>) =>
      Object.fromEntries(columns.map((c) => [c, r[c] === null || r[c] === undefined ? '' : String(r[c] as string | number | boolean)])),
    );
    expect(rows).toEqual(expected);
    const alias = await request(t.http).get('/v1/oversight/overdue.csv?includeClosed=true').set(ombudsman.auth).expect(200);
    expect(alias.text).toBe(csv.text);
  });

  it('computes the statistics that can be checked by hand', async () => {
    const res = await request(t.http).get('/v1/oversight/stats?from=2026-01&to=2026-01').set(ombudsman.auth).expect(200);
    const reklame = res.body.find((r: { permitType: string }) => r.permitType === 'reklame');
    expect(reklame).toEqual({
      agency: 'dpmptsp-kota-contoh',
      permitType: 'reklame',
      month: '2026-01',
      decided: 3,
      onTime: 2,
      onTimeRate: 0.6667,
      medianWorkingDays: 1.5, // A 1.5, B 0.5 + 1.0, C 7.5
      p90WorkingDays: 6.3, // 1.5 + 0.8 * (7.5 - 1.5)
      avgStoppedCalendarDays: 0.67, // B stopped 2 days of 3 cases
      breaches: 1,
      escalations: 0,
      deemedApprovals: 0,
      deficiencyNoticesPerCase: 0.33,
      compensationOwed: 0,
      compensationCurrency: null,
    });
    expect(res.body.find((r: { permitType: string }) => r.permitType === 'ukl-upl')).toBeUndefined(); // still open
    await request(t.http).get('/v1/oversight/stats?from=2026-13&to=2026-01').set(ombudsman.auth).expect(400);
    await request(t.http).get('/v1/oversight/stats?from=2026-03&to=2026-01').set(ombudsman.auth).expect(400);
  });

  it('publishes aggregates only, withholding groups under five', async () => {
    const res = await request(t.http).get('/v1/public/stats?months=3').expect(200);
    const reklame = res.body.find((r: { permitType: string; month: string }) => r.permitType === 'reklame' && r.month === '2026-01');
    expect(reklame).toEqual({
      agency: 'dpmptsp-kota-contoh',
      permitType: 'reklame',
      month: '2026-01',
      publishedWorkingDays: 5,
      suppressed: true,
      decided: null,
      medianWorkingDays: null,
      onTimeRate: null,
      breaches: null,
    });
  });

  it('reads one case whole: clocks with their stops, assignments, documents, audit chain', async () => {
    const res = await request(t.http).get(`/v1/oversight/applications/${ids.B}`).set(ombudsman.auth).expect(200);
    const statutory = res.body.clocks.find((c: { kind: string }) => c.kind === 'statutory');
    expect(statutory).toMatchObject({ status: 'finished', stops: 1, consumedWorkingDays: 1.5, stoppedCalendarDays: 2 });
    expect(statutory.history.map((h: { kind: string }) => h.kind)).toEqual(['start', 'stop', 'resume', 'finish']);
    expect(statutory.history[1]).toMatchObject({ actorId: kotaVerifier.id, reason: 'foto titik reklame', remainingWorkingDays: 4.5 });
    expect(res.body.documents.length).toBeGreaterThan(0);
    expect(res.body.documents[0]).not.toHaveProperty('content');
    expect(res.body.auditChain).toMatchObject({ stream: `case:${ids.B}`, ok: true });
    expect(res.body.timeline.length).toBeGreaterThan(5);
    const escalated = await request(t.http).get(`/v1/oversight/applications/${ids.U}`).set(ombudsman.auth).expect(200);
    expect(escalated.body.assignments.map((a: { action: string }) => a.action)).toContain('escalated');
  });

  it('surfaces suspicion signals', async () => {
    const res = await request(t.http).get('/v1/oversight/signals').set(ombudsman.auth).expect(200);
    expect(res.body.maxDeficiencyNotices.map((r: { id: string }) => r.id)).toContain(ids.B); // reklame allows one
    expect(res.body).toHaveProperty('deficiencyNoticeInLastWorkingDay');
    expect(res.body).toHaveProperty('reassignedManyTimes');
  });

  it('takes complaints from the applicant, shows them to supervisors, and lets the ombudsman record findings', async () => {
    const filed = await request(t.http)
      .post(`/v1/applications/${ids.C}/complaints`)
      .set(applicant.auth)
      .send({ category: 'undue-delay', description: 'Izin terlambat tiga hari kerja dari standar pelayanan.' })
      .expect(201);
    expect(filed.body).toMatchObject({ status: 'received', category: 'undue-delay' });
    await request(t.http).post(`/v1/applications/${ids.C}/complaints`).set(other.auth).send({ category: 'undue-delay', description: 'bukan kasus saya sama sekali' }).expect(404);
    await request(t.http).post(`/v1/applications/${ids.C}/complaints`).set(applicant.auth).send({ category: 'rudeness', description: 'kategori yang tidak dikenal' }).expect(400);

    const mine = await request(t.http).get('/v1/complaints').set(kotaSupervisor.auth).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(filed.body.id);
    const theirs = await request(t.http).get('/v1/complaints').set(sulselSupervisor.auth).expect(200);
    expect(theirs.body.items).toHaveLength(0);
    await request(t.http).get('/v1/complaints').set(kotaVerifier.auth).expect(403);

    const handled = await request(t.http)
      .patch(`/v1/oversight/complaints/${filed.body.id}`)
      .set(ombudsman.auth)
      .send({ status: 'substantiated', findings: 'Terlambat 3 hari kerja; kompensasi sesuai standar.' })
      .expect(200);
    expect(handled.body).toMatchObject({ status: 'substantiated', handledBy: ombudsman.id });
    const timeline = await request(t.http).get(`/v1/applications/${ids.C}/timeline`).set(applicant.auth).expect(200);
    expect(timeline.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['complaint.filed', 'complaint.handled']));
  });

  it('sees every agency but changes nothing', async () => {
    const list = await request(t.http).get('/v1/applications?pageSize=100').set(ombudsman.auth).expect(200);
    const agencies = new Set(list.body.items.filter(ours).map((a: { agency: string }) => a.agency));
    expect(agencies).toEqual(new Set(['dpmptsp-kota-contoh', 'dlh-provinsi-sulsel']));
    const read = await request(t.http).get(`/v1/applications/${ids.U}`).set(ombudsman.auth).expect(200);
    const v = String(read.body.version);
    const writes: [string, string, Record<string, unknown>?][] = [
      ['post', `/v1/applications/${ids.U}/actions`, { action: 'accept', expectedVersion: Number(v) }],
      ['post', `/v1/applications/${ids.U}/claim`],
      ['post', `/v1/applications/${ids.U}/release`],
      ['post', `/v1/applications/${ids.U}/assign`, { assigneeId: ombudsman.id }],
      ['post', '/v1/applications', { permitType: 'reklame', form: {} }],
      ['patch', `/v1/applications/${ids.U}`, { form: {} }],
      ['post', `/v1/applications/${ids.U}/submit`],
      ['post', `/v1/applications/${ids.U}/complaints`, { category: 'undue-delay', description: 'ombudsman tidak mengadu' }],
      ['post', '/v1/admin/users', { email: 'x@y.test', password: 'long-enough-1', name: 'X', roles: ['admin'] }],
    ];
    for (const [method, path, body] of writes) {
      const res = await (method === 'post' ? request(t.http).post(path) : request(t.http).patch(path)).set(ombudsman.auth).send(body ?? {});
      expect([403, 404]).toContain(res.status);
    }
    const after = await request(t.http).get(`/v1/applications/${ids.U}`).set(ombudsman.auth).expect(200);
    expect(after.body.version).toBe(read.body.version);
  });

  it('is closed to officers, supervisors and applicants', async () => {
    for (const user of [kotaVerifier, kotaSupervisor, applicant]) {
      for (const path of ['/v1/oversight/overdue', `/v1/oversight/applications/${ids.A}`, '/v1/oversight/stats?from=2026-01&to=2026-01', '/v1/oversight/signals', '/v1/oversight/complaints']) {
        await request(t.http).get(path).set(user.auth).expect(403);
      }
    }
    await request(t.http).get('/v1/oversight/overdue').expect(401);
  });
});
