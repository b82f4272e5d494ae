import { CalendarRegistry } from '@tenggat/calendar-service';
import { Env } from '@tenggat/platform';
import { alarmJobId, BullTimerQueue, SlaJob, timerJobId } from '@tenggat/sla';
import fc from 'fast-check';
import request from 'supertest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { CaseBody, caseEvents, clockOf, dueIn, metric, scrape, TimelineEntry, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Real BullMQ timers in the API process: the demo endpoint puts a deadline a couple of seconds
 * ahead, the delayed job fires, and each breach policy applies exactly once.
 */
describe('SLA timers firing for real', () => {
  const config: Partial<Env> = { DEMO_ENDPOINTS: true };
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;
  let kotaSupervisor: TestUser;
  let kotaVerifier: TestUser;
  let kiSupervisor: TestUser;
  let kiVerifier: TestUser;

  beforeAll(async () => {
    t = await createTestApp(withConfig(config));
    admin = await createUser(t, { roles: ['admin'] });
    applicant = await registerApplicant(t.http);
    kotaSupervisor = await createUser(t, { roles: ['supervisor'], agency: 'dpmptsp-kota-contoh' });
    kotaVerifier = await createUser(t, { roles: ['verifier'], agency: 'dpmptsp-kota-contoh' });
    kiSupervisor = await createUser(t, { roles: ['supervisor'], agency: 'kementerian-investasi' });
    kiVerifier = await createUser(t, { roles: ['verifier'], agency: 'kementerian-investasi' });
  });
  afterAll(() => t.close());

  const view = async (id: string): Promise<CaseBody> => (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body as CaseBody;

  it('flags (reklame), escalates (pbg), approves by law (sertifikat-standar) and withdraws on a lapsed response window, each once', async () => {
    const before = await scrape(t);
    const flag = await submitted(t, applicant, 'reklame');
    const escalate = await submitted(t, applicant, 'pbg');
    const deemed = await submitted(t, applicant, 'sertifikat-standar');
    const lapse = await submitted(t, applicant, 'sertifikat-standar');
    const notice = await act(t, kiVerifier, lapse.id, { action: 'request-documents', comment: 'KKPR tidak terbaca', missingDocuments: ['kkpr'] });
    expect(notice.status).toBe(200);

    for (const c of [flag, escalate, deemed]) await dueIn(t, admin, c.id, 2);
    await dueIn(t, admin, lapse.id, 2, 'response');

    // wait for the real jobs: every case reaches its outcome
    await waitFor(async () => (await clockOf(t, flag.id)).breached_at, 'the reklame breach');
    await waitFor(async () => (await view(escalate.id)).flags.escalated, 'the pbg escalation');
    await waitFor(async () => (await view(deemed.id)).status === 'closed', 'the deemed approval');
    await waitFor(async () => (await view(lapse.id)).state === 'withdrawn', 'the lapse');

    // flag: marked breached (time, clock, how late), an event, nothing else moves
    const flagged = await view(flag.id);
    expect(flagged).toMatchObject({ state: 'verification', status: 'open', flags: { warned: true, breached: true, escalated: false } });
    const [breach] = await caseEvents(t, flag.id, 'sla.breached');
    expect(breach.actor_role).toBe('system');
    expect(breach.data).toMatchObject({ clock: 'statutory', policy: 'flag', lateMs: expect.any(Number) });

    // escalate: to a supervisor of the agency, top of the queue
    const escalated = await view(escalate.id);
    const supervisors = await t.db.query<{ id: string }[]>(`SELECT id FROM users WHERE agency_code = 'dpmptsp-kota-contoh' AND 'supervisor' = ANY(roles)`);
    expect(supervisors.map((s) => s.id)).toContain(escalated.assigneeId);
    const [{ priority }] = await t.db.query<{ priority: number }[]>('SELECT priority FROM applications WHERE id = $1', [escalate.id]);
    expect(priority).toBe(0);
    const queue = await request(t.http).get('/v1/queue').set(kotaSupervisor.auth).expect(200);
    const firstEscalated = (queue.body.items as { id: string; escalated: boolean }[]).findIndex((i) => i.id === escalate.id);
    expect(firstEscalated).toBeGreaterThanOrEqual(0);
    expect((queue.body.items as { escalated: boolean }[]).slice(0, firstEscalated).every((i) => i.escalated)).toBe(true);

    // deemed approval: approved by the system, permit marked, under post-issuance supervision
    const approved = await view(deemed.id);
    expect(approved).toMatchObject({ outcome: 'approved', permit: { deemedApproval: true }, flags: { breached: true, postIssuanceSupervision: true } });
    const [deemedEvent] = await caseEvents(t, deemed.id, 'deemed-approval');
    expect(deemedEvent.actor_role).toBe('system');
    const supervision = await request(t.http).get('/v1/supervision').query({ pageSize: 100 }).set(kiSupervisor.auth).expect(200);
    expect(supervision.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: deemed.id, deemedApproval: true, permitNumber: approved.permit?.permitNumber })]));
    const otherAgency = await request(t.http).get('/v1/supervision').set(kotaSupervisor.auth).expect(200);
    expect(otherAgency.body.items.map((i: { id: string }) => i.id)).not.toContain(deemed.id);
    await request(t.http).get('/v1/supervision').set(kiVerifier.auth).expect(403);

    // a lapsed response window withdraws the case as the system; it is not a breach
    const withdrawn = await view(lapse.id);
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn', flags: { breached: false } });
    const timeouts = await caseEvents(t, lapse.id, 'response-timeout');
    expect(timeouts.map((e) => e.actor_role)).toEqual(['system']);

    // exactly once each, even after the jobs and the reconciler had every chance to repeat
    await new Promise((r) => setTimeout(r, 1500));
    for (const c of [flag, escalate, deemed]) expect(await caseEvents(t, c.id, 'sla.breached')).toHaveLength(1);
    expect(await caseEvents(t, escalate.id, 'escalated')).toHaveLength(1);
    expect(await caseEvents(t, deemed.id, 'deemed-approval')).toHaveLength(1);
    expect(await caseEvents(t, lapse.id, 'sla.breached')).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM permits WHERE application_id = $1', [deemed.id])).toHaveLength(1);

    // and the metrics moved (at least by these cases: the run's database is shared with other test
    // files, whose past-due cases this app's reconciler may flag too; exactly-once is asserted
    // per case on the audit log above)
    const after = await scrape(t);
    const delta = (name: string, labels: Record<string, string> = {}): number => metric(after, name, labels) - metric(before, name, labels);
    for (const [agency, permitType] of [
      ['dpmptsp-kota-contoh', 'reklame'],
      ['dpmptsp-kota-contoh', 'pbg'],
      ['kementerian-investasi', 'sertifikat-standar'],
    ]) {
      expect(delta('tenggat_sla_breaches_total', { agency, permit_type: permitType, clock: 'statutory' })).toBeGreaterThanOrEqual(1);
      expect(delta('tenggat_sla_warnings_total', { agency, permit_type: permitType, clock: 'statutory' })).toBeGreaterThanOrEqual(1);
    }
    expect(delta('tenggat_timers_armed_total', { kind: 'deadline' })).toBeGreaterThanOrEqual(4);
    expect(delta('tenggat_timer_lag_seconds_count', { kind: 'deadline' })).toBeGreaterThanOrEqual(4);
  });

  it('records every stop and restart: who, why, when and the time remaining, on the timeline', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const stop = await act(t, kotaVerifier, id, { action: 'request-documents', comment: 'Surat persetujuan pemilik lahan belum ada', missingDocuments: ['owner-consent'] });
    expect(stop.status).toBe(200);
    expect(stop.body.clocks.find((c: { kind: string }) => c.kind === 'statutory')).toMatchObject({ status: 'stopped', stops: 1, deadline: null });
    expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);

    const timeline = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(applicant.auth).expect(200)).body as TimelineEntry[];
    const statutory = timeline.filter((e) => e.type === 'clock' && e.clock === 'statutory');
    expect(statutory.map((e) => e.action)).toEqual(['clock.start', 'clock.stop', 'clock.resume']);
    const [, stopped, resumed] = statutory;
    expect(stopped).toMatchObject({ actorId: kotaVerifier.id, actorRole: 'verifier', reason: 'Surat persetujuan pemilik lahan belum ada', deadline: null });
    expect(resumed).toMatchObject({ actorId: applicant.id, actorRole: 'applicant', reason: expect.any(String), deadline: expect.any(String) });
    expect(Date.parse(stopped.at)).toBeLessThanOrEqual(Date.parse(resumed.at));
    // never from zero: what remained at the stop is what the restart runs with
    expect(resumed.remainingWorkingDays).toBe(stopped.remainingWorkingDays);
    expect(stopped.remainingWorkingDays).toBeLessThanOrEqual(5);
  });

  it('a late job of an old epoch (after a stop and restart) does nothing; the current one flags once', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const queue = t.app.get(BullTimerQueue).queue;
    const old = await dueIn(t, admin, id, 1);
    // the clock stops and restarts before its deadline: two new epochs, the old jobs removed
    expect((await act(t, kotaVerifier, id, { action: 'request-documents', comment: 'Desain buram', missingDocuments: ['design'] })).status).toBe(200);
    expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
    const current = await clockOf(t, id);
    expect(current.epoch).toBe(old.epoch + 2);
    const oldJob = { applicationId: id, clockId: old.clockId, epoch: old.epoch, kind: 'deadline' as const };
    expect(await queue.getJob(timerJobId(oldJob))).toBeUndefined();

    // a job of the old epoch that removal missed fires after the old deadline has passed
    const lateDelay = Math.max(0, Date.parse(old.deadline) - Date.now()) + 300;
    const late = await queue.add(SlaJob.ClockDue, { clockId: old.clockId, epoch: old.epoch, kind: 'deadline' }, { jobId: `${timerJobId(oldJob)}.late`, delay: lateDelay });
    const done = await waitFor(async () => ((await late.isCompleted()) ? await queue.getJob(late.id as string) : null), 'the late job');
    expect(done?.returnvalue).toBe(false);
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(0);
    expect((await clockOf(t, id)).breached_at).toBeNull();
    expect((await view(id)).flags.breached).toBe(false);

    // the current epoch still breaches, once, however many copies of its job arrive
    const now = await dueIn(t, admin, id, 1);
    const dup = { applicationId: id, clockId: now.clockId, epoch: now.epoch, kind: 'deadline' as const };
    const copies = [
      await queue.add(SlaJob.ClockDue, { clockId: now.clockId, epoch: now.epoch, kind: 'deadline' }, { jobId: `${timerJobId(dup)}.copy`, delay: 1500 }),
      await queue.add(SlaJob.ClockDue, { clockId: old.clockId, epoch: old.epoch, kind: 'deadline' }, { jobId: `${timerJobId(oldJob)}.late2`, delay: 1500 }),
    ];
    await waitFor(async () => (await clockOf(t, id)).breached_at, 'the current breach');
    for (const c of copies) await waitFor(() => c.isCompleted(), `copy ${c.id} to run`);
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
  });

  it('an alarm that fires before its instant (another clock running behind) waits for it instead of completing', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const queue = t.app.get(BullTimerQueue).queue;
    const due = await dueIn(t, admin, id, 4);
    const real = alarmJobId({ kind: 'deadline', dueAt: new Date(due.deadline) });
    expect(await queue.getJob(real)).toBeDefined(); // one alarm for the instant, not one job per case
    await queue.remove(real);
    const early = await queue.add(SlaJob.DueInstant, { kind: 'deadline', at: Date.parse(due.deadline) }, { jobId: `${real}.early`, delay: 0 });
    const flagged = await waitFor(async () => (await clockOf(t, id)).breached_at, 'the breach');
    expect(flagged.getTime()).toBeGreaterThanOrEqual(Date.parse(due.deadline));
    await waitFor(() => early.isCompleted(), 'the early alarm to complete');
    expect((await queue.getJob(early.id as string))?.returnvalue).toBeGreaterThanOrEqual(1); // it flagged, not the reconciler
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
  });

  it('a per-clock job of before coalescing that fires early waits for its instant too', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const queue = t.app.get(BullTimerQueue).queue;
    const due = await dueIn(t, admin, id, 4);
    await queue.remove(alarmJobId({ kind: 'deadline', dueAt: new Date(due.deadline) }));
    const real = timerJobId({ applicationId: id, clockId: due.clockId, epoch: due.epoch, kind: 'deadline' });
    const early = await queue.add(SlaJob.ClockDue, { clockId: due.clockId, epoch: due.epoch, kind: 'deadline' }, { jobId: `${real}.early`, delay: 0 });
    const flagged = await waitFor(async () => (await clockOf(t, id)).breached_at, 'the breach');
    expect(flagged.getTime()).toBeGreaterThanOrEqual(Date.parse(due.deadline));
    await waitFor(() => early.isCompleted(), 'the early job to complete');
    expect((await queue.getJob(early.id as string))?.returnvalue).toBe(true);
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
  });

  it('a calendar file changed in config is recomputed when a process starts, by the system, on the record', async () => {
    const calendarId = 'id-national-wit';
    const registry = t.app.get(CalendarRegistry);
    const original = (await registry.record(calendarId))!;
    expect(original.origin).toBe('config'); // no admin has taken it over yet in this run
    const { id } = await submitted(t, applicant, 'siup-perikanan');
    const before = await clockOf(t, id);
    const cal = await registry.get(calendarId);
    const leaveDay = cal.localDate(before.deadline_at as Date);
    const year = Number(leaveDay.slice(0, 4));
    const dir = await mkdtemp(join(tmpdir(), 'tenggat-config-'));
    await cp('config', dir, { recursive: true });
    const file = join(dir, 'calendars', `${calendarId}.yaml`);
    const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    doc.years = { [year]: { official: cal.isOfficialYear(year), source: 'SKB cuti bersama (uji)', collectiveLeave: [{ date: leaveDay, name: 'Cuti bersama (uji)' }] } };
    await writeFile(file, stringify(doc));
    const restarted = await createTestApp(withConfig({ ...config, CONFIG_DIR: dir }));
    try {
      const after = await clockOf(t, id);
      expect(after.deadline_at?.toISOString()).toBe(cal.deadline(before.deadline_at as Date, 1).deadline.toISOString());
      expect(after.epoch).toBe(before.epoch + 1);
      const audit = await t.db.query<{ actor_role: string; data: Record<string, unknown> }[]>(
        `SELECT actor_role, data FROM audit_events WHERE stream = 'config' AND action = 'calendar.reloaded' AND entity_id = $1`,
        [calendarId],
      );
      expect(audit).toEqual([expect.objectContaining({ actor_role: 'system', data: expect.objectContaining({ changedCalendars: [calendarId] }) })]);
    } finally {
      await restarted.close();
      await rm(dir, { recursive: true, force: true });
      // put the shipped calendar back for whatever else runs against this database
      await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send(parse(original.source)).expect(200);
    }
    expect((await clockOf(t, id)).deadline_at?.toISOString()).toBe(before.deadline_at?.toISOString());
  });

  it('publishing a calendar with a collective-leave day in an open window moves that deadline one working day later, re-armed and audited', async () => {
    const calendarId = 'id-national-wit'; // siup-perikanan (dpmptsp-provinsi-papua): no other test relies on it
    const registry = t.app.get(CalendarRegistry);
    const original = (await registry.record(calendarId))!;
    const { id } = await submitted(t, applicant, 'siup-perikanan');
    const before = await clockOf(t, id);
    // another case on the calendar has already breached: its deadline is history and stays
    const late = await submitted(t, applicant, 'siup-perikanan');
    await dueIn(t, admin, late.id, 1);
    const breached = await waitFor(async () => {
      const c = await clockOf(t, late.id);
      return c.breached_at ? c : null;
    }, 'the other case to breach');
    const cal = await registry.get(calendarId);
    const leaveDay = cal.localDate(before.deadline_at as Date); // the deadline's own working day becomes leave
    const year = Number(leaveDay.slice(0, 4));
    const doc = parse(original.source) as Record<string, unknown>;
    doc.years = { ...(doc.years ?? {}), [year]: { official: cal.isOfficialYear(year), source: 'SKB cuti bersama (uji)', collectiveLeave: [{ date: leaveDay, name: 'Cuti bersama (uji)' }] } };

    const configEvents = async (): Promise<number> =>
      (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_events WHERE stream = 'config' AND entity_id = $1`, [calendarId]))[0].n;
    const eventsBefore = await configEvents();

    // refused: not an admin; a broken document (400 with field paths, nothing changes)
    await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(kiSupervisor.auth).send(doc).expect(403);
    const broken = { ...doc, years: { [year]: { official: 'ya', collectiveLeave: [{ date: `${year}-02-30`, name: '' }] } } };
    const bad = await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send(broken).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([`years.${year}.official`, `years.${year}.collectiveLeave[0].date`, `years.${year}.collectiveLeave[0].name`]),
    );
    await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send([doc]).expect(400);
    const wrongId = await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send({ ...doc, id: 'sulsel' }).expect(400);
    expect(wrongId.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    expect((await registry.record(calendarId))?.revision).toBe(original.revision);
    expect(await configEvents()).toBe(eventsBefore);

    try {
      const res = await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send(doc).expect(200);
      expect(res.body).toMatchObject({ id: calendarId, revision: original.revision + 1, changedCalendars: [calendarId], addedNonWorkingDays: [leaveDay], removedNonWorkingDays: [] });
      expect(res.body.movedClocks).toBeGreaterThanOrEqual(1);

      const after = await clockOf(t, id);
      const expected = (await registry.get(calendarId)).deadline(before.deadline_at as Date, 1).deadline; // end of the next working day
      expect(after.deadline_at?.toISOString()).toBe(expected.toISOString());
      expect(after.epoch).toBe(before.epoch + 1);
      const stillLate = await clockOf(t, late.id);
      expect(stillLate.deadline_at?.toISOString()).toBe(breached.deadline_at?.toISOString());
      expect(stillLate.epoch).toBe(breached.epoch);
      // the case shows it, the queue orders by it
      expect((await view(id)).deadline).toBe(expected.toISOString());
      const [row] = await t.db.query<{ statutory_deadline_at: Date; next_deadline_at: Date }[]>('SELECT statutory_deadline_at, next_deadline_at FROM applications WHERE id = $1', [id]);
      expect(row.statutory_deadline_at.toISOString()).toBe(expected.toISOString());
      expect(row.next_deadline_at.getTime()).toBeLessThanOrEqual(expected.getTime());
      // an alarm armed for the new instant (the old instant's alarm, shared, finds this clock not due: a no-op)
      const q = t.app.get(BullTimerQueue).queue;
      expect(await q.getJob(alarmJobId({ kind: 'deadline', dueAt: after.deadline_at as Date }))).toBeDefined();
      // on the timeline and on the audit log
      const timeline = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(applicant.auth).expect(200)).body as { action: string; reason?: string }[];
      expect(timeline.find((e) => e.action === 'clock.recompute')?.reason).toContain(calendarId);
      const audit = await t.db.query<{ actor_id: string; data: Record<string, unknown> }[]>(
        `SELECT actor_id, data FROM audit_events WHERE stream = 'config' AND action = 'calendar.published' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [calendarId],
      );
      expect(await configEvents()).toBe(eventsBefore + 1);
      expect(audit[0]).toMatchObject({ actor_id: admin.id, data: { addedNonWorkingDays: [leaveDay], revision: original.revision + 1 } });
    } finally {
      // put the calendar back for whatever else runs against this database
      await request(t.http).put(`/v1/admin/calendars/${calendarId}`).set(admin.auth).send(parse(original.source)).expect(200);
    }
    expect((await clockOf(t, id)).deadline_at?.toISOString()).toBe(before.deadline_at?.toISOString());
  });

  it('bad input to the SLA endpoints is a 4xx problem and changes nothing (property)', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const epoch = (await clockOf(t, id)).epoch;
    const published = async (): Promise<number> => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_events WHERE stream = 'config'`))[0].n;
    const audits = await published();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.object().map((o) => JSON.stringify(o))), fc.jsonValue(), async (calendarBody, demoBody) => {
        const cal = await request(t.http).put('/v1/admin/calendars/uji-acak').set(admin.auth).set('content-type', 'application/json').send(calendarBody);
        expect([400, 413]).toContain(cal.status);
        expect(cal.headers['content-type']).toContain('application/problem+json');
        const demo = await request(t.http).post(`/v1/demo/applications/${id}/clock`).set(admin.auth).send(JSON.stringify(demoBody)).set('content-type', 'application/json');
        if (demo.status === 200) {
          accepted++; // a valid body, by chance: {remainingSeconds: n}
          return;
        }
        expect(demo.status).toBeGreaterThanOrEqual(400);
        expect(demo.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    expect(await published()).toBe(audits);
    expect((await t.app.get(CalendarRegistry).record('uji-acak'))).toBeNull();
    expect((await clockOf(t, id)).epoch).toBe(epoch + accepted);
  });

  it('the demo endpoint is for admins, checks its input, and is off unless DEMO_ENDPOINTS=true', async () => {
    const { id } = await submitted(t, applicant, 'reklame');
    const post = (user: TestUser, body: unknown, caseId = id) => request(t.http).post(`/v1/demo/applications/${caseId}/clock`).set(user.auth).send(body as object);
    await post(kotaSupervisor, { remainingSeconds: 60 }).expect(403);
    for (const body of [{}, { remainingSeconds: 0 }, { remainingSeconds: 'soon' }, { remainingSeconds: 60, clock: 'cosmic' }, { remainingSeconds: 60, extra: 1 }]) {
      const res = await post(admin, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await post(admin, { remainingSeconds: 60 }, '00000000-0000-4000-8000-000000000000').expect(404);
    await post(admin, { remainingSeconds: 60 }, 'not-a-uuid').expect(400);
    await post(admin, { remainingSeconds: 60, clock: 'response' }).expect(409); // no response window is running
    const before = await clockOf(t, id);
    config.DEMO_ENDPOINTS = false;
    try {
      const off = await post(admin, { remainingSeconds: 60 }).expect(404);
      expect(off.body.code).toBe('demo-endpoints-disabled');
    } finally {
      config.DEMO_ENDPOINTS = true;
    }
    expect((await clockOf(t, id)).epoch).toBe(before.epoch); // nothing changed by any refusal
    const ok = await post(admin, { remainingSeconds: 3600 }).expect(200);
    expect(Date.parse(ok.body.deadline) - Date.now()).toBeGreaterThan(3_590_000);
    const adjusted = (await request(t.http).get(`/v1/applications/${id}/timeline`).set(applicant.auth).expect(200)).body as { action: string; actorRole: string }[];
    expect(adjusted.filter((e) => e.action === 'clock.adjust' || e.action === 'sla.clock-adjusted').map((e) => e.actorRole)).toEqual(['admin', 'admin']);
  });
});
