import { ReadReplica } from '@tenggat/platform';
import { runMigrations } from '@tenggat/schema';
import { Client } from 'pg';
import request from 'supertest';
import { createUser, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { OwnPostgresReplica } from './support/pg-replica';
import { clockOf, dueIn, waitFor, withConfig } from './support/sla';
import { createTestApp, TestApp } from './support/test-app';

const DB = 'tenggat_replica_test';

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string }>;
}

/**
 * A real streaming replica (pg_basebackup from a primary of the test's own): the oversight list
 * is read from it while it is caught up; a case the user just changed is read from the primary;
 * a replica that lags beyond REPLICA_MAX_LAG_MS, or goes away, is no longer read from, and
 * /health says so.
 */
describe('a read replica (own primary and replica, pg_basebackup)', () => {
  let pg: OwnPostgresReplica;
  let t: TestApp;
  let admin: TestUser;
  let ombudsman: TestUser;
  let applicant: TestUser;
  const overrides = { REPLICA_MAX_LAG_MS: 60_000 };

  const overdueIds = async (): Promise<string[]> =>
    ((await request(t.http).get('/v1/oversight/overdue?pageSize=100').set(ombudsman.auth).expect(200)).body.items as { id: string }[]).map((i) => i.id);
  const dashboardOverdue = async (): Promise<number> =>
    ((await request(t.http).get('/v1/oversight/dashboard').set(ombudsman.auth).expect(200)).body as { figures: { openOverdue: number } }).figures.openOverdue;
  const health = async (): Promise<HealthBody> => (await request(t.http).get('/health')).body as HealthBody;
  const replica = (): ReadReplica => t.app.get(ReadReplica);

  /** A case of its own, made overdue (breach flagged on the primary by the in-process workers). */
  async function overdueCase(): Promise<string> {
    const { id } = await submitted(t, applicant, 'reklame');
    await dueIn(t, admin, id, 1);
    await waitFor(async () => (await clockOf(t, id)).breached_at, 'the breach', 20_000);
    return id;
  }

  beforeAll(async () => {
    pg = await OwnPostgresReplica.start();
    const admin0 = new Client({ connectionString: pg.url('primary', 'postgres') });
    await admin0.connect();
    await admin0.query(`CREATE DATABASE ${DB}`);
    await admin0.end();
    await runMigrations(pg.url('primary', DB));
    t = await createTestApp(
      withConfig({
        DATABASE_URL: pg.url('primary', DB),
        DATABASE_REPLICA_URL: pg.url('replica', DB),
        DEMO_ENDPOINTS: true,
        RECONCILE_INTERVAL_MS: 1000,
        get REPLICA_MAX_LAG_MS() {
          return overrides.REPLICA_MAX_LAG_MS;
        },
      }),
    );
    admin = await createUser(t, { roles: ['admin'] });
    ombudsman = await createUser(t, { roles: ['ombudsman'] });
    applicant = await registerApplicant(t.http);
    await pg.caughtUp(DB);
    await replica().probe();
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await pg?.down();
  });

  it('reads the oversight list from the replica while it is caught up; a case just changed is read from the primary', async () => {
    expect(replica().inUse).toBe(true);
    expect((await health()).components.readReplica).toEqual({ status: 'up' });
    const before = await overdueCase();
    await pg.caughtUp(DB);
    expect(await overdueIds()).toContain(before);
    const overdueBefore = await dashboardOverdue();

    // replay paused: the replica stops moving, within the allowed lag it is still read from
    await pg.sql('replica', DB, 'SELECT pg_wal_replay_pause()');
    const during = await overdueCase();
    await replica().probe();
    expect(replica().inUse).toBe(true);
    expect(await overdueIds()).not.toContain(during); // the list comes from the (paused) replica
    expect(await dashboardOverdue()).toBe(overdueBefore); // and so does the dashboard
    const csv = await request(t.http).get('/v1/oversight/overdue.csv').set(ombudsman.auth).expect(200);
    expect(csv.text).toContain(before);
    expect(csv.text).not.toContain(during); // and the CSV export, streamed from the replica's cursor
    await request(t.http).get('/v1/public/stats').expect(200); // the statistics' roll-ups too
    // ... while the case itself, just changed, is read from the primary
    const view = await request(t.http).get(`/v1/applications/${during}`).set(applicant.auth).expect(200);
    expect(view.body).toMatchObject({ id: during, status: 'open' });

    // beyond REPLICA_MAX_LAG_MS: reads fall back to the primary and /health says why
    overrides.REPLICA_MAX_LAG_MS = 100;
    await new Promise((r) => setTimeout(r, 300));
    await replica().probe();
    expect(replica().inUse).toBe(false);
    expect(await overdueIds()).toContain(during);
    expect(await dashboardOverdue()).toBe(overdueBefore + 1);
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.components.readReplica.status).toBe('down');
    expect(h.components.readReplica.message).toMatch(/behind the primary .*reads on the primary/);

    // replay resumed and caught up: the replica is used again
    overrides.REPLICA_MAX_LAG_MS = 60_000;
    await pg.sql('replica', DB, 'SELECT pg_wal_replay_resume()');
    await pg.caughtUp(DB);
    await replica().probe();
    expect(replica().inUse).toBe(true);
    expect(await overdueIds()).toContain(during);
  });

  it('a replica that goes away: reads fall back to the primary at once, /health says so', async () => {
    const id = await overdueCase();
    await pg.ctl('replica', 'stop');
    // no probe in between: the first query that fails on the replica is answered by the primary
    expect(await overdueIds()).toContain(id);
    expect(replica().inUse).toBe(false);
    await replica().probe();
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.components.readReplica).toMatchObject({ status: 'down', message: expect.stringMatching(/unreachable.*reads on the primary/) });
    await request(t.http).get('/health/ready').expect(200); // a missing replica never makes the API unready

    await pg.ctl('replica', 'start');
    await pg.caughtUp(DB);
    await replica().probe();
    expect(replica().inUse).toBe(true);
  });
});
