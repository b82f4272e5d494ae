import request from 'supertest';
import { createOmbudsman, registerApplicant, TestUser } from './support/auth';
import { act, draftComplete, submitted } from './support/cases';
import { DAY_MS, fireDueTimers, onlyMine, QueueItem, staff, submittedAt, wholeQueue } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh'; // pbg and reklame
const MINISTRY = 'kementerian-investasi'; // sertifikat-standar

/**
 * The queue is shared with every other test of the run, so each assertion looks only at this
 * file's cases (their relative order, their presence) or at properties every row must have.
 */
describe('officer queue: GET /v1/queue', () => {
  let t: TestApp;
  let applicant: TestUser;
  let supervisor: TestUser;
  let verifier: TestUser;
  let reviewer: TestUser;
  let ministryVerifier: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    supervisor = await staff(t, CITY, ['supervisor']);
    verifier = await staff(t, CITY, ['verifier']);
    reviewer = await staff(t, CITY, ['reviewer']);
    ministryVerifier = await staff(t, MINISTRY, ['verifier']);
  });
  afterAll(() => t.close());

  const item = (items: QueueItem[], id: string): QueueItem => {
    const found = items.find((i) => i.id === id);
    if (!found) throw new Error(`case ${id} is not in the queue`);
    return found;
  };

  describe('who sees what', () => {
    let inVerification: string;
    let inReview: string;
    let draft: string;
    let withdrawn: string;
    let ministryCase: string;

    beforeAll(async () => {
      inVerification = (await submitted(t, applicant, 'pbg')).id;
      inReview = (await submitted(t, applicant, 'pbg')).id;
      expect((await act(t, verifier, inReview, { action: 'accept' })).status).toBe(200);
      draft = (await draftComplete(t, applicant, 'pbg')).id;
      withdrawn = (await submitted(t, applicant, 'reklame')).id;
      expect((await act(t, applicant, withdrawn, { action: 'withdraw' })).status).toBe(200);
      ministryCase = (await submitted(t, applicant, 'sertifikat-standar')).id;
    });

    it('shows an officer only open cases of their agency in the states their roles work on', async () => {
      const mine = [inVerification, inReview, draft, withdrawn, ministryCase];
      const v = await wholeQueue(t, verifier);
      expect(onlyMine(v, mine)).toEqual([inVerification]);
      // verifiers of the city work pbg "submitted" and reklame "verification", nothing else
      for (const i of v) expect(`${i.permitType}/${i.state}`).toMatch(/^(pbg\/submitted|reklame\/verification)$/);

      const r = await wholeQueue(t, reviewer);
      expect(onlyMine(r, mine)).toEqual([inReview]);
      for (const i of r) expect(`${i.permitType}/${i.state}`).toBe('pbg/technical-review');

      const m = await wholeQueue(t, ministryVerifier);
      expect(onlyMine(m, mine)).toEqual([ministryCase]);
      for (const i of m) expect(i.permitType).toBe('sertifikat-standar');
    });

    it('shows a supervisor every open case of the agency, and nothing of another agency', async () => {
      const s = await wholeQueue(t, supervisor);
      expect(onlyMine(s, [inVerification, inReview, draft, withdrawn, ministryCase]).sort()).toEqual([inVerification, inReview].sort());
      for (const i of s) expect(['pbg', 'reklame']).toContain(i.permitType);
    });

    it('is for staff only', async () => {
      await request(t.http).get('/v1/queue').set(applicant.auth).expect(403);
      await request(t.http).get('/v1/queue').set((await createOmbudsman(t)).auth).expect(403);
      await request(t.http).get('/v1/queue').expect(401);
    });
  });

  describe('order, remaining working time and flags', () => {
    const now = (): number => Date.now();
    let escalated: string; // pbg, 70 days old: statutory breached, escalated
    let breached: string; // reklame, 80 days old: statutory breached, policy "flag" only
    let freshReklame: string; // state SLA 2 working days
    let freshPbg: string; // state SLA 3 working days
    let statutorySooner: string; // pbg in technical-review (20 wd) with only a few statutory days left

    beforeAll(async () => {
      escalated = await submittedAt(t, applicant, 'pbg', new Date(now() - 70 * DAY_MS));
      breached = await submittedAt(t, applicant, 'reklame', new Date(now() - 80 * DAY_MS));
      freshReklame = (await submitted(t, applicant, 'reklame')).id;
      freshPbg = (await submitted(t, applicant, 'pbg')).id;
      statutorySooner = await submittedAt(t, applicant, 'pbg', new Date(now() - 30 * DAY_MS));
      t.clock.set(new Date(now() - DAY_MS));
      try {
        expect((await act(t, verifier, statutorySooner, { action: 'accept' })).status).toBe(200);
      } finally {
        t.clock.reset();
      }
      for (const id of [escalated, breached, freshReklame, freshPbg, statutorySooner]) await fireDueTimers(t, id);
    });

    it('puts escalated cases first, then the nearest deadline (statutory or state SLA, whichever is sooner)', async () => {
      const s = await wholeQueue(t, supervisor);
      expect(onlyMine(s, [freshPbg, statutorySooner, freshReklame, breached, escalated])).toEqual([
        escalated, // priority: escalated, although its deadline is later than the reklame's
        breached,
        freshReklame,
        freshPbg,
        statutorySooner,
      ]);
      // officers see the same order for the cases in their states
      expect(onlyMine(await wholeQueue(t, verifier), [freshPbg, freshReklame, breached, escalated])).toEqual([escalated, breached, freshReklame, freshPbg]);
    });

    it('shows remaining working days of the nearest deadline and of the statutory clock', async () => {
      const s = await wholeQueue(t, supervisor);
      // a clock started today counts from tomorrow: its whole budget remains
      expect(item(s, freshReklame)).toMatchObject({ remainingWorkingDays: 2, statutoryRemainingWorkingDays: 5, clockStopped: false });
      expect(item(s, freshPbg)).toMatchObject({ remainingWorkingDays: 3, statutoryRemainingWorkingDays: 28 });

      const sooner = item(s, statutorySooner);
      expect(sooner.state).toBe('technical-review');
      expect(sooner.nextDeadline).toBe(sooner.statutoryDeadline);
      expect(sooner.remainingWorkingDays).toBe(sooner.statutoryRemainingWorkingDays);
      expect(sooner.remainingWorkingDays).toBeGreaterThan(0);
      expect(sooner.remainingWorkingDays).toBeLessThan(19); // the state's own 20-day SLA is further away

      // the queue agrees with the case view's exact working time
      const view = await request(t.http).get(`/v1/applications/${statutorySooner}`).set(supervisor.auth).expect(200);
      const statutory = view.body.clocks.find((c: { kind: string }) => c.kind === 'statutory');
      expect(sooner.statutoryRemainingWorkingDays).toBeCloseTo(statutory.remainingWorkingDays, 1);
    });

    it('flags warnings, breaches and escalations, with overdue time as negative working days', async () => {
      const s = await wholeQueue(t, supervisor);
      expect(item(s, escalated)).toMatchObject({ warned: true, breached: true, stateSlaBreached: true, escalated: true });
      expect(item(s, escalated).remainingWorkingDays).toBeLessThan(0);
      expect(item(s, breached)).toMatchObject({ warned: true, breached: true, escalated: false });
      expect(item(s, breached).statutoryRemainingWorkingDays).toBeLessThan(0);
      expect(item(s, freshPbg)).toMatchObject({ warned: false, breached: false, stateSlaBreached: false, escalated: false });
    });

    it('filters by permit type, state and flag', async () => {
      const mine = [escalated, breached, freshReklame, freshPbg, statutorySooner];
      const reklame = await wholeQueue(t, supervisor, { permitType: 'reklame' });
      expect(onlyMine(reklame, mine)).toEqual([breached, freshReklame]);
      for (const i of reklame) expect(i.permitType).toBe('reklame');

      const review = await wholeQueue(t, supervisor, { state: 'technical-review' });
      expect(onlyMine(review, mine)).toEqual([statutorySooner]);
      for (const i of review) expect(i.state).toBe('technical-review');

      const flaggedBreached = await wholeQueue(t, supervisor, { flagged: 'breached' });
      expect(onlyMine(flaggedBreached, mine)).toEqual([escalated, breached]);
      for (const i of flaggedBreached) expect(i.breached).toBe(true);

      const flaggedEscalated = await wholeQueue(t, supervisor, { flagged: 'escalated' });
      expect(onlyMine(flaggedEscalated, mine)).toEqual([escalated]);
      for (const i of flaggedEscalated) expect(i.escalated).toBe(true);

      const warned = await wholeQueue(t, supervisor, { flagged: 'warned' });
      expect(onlyMine(warned, mine)).toEqual(expect.arrayContaining([escalated, breached]));
      expect(onlyMine(warned, mine)).not.toContain(freshPbg);
      for (const i of warned) expect(i.warned).toBe(true);
    });
  });

  describe('assigned filter and pagination', () => {
    let officer: TestUser;
    const held: string[] = [];
    let loose: string;

    beforeAll(async () => {
      officer = await staff(t, CITY, ['verifier']);
      for (const code of ['reklame', 'pbg', 'reklame', 'pbg', 'pbg']) {
        const { id } = await submitted(t, applicant, code);
        await request(t.http).post(`/v1/applications/${id}/claim`).set(officer.auth).expect(200);
        held.push(id);
      }
      loose = (await submitted(t, applicant, 'reklame')).id;
    });

    it('assigned=me lists exactly the cases the caller holds; unassigned only cases nobody holds', async () => {
      const me = await wholeQueue(t, officer, { assigned: 'me' });
      expect(me.map((i) => i.id).sort()).toEqual([...held].sort());
      for (const i of me) expect(i.assigneeId).toBe(officer.id);

      const unassigned = await wholeQueue(t, officer, { assigned: 'unassigned' });
      expect(onlyMine(unassigned, [...held, loose])).toEqual([loose]);
      for (const i of unassigned) expect(i.assigneeId).toBeNull();
    });

    it('pages through a stable order', async () => {
      const all = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 100 }).expect(200);
      expect(all.body.total).toBe(5);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 2, page }).expect(200);
        expect(res.body).toMatchObject({ page, pageSize: 2, total: 5 });
        pages.push(...res.body.items.map((i: QueueItem) => i.id));
      }
      expect(pages).toEqual(all.body.items.map((i: QueueItem) => i.id));
      const beyond = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 2, page: 4 }).expect(200);
      expect(beyond.body.items).toEqual([]);
    });

    it('pages by cursor (after = nextCursor) through the same order, and says the count is exact', async () => {
      const all = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 100 }).expect(200);
      expect(all.body).toMatchObject({ total: 5, totalIsExact: true, nextCursor: null });
      const ids: string[] = [];
      let after: string | undefined;
      for (let n = 0; n < 3; n++) {
        const res = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 2, ...(after ? { after } : {}) }).expect(200);
        expect(res.body).toMatchObject({ total: 5, totalIsExact: true });
        ids.push(...res.body.items.map((i: QueueItem) => i.id));
        after = res.body.nextCursor ?? undefined;
        if (n < 2) expect(typeof res.body.nextCursor).toBe('string');
        else expect(res.body.nextCursor).toBeNull(); // a last page that is not full
      }
      expect(ids).toEqual(all.body.items.map((i: QueueItem) => i.id));
      // an offset page's cursor continues where it ends
      const second = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 2, page: 2 }).expect(200);
      const third = await request(t.http).get('/v1/queue').set(officer.auth).query({ assigned: 'me', pageSize: 2, after: second.body.nextCursor }).expect(200);
      expect(third.body.items.map((i: QueueItem) => i.id)).toEqual(ids.slice(4));
    });

    it.each([
      ['not base64url', '!!!'],
      ['not JSON', Buffer.from('nope').toString('base64url')],
      ['the wrong keys', Buffer.from(JSON.stringify(['x', null, 'not-a-uuid'])).toString('base64url')],
    ])('refuses a cursor that is %s with a 400 problem', async (_name, after) => {
      const res = await request(t.http).get('/v1/queue').set(officer.auth).query({ after }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it.each([
      ['pageSize=0', { pageSize: 0 }],
      ['pageSize=101', { pageSize: 101 }],
      ['page=abc', { page: 'abc' }],
      ['assigned=someone', { assigned: 'someone' }],
      ['flagged=yes', { flagged: 'yes' }],
      ['an unknown parameter', { sort: 'name' }],
    ])('refuses %s with a 400 problem', async (_name, query) => {
      const res = await request(t.http).get('/v1/queue').set(officer.auth).query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });
});
