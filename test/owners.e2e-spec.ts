import request from 'supertest';
import { registerApplicant, TestUser } from './support/auth';
import { act, definitionOf, draftComplete, validForm } from './support/cases';
import { DAY_MS, fireDueTimers, staff } from './support/officers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, "owners": one rule for a case's `version` and `updated_at`, kept by CaseRepository.
 * The writes of people and breach policies (draft edits, submission, transitions, claims,
 * escalation) bump the version and set `updated_at` to the injected clock's instant, the one
 * their audit event carries; the system's flags (warning, breach) and denormalised deadlines
 * change neither, so an officer's in-flight action does not fail only because a timer fired.
 */
describe('one owner of the case row: the version and updated_at rule', () => {
  let t: TestApp;
  let applicant: TestUser;
  let verifier: TestUser;
  let kotaSupervisor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await registerApplicant(t.http);
    verifier = await staff(t, 'dpmptsp-kota-contoh', ['verifier']);
    kotaSupervisor = await staff(t, 'dpmptsp-kota-contoh', ['supervisor']);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const row = async (id: string): Promise<{ version: number; updated_at: Date; warned_at: Date | null; breached_at: Date | null; escalated_at: Date | null }> =>
    (await t.db.query('SELECT version, updated_at, warned_at, breached_at, escalated_at FROM applications WHERE id = $1', [id]))[0];

  /** When the case's last audit event with this action happened (the injected clock's instant). */
  const eventAt = async (id: string, action: string): Promise<Date> => {
    const rows = await t.db.query<{ occurred_at: Date }[]>('SELECT occurred_at FROM audit_events WHERE case_id = $1 AND action = $2 ORDER BY seq DESC LIMIT 1', [id, action]);
    if (!rows[0]) throw new Error(`case ${id} has no ${action} event`);
    return rows[0].occurred_at;
  };

  /** Whatever the database's own clock says, the case carries the injected clock's instant. */
  const past = (): Date => new Date(Date.now() - 60 * DAY_MS);

  it('every write of a person bumps the version by one and sets updated_at to the instant of its audit event', async () => {
    t.clock.set(past());
    const def = await definitionOf(t, 'reklame');
    const created = await request(t.http).post('/v1/applications').set(applicant.auth).send({ permitType: 'reklame', form: {} }).expect(201);
    const id = (created.body as { id: string }).id;
    let r = await row(id);
    expect(r.version).toBe(1);
    expect(r.updated_at).toEqual(await eventAt(id, 'draft.created'));

    await request(t.http).patch(`/v1/applications/${id}`).set(applicant.auth).set('If-Match', '1').send({ form: validForm(def) }).expect(200);
    r = await row(id);
    expect(r.version).toBe(2);
    expect(r.updated_at).toEqual(await eventAt(id, 'draft.updated'));

    const { id: other } = await draftComplete(t, applicant, 'reklame');
    await request(t.http).post(`/v1/applications/${other}/submit`).set(applicant.auth).expect(201);
    r = await row(other);
    expect(r.version).toBe(2);
    expect(r.updated_at).toEqual(await eventAt(other, 'submit'));

    await request(t.http).post(`/v1/applications/${other}/claim`).set(verifier.auth).expect(200);
    r = await row(other);
    expect(r.version).toBe(3);
    expect(r.updated_at).toEqual(await eventAt(other, 'claimed'));

    expect((await act(t, verifier, other, { action: 'accept' })).status).toBe(200);
    r = await row(other);
    expect(r.version).toBe(4);
    expect(r.updated_at).toEqual(await eventAt(other, 'accept'));
    // the database's clock (real time) would be 60 days later: the instant is the injected one
    expect(Math.abs(r.updated_at.getTime() - Date.now())).toBeGreaterThan(50 * DAY_MS);
  });

  it('warning and breach flags change neither the version nor updated_at; an escalation bumps both', async () => {
    // reklame only flags a breach; pbg escalates it to a supervisor
    t.clock.set(past());
    const flagOnly = await draftComplete(t, applicant, 'reklame');
    await request(t.http).post(`/v1/applications/${flagOnly.id}/submit`).set(applicant.auth).expect(201);
    const escalates = await draftComplete(t, applicant, 'pbg');
    await request(t.http).post(`/v1/applications/${escalates.id}/submit`).set(applicant.auth).expect(201);
    const [before, beforeEscalation] = [await row(flagOnly.id), await row(escalates.id)];
    t.clock.reset();

    await fireDueTimers(t, flagOnly.id); // 60 days later: warned and breached
    const flagged = await row(flagOnly.id);
    expect(flagged.warned_at).not.toBeNull();
    expect(flagged.breached_at).not.toBeNull();
    expect(flagged.version).toBe(before.version);
    expect(flagged.updated_at).toEqual(before.updated_at);

    await fireDueTimers(t, escalates.id);
    const escalated = await row(escalates.id);
    expect(escalated.escalated_at).not.toBeNull();
    expect(escalated.version).toBe(beforeEscalation.version + 1);
    expect(escalated.updated_at).toEqual(escalated.escalated_at);
    expect(escalated.updated_at).toEqual(await eventAt(escalates.id, 'escalated'));
    const view = await request(t.http).get(`/v1/applications/${escalates.id}`).set(kotaSupervisor.auth).expect(200);
    expect(view.body).toMatchObject({ version: beforeEscalation.version + 1, assigneeId: expect.any(String) });
  });

  it("an officer's action read before a timer fired still succeeds; read before an escalation it is stale (409)", async () => {
    t.clock.set(past());
    const flagOnly = await draftComplete(t, applicant, 'reklame');
    await request(t.http).post(`/v1/applications/${flagOnly.id}/submit`).set(applicant.auth).expect(201);
    const escalates = await draftComplete(t, applicant, 'pbg');
    await request(t.http).post(`/v1/applications/${escalates.id}/submit`).set(applicant.auth).expect(201);
    t.clock.reset();
    const read = async (id: string): Promise<number> => (await request(t.http).get(`/v1/applications/${id}`).set(verifier.auth).expect(200)).body.version as number;
    const [seen, seenBeforeEscalation] = [await read(flagOnly.id), await read(escalates.id)];

    await fireDueTimers(t, flagOnly.id);
    await fireDueTimers(t, escalates.id);

    const accepted = await request(t.http).post(`/v1/applications/${flagOnly.id}/actions`).set(verifier.auth).set('If-Match', String(seen)).send({ action: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ version: seen + 1, flags: { warned: true, breached: true } });

    const stale = await request(t.http)
      .post(`/v1/applications/${escalates.id}/actions`)
      .set(kotaSupervisor.auth)
      .set('If-Match', String(seenBeforeEscalation))
      .send({ action: 'request-documents', comment: 'Gambar kurang', missingDocuments: [escalates.def.requirements[0].code] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: expect.stringContaining('stale-version'), currentVersion: seenBeforeEscalation + 1 });
  });
});
