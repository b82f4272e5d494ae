import './support/api-only'; // first: this process serves HTTP only, the SLA worker runs apart
import { alarmJobId, BullTimerQueue, SlaJob } from '@tenggat/sla';
import { registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { blockedOn, caseEvents, chainsVerify, clockOf, dueTogether, OwnRedis, sleep, waitFor, WorkerProcess, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const INTERVAL = 1000; // RECONCILE_INTERVAL_MS of the app and the workers
const SLACK = 1500;

jest.setTimeout(240_000); // worker processes take their time to start on a busy machine

/**
 * apps/worker as its own process, killed with SIGKILL in the middle of a batch (it has flagged
 * the clocks of an instant, uncommitted, and waits on an audit stream lock the test holds), then
 * another one started: every breach is flagged once, within one reconciler interval of the new
 * worker being up, and each escalation happens once. Then two workers take the same instant.
 */
describe('a worker process killed in the middle of a job (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let applicant: TestUser;
  const workers: WorkerProcess[] = [];
  const workerEnv = { RECONCILE_INTERVAL_MS: String(INTERVAL) };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    // the first worker boots while the API does (each takes seconds)
    const [app, first] = await Promise.all([
      createTestApp(withConfig({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: INTERVAL, DEMO_ENDPOINTS: true })),
      WorkerProcess.start(redis, workerEnv, 120_000),
    ]);
    t = app;
    workers.push(first);
    applicant = await registerApplicant(t.http);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await t?.close();
    await redis?.down();
    delete process.env.RUN_WORKERS;
  });

  it('kill -9 halfway through a batch, start another: every case of the instant flagged and escalated exactly once', async () => {
    const [first] = workers;
    const beats = await redis.client((c) => c.hkeys(`${process.env.QUEUE_PREFIX}:workers:heartbeat`));
    expect(beats).toEqual([`sla-${first.pid}`]); // nobody else processes jobs here

    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submitted(t, applicant, 'pbg')).id);
    const at = new Date(Date.now() + 2000);

    // hold one case's audit stream: the worker's batch has flagged the clocks (uncommitted) and
    // waits here, in the middle, before it writes the events
    const lock = t.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`case:${ids[1]}`]);
      await dueTogether(t, ids, at);
      await blockedOn(t, 'SELECT count(pg_advisory_xact_lock', 'the worker to be in the middle of a batch');
      const job = await t.app.get(BullTimerQueue).queue.getJob(alarmJobId({ kind: 'deadline', dueAt: at }));
      expect(await job?.getState()).toBe('active');
      await first.kill();
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    await sleep(300); // the dead worker's transaction is rolled back, never committed
    for (const id of ids) {
      expect((await clockOf(t, id)).breached_at).toBeNull();
      expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(0);
    }

    // two new workers (the next test has both take one instant)
    const [second, third] = await Promise.all([WorkerProcess.start(redis, workerEnv, 120_000), WorkerProcess.start(redis, workerEnv, 120_000)]);
    workers.push(second, third);
    const up = Date.now();
    for (const id of ids) {
      const clock = await waitFor(async () => {
        const c = await clockOf(t, id);
        return c.breached_at ? c : null;
      }, 'the new worker to flag the breach');
      expect((clock.breached_at as Date).getTime() - up).toBeLessThanOrEqual(INTERVAL + SLACK);
      expect((clock.breached_at as Date).getTime()).toBeGreaterThanOrEqual(at.getTime());
    }
    await sleep(3 * INTERVAL);
    for (const id of ids) {
      expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
      expect(await caseEvents(t, id, 'escalated')).toHaveLength(1);
    }
    expect(await chainsVerify(t, ids)).toBe(true);
  });

  it('two workers take the same instant: each case flagged once, its events once, its chain intact', async () => {
    expect(workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null)).toHaveLength(2);
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await submitted(t, applicant, i % 2 ? 'pbg' : 'reklame')).id);
    const at = new Date(Date.now() + 2500);
    await dueTogether(t, ids, at);
    // copies of the instant's alarm, so that both processes take it at once
    const queue = t.app.get(BullTimerQueue).queue;
    for (let k = 0; k < 6; k++) await queue.add(SlaJob.DueInstant, { kind: 'deadline', at: at.getTime() }, { jobId: `${alarmJobId({ kind: 'deadline', dueAt: at })}.copy${k}`, delay: at.getTime() - Date.now() });
    for (const id of ids) await waitFor(async () => (await clockOf(t, id)).breached_at, `the breach of ${id}`);
    await sleep(3 * INTERVAL);
    for (const [i, id] of ids.entries()) {
      const c = await clockOf(t, id);
      expect((c.breached_at as Date).getTime()).toBeGreaterThanOrEqual(at.getTime());
      expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
      expect(await caseEvents(t, id, 'escalated')).toHaveLength(i % 2 ? 1 : 0);
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clock_events WHERE clock_id = $1 AND kind = 'breach'`, [c.id]);
      expect(n).toBe(1);
    }
    expect(await chainsVerify(t, ids)).toBe(true);
  });
});
