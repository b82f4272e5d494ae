import request from 'supertest';
import { createOmbudsman, registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { sleep, waitFor, withConfig } from './support/sla';
import { SseClient } from './support/sse';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh';
const OTHER = 'kementerian-investasi';

/** The live stream (server-sent events): who sees what, and resuming with Last-Event-ID. */
describe('notifications: live updates over server-sent events', () => {
  let t: TestApp;
  let applicant: TestUser;
  let stranger: TestUser;
  let verifier: TestUser;
  let approver: TestUser;
  let supervisor: TestUser;
  let foreign: TestUser;
  let ombudsman: TestUser;
  const clients: SseClient[] = [];

  const open = async (user: TestUser | null, headers: Record<string, string> = {}): Promise<SseClient> => {
    const c = await SseClient.open(t.http, '/v1/events/stream', { ...(user ? user.auth : {}), ...headers });
    clients.push(c);
    return c;
  };
  const typesFor = (c: SseClient, caseId: string): string[] => c.messages.filter((m) => m.data.caseId === caseId).map((m) => m.event);

  beforeAll(async () => {
    t = await createTestApp(withConfig({ RELAY_POLL_MS: 25 }));
    applicant = await registerApplicant(t.http);
    stranger = await registerApplicant(t.http);
    verifier = await staff(t, CITY, ['verifier']);
    approver = await staff(t, CITY, ['approver']);
    supervisor = await staff(t, CITY, ['supervisor']);
    foreign = await staff(t, OTHER, ['supervisor']);
    ombudsman = await createOmbudsman(t);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('each user sees the events of the cases they may see, as they happen, in order', async () => {
    const [mine, theirs, ver, appr, sup, other, omb] = await Promise.all([applicant, stranger, verifier, approver, supervisor, foreign, ombudsman].map((u) => open(u)));
    expect(mine.status).toBe(200);
    expect(mine.contentType).toMatch(/^text\/event-stream/);
    const { id } = await submitted(t, applicant, 'reklame');
    await waitFor(async () => typesFor(ver, id).length === 1, 'the verifier to see the submission', 10_000, 25);
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    await waitFor(async () => typesFor(appr, id).length === 1, 'the approver to see the case arrive', 10_000, 25);
    expect((await act(t, approver, id, { action: 'approve', comment: 'Memenuhi syarat' })).status).toBe(200);
    await waitFor(async () => typesFor(mine, id).length === 3 && typesFor(sup, id).length === 3 && typesFor(omb, id).length === 3, 'the decision', 10_000, 25);
    await sleep(200);

    expect(typesFor(mine, id)).toEqual(['application.submitted', 'application.transitioned', 'application.decided']);
    expect(typesFor(sup, id)).toEqual(typesFor(mine, id));
    expect(typesFor(omb, id)).toEqual(typesFor(mine, id));
    // the verifier works the case until it leaves verification; the approver from then on
    expect(typesFor(ver, id)).toEqual(['application.submitted', 'application.transitioned']);
    expect(typesFor(appr, id)).toEqual(['application.transitioned', 'application.decided']);
    expect(typesFor(theirs, id)).toEqual([]);
    expect(typesFor(other, id)).toEqual([]);
    // the message id is the feed position, and the data the envelope webhooks send
    const decided = mine.messages.find((m) => m.event === 'application.decided' && m.data.caseId === id);
    expect(decided?.id).toBe(decided?.data.position);
    expect(decided?.data.data).toMatchObject({ outcome: 'approved', permitNumber: expect.any(String) });
    const positions = mine.messages.map((m) => Number(m.id));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('a client reconnecting with Last-Event-ID first gets what it missed', async () => {
    const first = await open(applicant);
    const { id } = await submitted(t, applicant, 'reklame');
    await waitFor(async () => typesFor(first, id).length === 1, 'the submission', 10_000, 25);
    const lastSeen = first.messages[first.messages.length - 1].id;
    first.close();
    expect((await act(t, verifier, id, { action: 'request-documents', comment: 'kurang', missingDocuments: ['design'] })).status).toBe(200);
    expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
    await waitFor(async () => (await t.db.query('SELECT count(*)::int AS n FROM outbox_events WHERE position IS NULL'))[0].n === 0, 'dispatch', 10_000, 25);

    const again = await open(applicant, { 'Last-Event-ID': lastSeen });
    await waitFor(async () => typesFor(again, id).length === 2, 'the missed events', 10_000, 25);
    expect(typesFor(again, id)).toEqual(['application.deficiency-notice-sent', 'application.resubmitted']);
    expect(again.messages.every((m) => Number(m.id) > Number(lastSeen))).toBe(true);
  });

  it('refuses a stream without a login, and a malformed Last-Event-ID', async () => {
    await request(t.http).get('/v1/events/stream').expect(401);
    const bad = await open(applicant, { 'Last-Event-ID': 'yesterday' });
    expect(bad.status).toBe(400);
  });

  it("one channel: the staff inbox stream (GET /v1/queue/events) hears the dispatched events too, with the change as it commits", async () => {
    const inbox = await SseClient.open(t.http, '/v1/queue/events', supervisor.auth);
    clients.push(inbox);
    const foreignInbox = await SseClient.open(t.http, '/v1/queue/events', foreign.auth);
    clients.push(foreignInbox);
    const { id } = await submitted(t, applicant, 'reklame');
    // ids only on this stream: data is {id, kind}, kind the change or the event's type
    const kinds = (c: SseClient): string[] => c.messages.map((m) => m.data as unknown as { id: string; kind: string }).filter((d) => d.id === id).map((d) => d.kind);
    await waitFor(async () => kinds(inbox).includes('application.submitted'), 'the dispatched event on the inbox stream', 10_000, 25);
    expect(kinds(inbox)).toContain('submitted'); // published by the submit itself, before the relay dispatched
    expect(kinds(foreignInbox)).toEqual([]);
  });
});
