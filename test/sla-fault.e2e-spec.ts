import { Logger } from '@nestjs/common';
import { CaseActionsService } from '@tenggat/applications';
import { alarmJobId, BullTimerQueue } from '@tenggat/sla';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { blockedOn, CaseBody, caseEvents, chainsVerify, clockOf, dueIn, dueTogether, metric, OwnRedis, scrape, sleep, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const INTERVAL = 1000; // RECONCILE_INTERVAL_MS for this file
const SLACK = 1500; // scheduling, polling and a slow CI machine

/**
 * Fault tests against a Redis of this file's own (never the shared one): it starts with an
 * evicting policy (the warning at start is checked), then is emptied and restarted while
 * timers are armed, and an enqueue is lost after its commit. Every due breach is flagged
 * exactly once, within one reconciler interval of its deadline.
 */
describe('SLA timers survive Redis faults (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;
  let supervisor: TestUser;
  let startWarnings: string[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start(['--maxmemory-policy', 'allkeys-lru']);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      t = await createTestApp(withConfig({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: INTERVAL, DEMO_ENDPOINTS: true }));
      startWarnings = warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
    await redis.client((c) => c.config('SET', 'maxmemory-policy', 'noeviction'));
    admin = await createUser(t, { roles: ['admin'] });
    applicant = await registerApplicant(t.http);
    supervisor = await createUser(t, { roles: ['supervisor'], agency: 'dpmptsp-kota-contoh' });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.down();
  });

  /** The breach of `id` is on record exactly once, flagged within one interval of its deadline. */
  async function flaggedOnce(id: string): Promise<void> {
    const clock = await waitFor(async () => {
      const c = await clockOf(t, id);
      return c.breached_at ? c : null;
    }, `the breach of ${id}`);
    const late = (clock.breached_at as Date).getTime() - (clock.deadline_at as Date).getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThanOrEqual(INTERVAL + SLACK);
    await sleep(2 * INTERVAL); // every sweep and retry that could repeat it has had its chance
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
  }

  it('warns loudly at start when Redis may evict timers', () => {
    expect(startWarnings.some((w) => /REDIS MAY EVICT SLA TIMERS.*maxmemory-policy is "allkeys-lru"/.test(w))).toBe(true);
  });

  it('Redis emptied (FLUSHALL) while timers are armed: the reconciler restores its schedule and re-arms, the breach is flagged once', async () => {
    const before = await scrape(t);
    const { id } = await submitted(t, applicant, 'reklame');
    const due = await dueIn(t, admin, id, 3);
    expect(await t.app.get(BullTimerQueue).queue.getJob(alarmJobId({ kind: 'deadline', dueAt: new Date(due.deadline) }))).toBeDefined();

    await redis.client((c) => c.flushall());
    expect(await redis.client((c) => c.dbsize())).toBe(0);

    await flaggedOnce(id);
    const after = await scrape(t);
    const caught = (what: string): number => metric(after, 'tenggat_reconciler_catches_total', { what }) - metric(before, 'tenggat_reconciler_catches_total', { what });
    expect(caught('schedule-restored')).toBeGreaterThanOrEqual(1);
    expect(caught('rearmed') + caught('late-flag')).toBeGreaterThanOrEqual(1);
    expect(await redis.client((c) => c.exists(`${process.env.QUEUE_PREFIX}:sla-timers:repeat:reconciler`))).toBe(1);
  });

  it('Redis emptied between the alarm and the batch: the batch commits, nothing is lost or doubled', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await submitted(t, applicant, i % 2 ? 'pbg' : 'reklame')).id);
    const at = new Date(Date.now() + 2000);
    const lock = t.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      // the alarm has fired and its batch is under way (it waits on a stream the test holds) ...
      await lock.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`case:${ids[0]}`]);
      await dueTogether(t, ids, at);
      await blockedOn(t, 'SELECT count(pg_advisory_xact_lock', 'the alarm to be in the middle of its batch');
      // ... when Redis loses everything: the alarm's job and its lock with it
      await redis.client((c) => c.flushall());
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    for (const id of ids) await flaggedOnce(id);
    for (const [i, id] of ids.entries()) expect(await caseEvents(t, id, 'escalated')).toHaveLength(i % 2 ? 1 : 0);
    expect(await chainsVerify(t, ids)).toBe(true);
  });

  it('Redis restarted (its data lost) while a deadline passes: flagged from Postgres meanwhile, once; timers work again after', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    await dueIn(t, admin, id, 2);
    await redis.down();
    try {
      await flaggedOnce(id); // the deadline passes while Redis is down
      expect(await caseEvents(t, id, 'escalated')).toHaveLength(1);
    } finally {
      await redis.up();
    }
    // back up: the schedule is restored and a fresh timer fires for real
    const next = await submitted(t, applicant, 'pbg');
    await dueIn(t, admin, next.id, 2);
    await flaggedOnce(next.id);
    expect(await caseEvents(t, next.id, 'escalated')).toHaveLength(1);
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1); // the commands queued during the outage changed nothing
    const queue = await request(t.http).get('/v1/queue').set(supervisor.auth).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([id, next.id]));
  });

  it('a crash between the commit and the enqueue, and another between the flag and the deemed approval: both finished by the reconciler, once', async () => {
    const { id } = await submitted(t, applicant, 'sertifikat-standar');
    const queue = t.app.get(BullTimerQueue).queue;
    const actions = t.app.get(CaseActionsService);
    // the process "dies" after committing the new deadline, before its jobs reach Redis ...
    const lost = jest.spyOn(queue, 'addBulk').mockRejectedValueOnce(new Error('process died before the enqueue'));
    // ... and once more right after the breach flag commits, before the deemed approval
    const crash = jest.spyOn(actions, 'deemApproveMany').mockRejectedValueOnce(new Error('process died after the flag'));
    try {
      const due = await dueIn(t, admin, id, 2);
      expect(lost).toHaveBeenCalledTimes(1);
      expect(await queue.getJob(alarmJobId({ kind: 'deadline', dueAt: new Date(due.deadline) }))).toBeUndefined();
      await flaggedOnce(id);
      const view = await waitFor(async () => {
        const v = (await request(t.http).get(`/v1/applications/${id}`).set(applicant.auth).expect(200)).body as CaseBody;
        return v.status === 'closed' ? v : null;
      }, 'the deemed approval');
      expect(crash).toHaveBeenCalled();
      expect(view).toMatchObject({ outcome: 'approved', permit: { deemedApproval: true }, flags: { postIssuanceSupervision: true } });
      await sleep(2 * INTERVAL);
      expect(await caseEvents(t, id, 'deemed-approval')).toHaveLength(1);
      expect(await t.db.query('SELECT 1 FROM permits WHERE application_id = $1', [id])).toHaveLength(1);
    } finally {
      lost.mockRestore();
      crash.mockRestore();
    }
  });
});
