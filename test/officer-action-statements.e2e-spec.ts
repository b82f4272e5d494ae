import { AuditService } from '@tenggat/audit';
import { RequestContext } from '@tenggat/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, submitted } from './support/cases';
import { staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

type QueryFn = (this: unknown, sql: string, params?: unknown[], ...rest: unknown[]) => Promise<unknown>;

/**
 * Issue 12: one officer action (a full transition: the state clocks finished and started, the
 * audit event, the outbox row, the timers) sends at most 8 statements to Postgres, BEGIN and
 * COMMIT included: the user (guard), the case with its clocks, documents and permit, START, the
 * guarded UPDATE with the deadlines, the clock steps and events, the audit lock and head, the
 * audit event with its outbox row, COMMIT. The answer is built from what the transaction wrote,
 * and is what a GET answers right after.
 */
describe('one officer action: 8 statements', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let reviewer: TestUser;
  let approver: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    reviewer = await staff(t, 'dpmptsp-kota-contoh', ['reviewer']);
    approver = await staff(t, 'dpmptsp-kota-contoh', ['approver']);
  });
  afterAll(() => t.close());

  /** The statements sent while `work` runs under its request id (sent as X-Request-Id). */
  async function statementsOf(work: (requestId: string) => Promise<unknown>): Promise<string[]> {
    const runner = t.db.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: QueryFn };
    await runner.release();
    const original = proto.query;
    const id = randomUUID();
    const seen: string[] = [];
    proto.query = function (this: unknown, sql: string, params?: unknown[], ...rest: unknown[]) {
      if (RequestContext.requestId() === id) seen.push(sql.replace(/\s+/g, ' ').trim());
      return original.call(this, sql, params, ...rest);
    };
    try {
      await work(id);
    } finally {
      proto.query = original;
    }
    return seen;
  }

  const post = (user: TestUser, id: string, version: number, body: Record<string, unknown>) => (requestId: string) =>
    request(t.http).post(`/v1/applications/${id}/actions`).set(user.auth).set('X-Request-Id', requestId).set('If-Match', String(version)).send(body);

  it('recommend and return-for-review (pbg): at most 8 statements each, the answer as a GET gives it, the chain and outbox as before', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    expect((await act(t, verifier, id, { action: 'accept' })).status).toBe(200);
    const steps: [TestUser, string][] = [
      [reviewer, 'recommend'],
      [approver, 'return-for-review'],
      [reviewer, 'recommend'],
    ];
    for (const [user, action] of steps) {
      const before = (await request(t.http).get(`/v1/applications/${id}`).set(user.auth).expect(200)).body as { version: number };
      let answer: request.Response | undefined;
      const sql = await statementsOf(async (rid) => (answer = await post(user, id, before.version, { action, comment: `${action} (statements)` })(rid)));
      expect(answer?.status).toBe(200);
      expect({ action, statements: sql.length, sql }).toEqual({ action, statements: expect.any(Number), sql });
      if (sql.length > 8) throw new Error(`${action} sent ${sql.length} statements:\n${sql.map((q, i) => `${i + 1}. ${q.slice(0, 160)}`).join('\n')}`);
      expect(sql[0]).toMatch(/FROM "users"/);
      expect(sql.filter((q) => /^(START TRANSACTION|BEGIN)/.test(q))).toHaveLength(1);
      expect(sql.filter((q) => q === 'COMMIT')).toHaveLength(1);
      expect(sql[sql.length - 1]).toBe('COMMIT');
      // built from what the transaction wrote: the same as reading the case again
      const after = await request(t.http).get(`/v1/applications/${id}`).set(user.auth).expect(200);
      expect(answer?.body).toEqual(after.body);
      expect(answer?.body).toMatchObject({ version: before.version + 1 });
    }
    const outbox = await t.db.query<{ type: string; audit_seq: string | null }[]>(
      `SELECT type, audit_seq FROM outbox_events WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
    const audit = await t.db.query<{ seq: string; action: string }[]>(`SELECT seq, action FROM audit_events WHERE case_id = $1 ORDER BY seq`, [id]);
    for (const action of ['recommend', 'return-for-review']) {
      const seqs = audit.filter((a) => a.action === action).map((a) => a.seq);
      expect(seqs.length).toBeGreaterThan(0);
      // every action's event has its outbox row, pointing at it
      for (const seq of seqs) expect(outbox.some((o) => o.audit_seq === seq)).toBe(true);
    }
    expect(await t.app.get(AuditService).verify(`case:${id}`)).toMatchObject({ ok: true });
  });

  it('appendAbout waiting on the lock of an append that commits meanwhile reads the head again: the chain stays linear', async () => {
    const audit = t.app.get(AuditService);
    const stream = `case:${randomUUID()}`;
    const entry = (action: string) => ({ stream, actorId: null, actorRole: 'system', action, entityType: 'test', entityId: stream, at: new Date() });
    await t.db.transaction((m) => audit.append(m, entry('first')));
    const holder = t.db.createQueryRunner();
    const waiter = t.db.createQueryRunner();
    await holder.connect();
    await waiter.connect();
    try {
      await holder.startTransaction();
      await audit.append(holder.manager, entry('second')); // holds the stream's lock
      await waiter.startTransaction();
      // appendAbout reads the head on its own only when the one read with the lock was stale
      const reread = jest.spyOn((audit as unknown as { events: { lastLink: () => Promise<unknown> } }).events, 'lastLink');
      // its statement (and snapshot) starts now, before the lock is granted: the head it reads is 'first'
      const waiting = audit.appendAbout(waiter.manager, entry('third'), null);
      await new Promise((r) => setTimeout(r, 300));
      await holder.commitTransaction();
      const third = await waiting;
      await waiter.commitTransaction();
      expect(third.streamSeq).toBe(3);
      expect(reread).toHaveBeenCalledTimes(1);
      reread.mockRestore();
    } finally {
      await holder.release();
      await waiter.release();
    }
    const rows = await t.db.query<{ stream_seq: number; action: string }[]>('SELECT stream_seq, action FROM audit_events WHERE stream = $1 ORDER BY stream_seq', [stream]);
    expect(rows).toEqual([
      { stream_seq: 1, action: 'first' },
      { stream_seq: 2, action: 'second' },
      { stream_seq: 3, action: 'third' },
    ]);
    expect(await audit.verify(stream)).toMatchObject({ ok: true, checked: 3 });
  });

  it('a stale version answers 409 stale-version and writes nothing', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    const accepted = await act(t, verifier, id, { action: 'accept' });
    expect(accepted.status).toBe(200);
    const version = (accepted.body as { version: number }).version;
    const events = async (): Promise<number> =>
      Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM clock_events WHERE application_id = $1`, [id]))[0].n);
    const before = await events();
    const res = await post(reviewer, id, version - 1, { action: 'recommend', comment: 'stale' })(randomUUID());
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'stale-version', currentVersion: version });
    expect(await events()).toBe(before);
  });
});
