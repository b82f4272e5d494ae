import './support/api-only'; // first: this process serves HTTP only, the SLA worker runs apart
import { BullTimerQueue, timerJobId } from '@tenggat/sla';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { caseEvents, clockOf, dueIn, OwnRedis, sleep, waitFor, WorkerProcess, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const INTERVAL = 1000; // RECONCILE_INTERVAL_MS of the app and the workers
const SLACK = 1500;

/**
 * apps/worker as its own process, killed with SIGKILL while it is in the middle of flagging a
 * breach (its UPDATE waits on a row lock the test holds), then another one started: the breach
 * is flagged once, within one reconciler interval of the new worker being up, and the
 * escalation happens once.
 */
describe('a worker process killed in the middle of a job (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;
  const workers: WorkerProcess[] = [];
  const workerEnv = { RECONCILE_INTERVAL_MS: String(INTERVAL) };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    // the first worker boots while the API does (each takes seconds)
    const [app, first] = await Promise.all([
      createTestApp(withConfig({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: INTERVAL, DEMO_ENDPOINTS: true })),
      WorkerProcess.start(redis, workerEnv),
    ]);
    t = app;
    workers.push(first);
    admin = await createUser(t, { roles: ['admin'] });
    applicant = await registerApplicant(t.http);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await t?.close();
    await redis?.down();
    delete process.env.RUN_WORKERS;
  });

  it('kill -9 mid-job, start another: flagged and escalated exactly once', async () => {
    const [first] = workers;
    const beats = await redis.client((c) => c.hkeys(`${process.env.QUEUE_PREFIX}:workers:heartbeat`));
    expect(beats).toEqual([`sla-${first.pid}`]); // nobody else processes jobs here

    const { id } = await submitted(t, applicant, 'pbg');
    const due = await dueIn(t, admin, id, 2);

    // hold the clock row: the worker's guarded UPDATE (the deadline job, and its sweeps) waits on it
    const lock = t.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query('SELECT 1 FROM clocks WHERE id = $1 FOR UPDATE', [due.clockId]);
      await waitFor(
        async () =>
          (
            await t.db.query<{ pid: number }[]>(
              `SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE clocks SET breached_at%'`,
            )
          ).length > 0,
        'the worker to be in the middle of flagging the breach',
      );
      const job = await t.app.get(BullTimerQueue).queue.getJob(timerJobId({ applicationId: id, clockId: due.clockId, epoch: due.epoch, kind: 'deadline' }));
      expect(await job?.getState()).toBe('active');
      await first.kill();
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    await sleep(300); // the dead worker's transaction is rolled back, never committed
    expect((await clockOf(t, id)).breached_at).toBeNull();
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(0);

    const second = await WorkerProcess.start(redis, workerEnv);
    workers.push(second);
    const up = Date.now();
    const clock = await waitFor(async () => {
      const c = await clockOf(t, id);
      return c.breached_at ? c : null;
    }, 'the new worker to flag the breach');
    expect((clock.breached_at as Date).getTime() - up).toBeLessThanOrEqual(INTERVAL + SLACK);
    await sleep(3 * INTERVAL);
    expect(await caseEvents(t, id, 'sla.breached')).toHaveLength(1);
    expect(await caseEvents(t, id, 'escalated')).toHaveLength(1);
  });
});
