import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, draftComplete, submitted } from './support/cases';
import { auditOf, caseRow, staff, wholeQueue } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

const CITY = 'dpmptsp-kota-contoh';
const PROBLEM = /application\/problem\+json/;

describe('claiming, releasing and assigning cases', () => {
  let t: TestApp;
  let applicant: TestUser;
  let supervisor: TestUser;
  let verifiers: TestUser[];
  let reviewer: TestUser;
  let approver: TestUser;
  let elsewhere: TestUser;

  const claim = (user: TestUser, id: string): request.Test => request(t.http).post(`/v1/applications/${id}/claim`).set(user.auth);
  const release = (user: TestUser, id: string): request.Test => request(t.http).post(`/v1/applications/${id}/release`).set(user.auth);
  const assign = (user: TestUser, id: string, assigneeId: unknown): request.Test =>
    request(t.http).post(`/v1/applications/${id}/assign`).set(user.auth).send({ assigneeId });

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    supervisor = await staff(t, CITY, ['supervisor']);
    verifiers = await Promise.all(Array.from({ length: 10 }, () => staff(t, CITY, ['verifier'])));
    reviewer = await staff(t, CITY, ['reviewer']);
    approver = await staff(t, CITY, ['approver']);
    elsewhere = await staff(t, 'kementerian-investasi', ['verifier']);
  });
  afterAll(() => t.close());

  it('lets exactly one of ten officers claiming at once win; the others get 409 and nothing else is written', async () => {
    const { id } = await submitted(t, applicant, 'pbg');
    const before = await caseRow(t, id);
    const answers = await Promise.all(verifiers.map((v) => claim(v, id)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const winner = answers.find((a) => a.status === 200)!;
    const winnerUser = verifiers[answers.indexOf(winner)];
    expect(winner.body).toMatchObject({ id, assigneeId: winnerUser.id, version: before.version + 1, state: 'submitted' });
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.headers['content-type']).toMatch(PROBLEM);
      expect(loser.body).toMatchObject({ code: 'already-claimed', assigneeId: winnerUser.id });
    }
    expect(await caseRow(t, id)).toMatchObject({ assignee_id: winnerUser.id, version: before.version + 1 });
    const claims = await auditOf(t, id, ['claimed']);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ actor_id: winnerUser.id, actor_role: 'verifier', before: { assigneeId: null }, after: { assigneeId: winnerUser.id } });
  });

  it('answers a claim by the holder with the case unchanged, and refuses a release by anyone else', async () => {
    const [holder, other] = verifiers;
    const { id } = await submitted(t, applicant, 'reklame');
    const first = await claim(holder, id).expect(200);
    const again = await claim(holder, id).expect(200);
    expect(again.body).toMatchObject({ assigneeId: holder.id, version: first.body.version });

    const refused = await release(other, id).expect(409);
    expect(refused.body).toMatchObject({ code: 'not-your-case', assigneeId: holder.id });
    expect((await caseRow(t, id)).assignee_id).toBe(holder.id);

    const released = await release(holder, id).expect(200);
    expect(released.body).toMatchObject({ assigneeId: null, version: first.body.version + 1 });
    await release(holder, id).expect(409); // nothing to release any more

    const events = await auditOf(t, id, ['claimed', 'released']);
    expect(events.map((e) => [e.action, e.actor_id, e.before?.assigneeId, e.after?.assigneeId])).toEqual([
      ['claimed', holder.id, null, holder.id],
      ['released', holder.id, holder.id, null],
    ]);
  });

  it('lets an officer claim only cases in states their roles work on, of their own agency, while open', async () => {
    const { id } = await submitted(t, applicant, 'pbg'); // "submitted" is the verifiers' state
    const wrongRole = await claim(approver, id).expect(403);
    expect(wrongRole.body).toMatchObject({ code: 'not-in-your-queue', state: 'submitted', roles: ['verifier'] });
    await claim(elsewhere, id).expect(404); // another agency's case does not exist for them
    await claim(applicant, id).expect(403);

    const draft = (await draftComplete(t, applicant, 'pbg')).id;
    await claim(verifiers[0], draft).expect(404); // a draft is the applicant's alone
    const closed = (await submitted(t, applicant, 'pbg')).id;
    expect((await act(t, applicant, closed, { action: 'withdraw' })).status).toBe(200);
    expect((await claim(verifiers[0], closed).expect(409)).body).toMatchObject({ code: 'not-open' });

    await claim(verifiers[0], randomUUID()).expect(404);
    await claim(verifiers[0], 'not-a-uuid').expect(400);
    expect(await auditOf(t, id, ['claimed'])).toHaveLength(0);
  });

  describe('assignment by a supervisor', () => {
    it('assigns to and between staff of the agency who work on the state, and audits each change', async () => {
      const [first, second] = verifiers;
      const { id } = await submitted(t, applicant, 'pbg');
      const a = await assign(supervisor, id, first.id).expect(200);
      expect(a.body).toMatchObject({ assigneeId: first.id });
      const b = await assign(supervisor, id, second.id).expect(200);
      expect(b.body).toMatchObject({ assigneeId: second.id, version: a.body.version + 1 });
      await assign(supervisor, id, second.id).expect(200); // already theirs: nothing changes
      // a supervisor may hold any case, and may give any case of the agency back to the queue
      await assign(supervisor, id, supervisor.id).expect(200);
      await release(supervisor, id).expect(200);

      const events = await auditOf(t, id, ['assigned', 'released']);
      expect(events.map((e) => [e.action, e.actor_id, e.actor_role, e.before?.assigneeId, e.after?.assigneeId])).toEqual([
        ['assigned', supervisor.id, 'supervisor', null, first.id],
        ['assigned', supervisor.id, 'supervisor', first.id, second.id],
        ['assigned', supervisor.id, 'supervisor', second.id, supervisor.id],
        ['released', supervisor.id, 'supervisor', supervisor.id, null],
      ]);
      expect((await wholeQueue(t, second, { assigned: 'me' })).map((i) => i.id)).not.toContain(id); // others' claims in this file may be theirs
    });

    it('refuses assignees outside the agency or without a role for the state (422), and non-supervisors (403)', async () => {
      const { id } = await submitted(t, applicant, 'pbg');
      const before = await caseRow(t, id);
      const outside = await assign(supervisor, id, elsewhere.id).expect(422);
      expect(outside.headers['content-type']).toMatch(PROBLEM);
      expect(outside.body).toMatchObject({ code: 'unknown-assignee', errors: [{ field: 'assigneeId' }] });
      expect((await assign(supervisor, id, applicant.id).expect(422)).body.code).toBe('unknown-assignee');
      expect((await assign(supervisor, id, randomUUID()).expect(422)).body.code).toBe('unknown-assignee');
      expect((await assign(supervisor, id, reviewer.id).expect(422)).body).toMatchObject({ code: 'assignee-cannot-act' });
      await assign(supervisor, id, 'someone').expect(400);
      await assign(supervisor, id, undefined).expect(400);
      await assign(verifiers[0], id, verifiers[1].id).expect(403);
      expect(await caseRow(t, id)).toEqual(before);
      expect(await auditOf(t, id, ['assigned'])).toHaveLength(0);
    });
  });

  describe('a claim protects the holder’s work', () => {
    it('refuses a colleague’s action (409) and says so in GET /actions; the supervisor and the applicant are not blocked', async () => {
      const [holder, colleague] = verifiers;
      const { id } = await submitted(t, applicant, 'pbg');
      await claim(holder, id).expect(200);

      const listed = await request(t.http).get(`/v1/applications/${id}/actions`).set(colleague.auth).expect(200);
      expect(listed.body.assigneeId).toBe(holder.id);
      expect(listed.body.actions.find((a: { action: string }) => a.action === 'accept')).toMatchObject({
        allowed: false,
        reason: { code: 'CLAIMED_BY_OTHER' },
      });
      const refused = await act(t, colleague, id, { action: 'accept' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'claimed-by-other', assigneeId: holder.id });
      expect((await caseRow(t, id)).state).toBe('submitted');

      const own = await request(t.http).get(`/v1/applications/${id}/actions`).set(holder.auth).expect(200);
      expect(own.body.actions.find((a: { action: string }) => a.action === 'accept')).toMatchObject({ allowed: true });
      const withdrawal = await request(t.http).get(`/v1/applications/${id}/actions`).set(applicant.auth).expect(200);
      expect(withdrawal.body.actions.find((a: { action: string }) => a.action === 'withdraw')).toMatchObject({ allowed: true });

      const bySupervisor = await act(t, supervisor, id, { action: 'accept' });
      expect(bySupervisor.status).toBe(200);
    });

    it('keeps the case with its holder through a deficiency notice, and returns it to the queue when it moves to another role', async () => {
      const [holder] = verifiers;
      const { id } = await submitted(t, applicant, 'pbg');
      await claim(holder, id).expect(200);
      expect((await act(t, holder, id, { action: 'request-documents', comment: 'KKPR kurang jelas', missingDocuments: ['kkpr'] })).status).toBe(200);
      expect((await caseRow(t, id)).assignee_id).toBe(holder.id); // waiting on the applicant: still theirs
      expect((await act(t, applicant, id, { action: 'resubmit' })).status).toBe(200);
      expect((await caseRow(t, id)).assignee_id).toBe(holder.id); // back in verification: still theirs

      const accepted = await act(t, holder, id, { action: 'accept' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ state: 'technical-review', assigneeId: null });
      const [event] = await auditOf(t, id, ['accept']);
      expect(event).toMatchObject({ before: { state: 'submitted', assigneeId: holder.id }, after: { state: 'technical-review', assigneeId: null } });

      // now it waits, unassigned, in the reviewers' queue, and a reviewer can claim it
      const queue = await wholeQueue(t, reviewer, { assigned: 'unassigned', state: 'technical-review' });
      expect(queue.map((i) => i.id)).toContain(id);
      await claim(reviewer, id).expect(200);
    });
  });
});
