import { TestingModule } from '@nestjs/testing';
import { ApplicationsModule, CaseRepository } from '@tenggat/applications';
import { DomainError } from '@tenggat/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { mediumModule } from './medium';

/**
 * CaseRepository on real Postgres: every guarded write of the case, and the version rule (people's
 * and policies' writes bump the version and set updated_at to their instant; flags and deadlines
 * touch neither).
 */
describe('CaseRepository on Postgres', () => {
  let ref: TestingModule;
  let db: DataSource;
  let cases: CaseRepository;
  const at = (minute: number): Date => new Date(Date.UTC(2026, 7, 3, 2, minute));

  beforeAll(async () => {
    ref = await mediumModule({ imports: [ApplicationsModule] });
    db = ref.get(DataSource);
    cases = ref.get(CaseRepository);
  });
  afterAll(async () => {
    await db.query(`DELETE FROM applications WHERE agency_code = 'medium-agency'`);
    await ref.close();
  });

  /** An open case in `state` at version 2 (a draft, then submitted). */
  async function openCase(state = 'verification'): Promise<string> {
    return db.transaction(async (m) => {
      const draft = await cases.insertDraft(m, { permitTypeCode: 'reklame', agencyCode: 'medium-agency', applicantId: randomUUID(), form: {} }, at(0));
      const reference = `MEDIUM-${randomUUID().slice(0, 8)}`;
      await cases.submit(m, { id: draft.id, expectedVersion: 1, state, reference, permitTypeVersion: 1, accessCodeHash: 'x' }, at(1));
      return draft.id;
    });
  }

  const row = async (id: string): Promise<{ version: number; state: string; updated_at: Date; assignee_id: string | null; priority: number }> =>
    (await db.query('SELECT version, state, updated_at, assignee_id, priority FROM applications WHERE id = $1', [id]))[0];
  const refused = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'written', (e: unknown) => e);
  const move = { from: 'verification', to: 'approval', deficiencyNotice: null, outcome: null, deemed: false, unassign: false };

  it('a transition at a stale version or from another state is refused (409 with the version there is now) and writes nothing', async () => {
    const id = await openCase();
    expect(await row(id)).toMatchObject({ version: 2, updated_at: at(1) });
    const stale = await refused(db.transaction((m) => cases.transition(m, { id, expectedVersion: 1, ...move }, at(2))));
    expect(stale).toBeInstanceOf(DomainError);
    expect(stale).toMatchObject({ kind: 'conflict', code: 'stale-version', details: { currentVersion: 2 } });
    const wrongState = await refused(db.transaction((m) => cases.transition(m, { id, expectedVersion: 2, ...move, from: 'approval' }, at(2))));
    expect(wrongState).toMatchObject({ code: 'stale-version' });
    expect(await refused(db.transaction((m) => cases.transition(m, { id: randomUUID(), expectedVersion: 2, ...move }, at(2))))).toMatchObject({
      kind: 'not-found',
      code: 'application-not-found',
    });
    expect(await row(id)).toMatchObject({ version: 2, state: 'verification', updated_at: at(1) });
  });

  it('of two transitions at the same version exactly one wins', async () => {
    const id = await openCase();
    const results = await Promise.all([1, 2].map((n) => refused(db.transaction((m) => cases.transition(m, { id, expectedVersion: 2, ...move }, at(10 + n))))));
    expect(results.filter((r) => r === 'written')).toHaveLength(1);
    expect(results.filter((r) => r instanceof DomainError)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ version: 3, state: 'approval' });
  });

  it('claims are compare-and-set on the holder and state the caller saw; each bumps the version and sets updated_at', async () => {
    const id = await openCase();
    const officer = randomUUID();
    expect(await db.transaction((m) => cases.setAssignee(m, { id, state: 'verification', from: null, to: officer }, at(5)))).toEqual({ version: 3, state: 'verification' });
    expect(await db.transaction((m) => cases.setAssignee(m, { id, state: 'verification', from: null, to: randomUUID() }, at(6)))).toBeNull();
    expect(await db.transaction((m) => cases.setAssignee(m, { id, state: 'approval', from: officer, to: null }, at(6)))).toBeNull();
    expect(await row(id)).toMatchObject({ version: 3, assignee_id: officer, updated_at: at(5) });
  });

  it('flags and deadlines change neither the version nor updated_at; an escalation bumps both, once', async () => {
    const id = await openCase();
    await db.transaction(async (m) => {
      await cases.markWarned(m, id, at(20));
      await cases.markBreached(m, id, at(21));
      await cases.setDeadlines(m, id, { next: at(30), statutory: at(40) });
    });
    expect(await row(id)).toMatchObject({ version: 2, updated_at: at(1) });
    const supervisor = randomUUID();
    expect(await db.transaction((m) => cases.escalate(m, id, supervisor, at(22)))).toBe(true);
    expect(await db.transaction((m) => cases.escalate(m, id, supervisor, at(23)))).toBe(false);
    expect(await row(id)).toMatchObject({ version: 3, updated_at: at(22), assignee_id: supervisor, priority: 0 });
  });

  it('only a draft is edited or submitted', async () => {
    const id = await openCase();
    expect(await refused(db.transaction((m) => cases.updateDraft(m, id, 2, { a: 1 }, at(3))))).toMatchObject({ code: 'stale-version' });
    expect(await row(id)).toMatchObject({ version: 2 });
  });
});
