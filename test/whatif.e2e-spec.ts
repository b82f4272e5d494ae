import { ReconcilerService } from '@tenggat/enforcement';
import { WhatIfExecutor, WhatIfHistoryReadModel, WhatIfRunRepository, WhatIfService } from '@tenggat/whatif-service';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdmin, createOmbudsman, createUser, registerApplicant, TestUser } from './support/auth';
import { act, replaceNoticed, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * What-if runs on real cases made through the API, with time injected: sertifikat-standar
 * (10 working days, deemed approval; id-national, WIB), submitted on Monday 6 July 2026 (no
 * holiday from 17 June to 17 August: working days are the weekdays, 10 of them end on 20 July).
 */
const wib = (local: string): Date => new Date(`${local}+07:00`);
const FIVE_DAYS = readFileSync(join(__dirname, '..', 'config', 'permit-types', 'sertifikat-standar.yaml'), 'utf8')
  .replace('processingTime: {workingDays: 10}', 'processingTime: {workingDays: 5}')
  .replace('sla: {workingDays: 7}', 'sla: {workingDays: 3}')
  .replace('sla: {workingDays: 3}\n  approved', 'sla: {workingDays: 2}\n  approved');

interface RunBody {
  id: string;
  status: string;
  progress: { done: number; total: number | null };
  totals?: { cases: number; replayed: number; misfits: number; unreplayable: number; mismatches: number; gaps: number };
}
interface Side {
  cases: number;
  breaches: number;
  deemedApprovals: number;
  decided: number;
}

describe('what-if runs (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let ombudsman: TestUser;
  let applicant: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  const ids: Record<string, string> = {};

  const at = (local: string): void => t.clock.set(wib(local));
  const ok = async (user: TestUser, id: string, body: Record<string, unknown>): Promise<void> => {
    const res = await act(t, user, id, body);
    if (res.status !== 200) throw new Error(`${body.action as string} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };

  /** Starts a run and waits for its job. */
  const run = async (user: TestUser, body: Record<string, unknown>): Promise<RunBody> => {
    const res = await request(t.http).post('/v1/whatif/runs').set(user.auth).send(body);
    expect(res.status).toBe(202);
    const id = (res.body as RunBody).id;
    await t.app.get(WhatIfService).settled(id);
    return (await request(t.http).get(`/v1/whatif/runs/${id}`).set(user.auth).expect(200)).body as RunBody;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t.app);
    ombudsman = await createOmbudsman(t.app);
    applicant = await registerApplicant(t.http);
    verifier = await createUser(t.app, { roles: ['verifier'], agency: 'kementerian-investasi' });
    approver = await createUser(t.app, { roles: ['approver'], agency: 'kementerian-investasi' });

    at('2026-07-06T10:00');
    for (const name of ['A', 'B', 'C', 'D']) ids[name] = (await submitted(t, applicant, 'sertifikat-standar')).id;
    at('2026-07-07T10:00');
    await ok(verifier, ids.B, { action: 'verify', comment: 'lengkap' });
    await ok(verifier, ids.C, { action: 'request-documents', comment: 'KKPR tidak terbaca', missingDocuments: ['kkpr'] });
    at('2026-07-08T10:00');
    await ok(verifier, ids.A, { action: 'verify', comment: 'lengkap' });
    at('2026-07-09T10:00');
    await ok(approver, ids.B, { action: 'approve', comment: 'disetujui' });
    at('2026-07-10T09:00'); // the answer to the notice (uploaded anew) before the resubmission
    await replaceNoticed(t, applicant, ids.C);
    at('2026-07-10T10:00');
    await ok(applicant, ids.C, { action: 'resubmit' });
    at('2026-07-14T10:00');
    await ok(verifier, ids.C, { action: 'verify', comment: 'lengkap' });
    at('2026-07-15T10:00'); // A's 7th working day
    await ok(approver, ids.A, { action: 'approve', comment: 'disetujui' });
    at('2026-07-16T10:00');
    await ok(approver, ids.C, { action: 'approve', comment: 'disetujui' });
    // D is never acted on: its deadline (the end of 20 July) passes and the engine approves it by law
    at('2026-07-21T09:00');
    await t.app.get(ReconcilerService).sweep();
    const [d] = await t.db.query<{ status: string; post_issuance_supervision: boolean }[]>('SELECT status, post_issuance_supervision FROM applications WHERE id = $1', [ids.D]);
    expect(d).toEqual({ status: 'closed', post_issuance_supervision: true });
    at('2026-07-27T10:00');
  });
  afterAll(() => t.close());

  it('self-consistency: replaying the period under the rules in force reproduces every recorded outcome', async () => {
    const body = await run(ombudsman, { from: '2026-07-06', to: '2026-07-06' });
    expect(body).toMatchObject({ status: 'done', progress: { done: 4, total: 4 } });
    expect(body.totals).toEqual({ cases: 4, replayed: 4, misfits: 0, unreplayable: 0, gaps: 0, mismatches: 0 });
    const report = (await request(t.http).get(`/v1/whatif/runs/${body.id}/report`).set(ombudsman.auth).expect(200)).body as {
      groups: { actual: Side; proposal: Side }[];
      cliffs: { date: string; actual: number; proposal: number }[];
    };
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0].actual).toMatchObject({ cases: 4, decided: 4, breaches: 1, deemedApprovals: 1 });
    expect(report.groups[0].proposal).toEqual(report.groups[0].actual);
  });

  it('10 -> 5 working days: A (approved on its 7th working day) and D would breach and be approved by law', async () => {
    const body = await run(admin, { from: '2026-07-01', to: '2026-07-31', proposal: FIVE_DAYS });
    expect(body.totals).toMatchObject({ cases: 4, replayed: 4, mismatches: 0 });
    const res = await request(t.http).get(`/v1/whatif/runs/${body.id}/report`).set(admin.auth).expect(200);
    const g = (res.body as { groups: { month: string; actual: Side; proposal: Side }[] }).groups;
    expect(g).toEqual([
      expect.objectContaining({
        month: '2026-07',
        actual: expect.objectContaining({ breaches: 1, deemedApprovals: 1 }),
        proposal: expect.objectContaining({ breaches: 2, deemedApprovals: 2 }),
      }),
    ]);

    const csv = await request(t.http).get(`/v1/whatif/runs/${body.id}/report`).set(admin.auth).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = csv.text.trim().split('\n');
    expect(header.split(',').slice(0, 5)).toEqual(['agency', 'permitType', 'month', 'casesActual', 'casesProposal']);
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
    expect(cells).toMatchObject({ agency: 'kementerian-investasi', breachesActual: '1', breachesProposal: '2', deemedApprovalsProposal: '2' });
    const again = await request(t.http).get(`/v1/whatif/runs/${body.id}/report.csv`).set(admin.auth).expect(200);
    expect(again.text).toBe(csv.text);
  });

  it('a proposed holiday on 15 July moves each deadline cliff after it by one working day', async () => {
    const body = await run(admin, { from: '2026-07-06', to: '2026-07-06', calendar: { calendar: 'id-national', add: [{ date: '2026-07-15', name: 'Libur usulan' }] } });
    const report = (await request(t.http).get(`/v1/whatif/runs/${body.id}/report`).set(admin.auth).expect(200)).body as { cliffs: { date: string; actual: number; proposal: number }[] };
    // A, B and D fall due at the end of 20 July; C, stopped from 7 to 10 July, at the end of 23 July
    expect(report.cliffs.map((c) => [c.date, c.actual, c.proposal])).toEqual([
      ['2026-07-20', 3, 0],
      ['2026-07-21', 0, 3],
      ['2026-07-23', 1, 0],
      ['2026-07-24', 0, 1],
    ]);
  });

  it('refuses a proposal workflow:check refuses, with the path of each fault, and writes nothing', async () => {
    const [{ n: before }] = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM whatif_runs');
    const bad = FIVE_DAYS.replace('sla: {workingDays: 3}\n  deficient', 'sla: {workingDays: 4}\n  deficient');
    const res = await request(t.http).post('/v1/whatif/runs').set(admin.auth).send({ from: '2026-07-01', to: '2026-07-31', proposal: bad });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'invalid-proposal', errors: [expect.objectContaining({ field: 'proposal.processingTime.workingDays' })] });
    const cal = await request(t.http).post('/v1/whatif/runs').set(admin.auth).send({ from: '2026-07-01', to: '2026-07-31', calendar: { calendar: 'id-national', remove: ['2026-07-15'] } });
    expect(cal.status).toBe(422);
    expect(cal.body).toMatchObject({ code: 'invalid-calendar-change', errors: [expect.objectContaining({ field: 'calendar.remove[0]' })] });
    const period = await request(t.http).post('/v1/whatif/runs').set(admin.auth).send({ from: '2026-07-31', to: '2026-07-01' });
    expect(period.status).toBe(400);
    const share = await request(t.http).post('/v1/whatif/runs').set(admin.auth).send({ from: '2026-07-01', to: '2026-07-31', warningShare: 1.5 });
    expect(share.status).toBe(400);
    const [{ n: after }] = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM whatif_runs');
    expect(after).toBe(before);
  });

  it('admins and the ombudsman only', async () => {
    const body = { from: '2026-07-01', to: '2026-07-31' };
    await request(t.http).post('/v1/whatif/runs').set(applicant.auth).send(body).expect(403);
    await request(t.http).post('/v1/whatif/runs').set(verifier.auth).send(body).expect(403);
    await request(t.http).post('/v1/whatif/runs').send(body).expect(401);
    await request(t.http).get('/v1/whatif/runs/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
  });

  it('a run is cancellable while queued or running; its report is then refused; cancelling twice is a conflict', async () => {
    const runs = t.app.get(WhatIfRunRepository);
    const queued = await runs.create({ from: '2026-07-01', to: '2026-07-31' }, null, admin.id, t.clock.now());
    const cancelled = await request(t.http).delete(`/v1/whatif/runs/${queued.id}`).set(ombudsman.auth).expect(200);
    expect(cancelled.body).toMatchObject({ id: queued.id, status: 'cancelled' });
    // the runner finds it cancelled and does nothing
    const executor = new WhatIfExecutor(runs, t.app.get(WhatIfHistoryReadModel), () => t.clock.now(), 0.8);
    expect(await executor.execute(queued.id)).toBeNull();
    await request(t.http).get(`/v1/whatif/runs/${queued.id}/report`).set(admin.auth).expect(409);
    const twice = await request(t.http).post(`/v1/whatif/runs/${queued.id}/cancel`).set(admin.auth).expect(409);
    expect(twice.body).toMatchObject({ code: 'whatif-run-finished' });

    // cancelled while running: the runner stops at its next beat
    const running = await runs.create({ from: '2026-07-01', to: '2026-07-31' }, null, admin.id, t.clock.now());
    const stopping = new WhatIfExecutor(runs, t.app.get(WhatIfHistoryReadModel), () => t.clock.now(), 0.8);
    const beats: number[] = [];
    const report = await stopping.execute(running.id, (done) => {
      beats.push(done);
      if (done === 0) void runs.cancel(running.id, t.clock.now());
    });
    expect(report).toBeNull();
    expect(((await request(t.http).get(`/v1/whatif/runs/${running.id}`).set(admin.auth).expect(200)).body as RunBody).status).toBe('cancelled');
  });
});
