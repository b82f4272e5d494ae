import './support/api-only'; // first: this process serves HTTP only; the relay runs in apps/worker
import request from 'supertest';
import { createAdmin, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { OwnRedis, sleep, waitFor, WorkerProcess, withConfig } from './support/sla';
import { SseClient } from './support/sse';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const CITY = 'dpmptsp-kota-contoh';

/**
 * The relay as deployed, in apps/worker, against the test's own redis-server: killed with
 * SIGKILL between sending a webhook and recording it, and Redis flushed under it. Postgres holds
 * the outbox, so nothing is lost, and a redelivery carries the same webhook-id.
 */
describe('notifications: the relay killed mid-delivery, Redis flushed (own redis-server)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let admin: TestUser;
  let applicant: TestUser;
  let receiver: WebhookReceiver;
  const workers: WorkerProcess[] = [];
  const workerEnv = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', RELAY_POLL_MS: '25', WEBHOOK_TIMEOUT_MS: '60000', WEBHOOK_RETRY_BASE_MS: '50' };

  const deliveriesOf = async (eventId: string): Promise<{ status: string; attempts: number }[]> =>
    t.db.query('SELECT status, attempts FROM webhook_deliveries WHERE event_id = $1 ORDER BY id', [eventId]);

  beforeAll(async () => {
    redis = await OwnRedis.start();
    receiver = await WebhookReceiver.start();
    const [app, first] = await Promise.all([
      createTestApp(withConfig({ REDIS_URL: redis.url, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' })),
      WorkerProcess.start(redis, workerEnv),
    ]);
    t = app;
    workers.push(first);
    admin = await createAdmin(t);
    applicant = await registerApplicant(t.http);
    const sub = await request(t.http).post('/v1/webhooks/subscriptions').set(admin.auth).send({ url: receiver.url, agency: CITY, eventTypes: ['application.submitted'] });
    expect(sub.status).toBe(201);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await receiver?.close();
    await t?.close();
    await redis?.down();
    delete process.env.RUN_WORKERS;
  });

  it('kill -9 after the receiver got the webhook but before it was recorded: redelivered with the same id, once recorded', async () => {
    receiver.hold = true;
    const { id } = await submitted(t, applicant, 'reklame');
    const [event] = await t.db.query<{ id: string }[]>(`SELECT id FROM outbox_events WHERE case_id = $1 AND type = 'application.submitted'`, [id]);
    await waitFor(async () => receiver.arrived.some((x) => x.id === event.id), 'the webhook to reach the receiver', 20_000, 50);
    await workers[0].kill(); // the receiver has it; the relay never heard the answer
    receiver.drop();
    await sleep(200);
    expect(await deliveriesOf(event.id)).toEqual([{ status: 'pending', attempts: 0 }]);

    workers.push(await WorkerProcess.start(redis, workerEnv));
    await waitFor(async () => receiver.accepted.some((x) => x.id === event.id), 'the redelivery', 20_000, 50);
    expect(receiver.arrived.filter((x) => x.id === event.id).length).toBeGreaterThanOrEqual(2);
    expect(new Set(receiver.arrived.filter((x) => x.event.caseId === id).map((x) => x.id))).toEqual(new Set([event.id]));
    await waitFor(async () => (await deliveriesOf(event.id))[0]?.status === 'delivered', 'the delivery to be recorded', 5_000, 50);
    expect(await deliveriesOf(event.id)).toEqual([{ status: 'delivered', attempts: 1 }]);
  });

  it('flushing Redis loses nothing: the outbox is in Postgres', async () => {
    const cases: string[] = [];
    for (let i = 0; i < 3; i++) {
      cases.push((await submitted(t, applicant, 'reklame')).id);
      await redis.client((c) => c.flushall());
    }
    const events = await t.db.query<{ id: string }[]>(`SELECT id FROM outbox_events WHERE case_id = ANY($1::uuid[]) AND type = 'application.submitted'`, [cases]);
    expect(events).toHaveLength(3);
    await waitFor(async () => events.every((e) => receiver.accepted.some((x) => x.id === e.id)), 'every event after the flush', 20_000, 50);
  });

  it('the live stream of this API process is fed by the relay in the worker process (Redis pub/sub)', async () => {
    const stream = await SseClient.open(t.http, '/v1/events/stream', applicant.auth);
    try {
      const { id } = await submitted(t, applicant, 'reklame');
      await waitFor(async () => stream.messages.some((m) => m.data.caseId === id), 'the event over the live stream', 20_000, 50);
      expect(stream.messages.find((m) => m.data.caseId === id)?.event).toBe('application.submitted');
    } finally {
      stream.close();
    }
  });
});
