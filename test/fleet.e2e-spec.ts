import './support/api-only'; // first: the test's own app serves HTTP only; the fleet runs the timers
import { ApiProcess } from './support/api-process';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { caseEvents, metric, OwnRedis, sleep, waitFor, WorkerProcess, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const INTERVAL = 2000; // RECONCILE_INTERVAL_MS everywhere
const PER_POLICY = 6; // cases per breach policy in the burst

interface ProcessReport {
  status: string;
  process: { role: string; runsWorkers: boolean; pid: number };
}

async function json<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

async function sweepsScheduled(workers: WorkerProcess[]): Promise<number> {
  let sum = 0;
  for (const w of workers) sum += metric(await (await fetch(`${w.url}/metrics`)).text(), 'tenggat_reconciler_sweeps_total', { trigger: 'scheduled' });
  return sum;
}

/**
 * Many processes, one truth: 2 API processes and 3 worker processes (child processes, as
 * deployed) on one Postgres and one Redis of the test's own. A burst of cases of every breach
 * policy falls due at one instant; one worker is killed with SIGKILL as it falls due. Every
 * case is flagged exactly once and its policy carried out exactly once; the reconciler's
 * schedule runs once per interval across the whole fleet, not once per worker.
 */
describe('a fleet: 2 API processes and 3 workers (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start();
    const env = { REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: String(INTERVAL), RUN_WORKERS: 'false', DEMO_ENDPOINTS: 'true', LOG_LEVEL: 'info' };
    const [app, ...fleet] = await Promise.all([
      createTestApp(withConfig({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: INTERVAL, DEMO_ENDPOINTS: true })),
      ApiProcess.spawn(env),
      ApiProcess.spawn(env),
    ]);
    t = app;
    apis.push(...(fleet as ApiProcess[]));
    await Promise.all(apis.map((a) => a.listening(180_000)));
    // one at a time: three ts-node boots at once on two cores take longer than starting them in turn
    for (let i = 0; i < 3; i++) workers.push(await WorkerProcess.start(redis, { RECONCILE_INTERVAL_MS: String(INTERVAL) }, 180_000));
    admin = await createUser(t, { roles: ['admin'] });
    applicant = await registerApplicant(t.http);
  }, 900_000);

  afterAll(async () => {
    for (const w of workers) await w.kill();
    for (const a of apis) {
      a.proc.kill('SIGKILL');
      await a.exited;
    }
    await t?.close();
    await redis?.down();
    delete process.env.RUN_WORKERS;
  });

  it('each process says what it is: API processes serve the API, workers their own health and /metrics', async () => {
    for (const a of apis) {
      const live = await json<ProcessReport>(`${a.url}/health/live`);
      expect(live).toMatchObject({ status: 200, body: { status: 'ok', process: { role: 'api', runsWorkers: false } } });
    }
    for (const w of workers) {
      const live = await json<ProcessReport>(`${w.url}/health/live`);
      expect(live).toMatchObject({ status: 200, body: { status: 'ok', process: { role: 'worker', runsWorkers: true, pid: w.pid } } });
      const ready = await json<{ status: string; info: Record<string, { status: string }> }>(`${w.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
      const metrics = await (await fetch(`${w.url}/metrics`)).text();
      expect(metrics).toContain('tenggat_reconciler_sweeps_total');
      expect(metrics).toContain('process_cpu_seconds_total');
      expect((await fetch(`${w.url}/v1/permit-types`)).status).toBe(404); // a worker serves no API
    }
    const health = await json<{ workers: { status: string; workers: string[] } }>(`${apis[0].url}/health`);
    expect(health.body.workers.status).toBe('up');
    expect(health.body.workers.workers.sort()).toEqual(workers.map((w) => `sla-${w.pid}`).sort());
  });

  it('a burst due at one instant, one worker killed as it falls due: every case flagged once, every policy once', async () => {
    const cases: { id: string; code: string }[] = [];
    for (const code of ['reklame', 'pbg', 'sertifikat-standar']) {
      for (let i = 0; i < PER_POLICY; i++) cases.push({ id: (await submitted(t, applicant, code)).id, code });
    }
    // the same instant for all, through both API processes in turn
    const dueAt = Date.now() + 8000;
    await Promise.all(
      cases.map(async (c, i) => {
        const api = apis[i % apis.length];
        const res = await fetch(`${api.url}/v1/demo/applications/${c.id}/clock`, {
          method: 'POST',
          headers: { ...admin.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ remainingSeconds: Math.max(1, Math.round((dueAt - Date.now()) / 1000)) }),
        });
        expect(res.status).toBe(200);
      }),
    );
    while (Date.now() < dueAt) await sleep(50);
    await workers[0].kill(); // mid-burst: whatever it took is cut off

    await waitFor(
      async () => {
        const [{ n }] = await t.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM clocks WHERE application_id = ANY($1) AND kind = 'statutory' AND breached_at IS NOT NULL`,
          [cases.map((c) => c.id)],
        );
        return n === cases.length;
      },
      'every case of the burst to be flagged',
      60_000,
      250,
    );
    await waitFor(
      async () => {
        const rows = await t.db.query<{ id: string }[]>(`SELECT id FROM applications WHERE id = ANY($1) AND status = 'closed'`, [
          cases.filter((c) => c.code === 'sertifikat-standar').map((c) => c.id),
        ]);
        return rows.length === PER_POLICY;
      },
      'the deemed approvals',
      60_000,
      250,
    );
    await sleep(2 * INTERVAL); // room for a doubled flag or policy to show up
    for (const c of cases) {
      const breached = await caseEvents(t, c.id, 'sla.breached');
      expect(breached).toHaveLength(1);
      expect(await caseEvents(t, c.id, 'escalated')).toHaveLength(c.code === 'pbg' ? 1 : 0);
      expect(await caseEvents(t, c.id, 'deemed-approval')).toHaveLength(c.code === 'sertifikat-standar' ? 1 : 0);
    }
    const early = await t.db.query<{ id: string }[]>(
      `SELECT id FROM clocks WHERE application_id = ANY($1) AND kind = 'statutory' AND breached_at < deadline_at`,
      [cases.map((c) => c.id)],
    );
    expect(early).toEqual([]); // never early
    const permits = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM permits WHERE application_id = ANY($1)`, [cases.map((c) => c.id)]);
    expect(permits[0].n).toBe(PER_POLICY);
  });

  it('the reconciler runs once per interval across the fleet, not once per worker', async () => {
    const alive = workers.slice(1);
    const before = await sweepsScheduled(alive);
    await sleep(5 * INTERVAL);
    const ran = (await sweepsScheduled(alive)) - before;
    // 5 intervals: 5 scheduled sweeps (one either side for the window's edges), never one per worker (10)
    expect(ran).toBeGreaterThanOrEqual(4);
    expect(ran).toBeLessThanOrEqual(6);
  });
});
