import { TestingModule } from '@nestjs/testing';
import { ApplicationsModule, ApplicationsService, DocumentEntity } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule, CatalogueService } from '@tenggat/catalogue';
import { EnforcementService, ReconcilerService } from '@tenggat/enforcement';
import { AuthUser, IdentityModule, UsersService } from '@tenggat/identity';
import { AdjustableClock, Clock } from '@tenggat/platform';
import { ClockRepository, ClockService, DueAlarm, InMemoryTimerQueue, SlaModule } from '@tenggat/sla';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { validForm } from '../support/cases';
import { mediumModule } from './medium';

const DAY = 86_400_000;
const T0 = new Date('2026-08-03T02:00:00Z'); // Mon 3 Aug 2026, 09:00 WIB

/**
 * The case, clock and enforcement code together on real Postgres, without Redis or HTTP: the
 * real modules, the timer queue in memory. A test plays the worker: it takes the timers that are
 * due and hands them to EnforcementService, or runs a reconciler sweep.
 */
describe('enforcement on Postgres with the timer queue in memory', () => {
  let ref: TestingModule;
  let db: DataSource;
  let clock: AdjustableClock;
  let timers: InMemoryTimerQueue;
  let enforcement: EnforcementService;
  let applications: ApplicationsService;
  const applicant: AuthUser = { id: randomUUID(), email: 'medium@usaha.test', name: 'Pemohon', roles: ['applicant'], agency: null };

  beforeAll(async () => {
    ref = await mediumModule({
      imports: [ApplicationsModule, SlaModule, AuditModule, CatalogueModule, IdentityModule],
      providers: [EnforcementService, ReconcilerService],
    });
    db = ref.get(DataSource);
    clock = ref.get<Clock, AdjustableClock>(Clock);
    timers = ref.get(InMemoryTimerQueue);
    enforcement = ref.get(EnforcementService);
    applications = ref.get(ApplicationsService);
    await ref
      .get(UsersService)
      .provision({ email: `sup-${randomUUID().slice(0, 8)}@kota.test`, password: 'medium-password', name: 'Supervisor', roles: ['supervisor'], agencyCode: 'dpmptsp-kota-contoh' });
  });
  afterEach(() => clock.reset());
  afterAll(() => ref.close());

  /** A submitted case of `code`, submitted at `at` (its documents as rows: the files are not part of this test). */
  async function submittedAt(code: string, at: Date): Promise<string> {
    clock.set(at);
    const def = (await ref.get(CatalogueService).current(code)).definition;
    const { id } = await applications.create(applicant, { permitType: code, form: validForm(def) });
    await db.getRepository(DocumentEntity).insert(
      def.requirements
        .filter((r) => !r.optional)
        .map((r) => ({ applicationId: id, requirementCode: r.code, fileName: `${r.code}.pdf`, mediaType: r.mediaTypes[0], sizeBytes: 10, sha256: '0'.repeat(64), uploadedBy: applicant.id, uploadedAt: at })),
    );
    await applications.submit(applicant, id, undefined);
    return id;
  }

  /** The case's running clocks' instants, as alarms (what must be armed for it). */
  const instantsOf = async (id: string): Promise<DueAlarm[]> => {
    const rows = await db.query<{ warn_at: Date | null; deadline_at: Date | null; warned_at: Date | null; breached_at: Date | null }[]>(
      `SELECT warn_at, deadline_at, warned_at, breached_at FROM clocks WHERE application_id = $1 AND status = 'running'`,
      [id],
    );
    return rows.flatMap((r) => [
      ...(r.warn_at && !r.warned_at ? [{ kind: 'warning' as const, dueAt: r.warn_at }] : []),
      ...(r.deadline_at && !r.breached_at ? [{ kind: 'deadline' as const, dueAt: r.deadline_at }] : []),
    ]);
  };
  const isArmed = (a: DueAlarm): boolean => timers.armed().some((t) => t.kind === a.kind && t.dueAt.getTime() === a.dueAt.getTime());
  /** Plays the worker: every alarm due now, handled as the processor does (a sweep of its kind). */
  const fire = async (): Promise<number> => {
    let flagged = 0;
    for (const a of timers.takeDue(clock.now())) flagged += (await enforcement.flagAllDue(a.kind)).flagged;
    return flagged;
  };
  const row = async (id: string): Promise<{ version: number; status: string; outcome: string | null; breached_at: Date | null; escalated_at: Date | null }> =>
    (await db.query('SELECT version, status, outcome, breached_at, escalated_at FROM applications WHERE id = $1', [id]))[0];
  const events = async (id: string, action: string): Promise<number> =>
    (await db.query<unknown[]>('SELECT 1 FROM audit_events WHERE case_id = $1 AND action = $2', [id, action])).length;

  it('the alarms armed at submission fire from memory: a breach escalates once, and a duplicate delivery changes nothing', async () => {
    const id = await submittedAt('pbg', T0);
    const instants = await instantsOf(id);
    expect(instants.map((t) => t.kind).sort()).toEqual(['deadline', 'deadline', 'warning', 'warning']); // statutory and the state's SLA
    expect(instants.every(isArmed)).toBe(true);
    const before = await row(id);

    clock.set(new Date(T0.getTime() + 60 * DAY));
    expect(await fire()).toBeGreaterThanOrEqual(4);
    const after = await row(id);
    expect(after.breached_at).not.toBeNull();
    expect(after.escalated_at).not.toBeNull();
    expect(after.version).toBe(before.version + 1); // the escalation, not the flags

    for (const kind of ['warning', 'deadline'] as const) expect((await enforcement.flagAllDue(kind)).flagged).toBe(0);
    expect(await row(id)).toEqual(after);
    expect(await events(id, 'sla.breached')).toBe(1);
    expect(await events(id, 'escalated')).toBe(1);
  });

  it('deemed approval: the statutory breach approves the case by law, once', async () => {
    const id = await submittedAt('sertifikat-standar', T0);
    clock.set(new Date(T0.getTime() + 60 * DAY));
    await fire();
    expect(await row(id)).toMatchObject({ status: 'closed', outcome: 'approved' });
    expect(await db.query('SELECT deemed_approval FROM permits WHERE application_id = $1', [id])).toEqual([{ deemed_approval: true }]);
    expect(await events(id, 'deemed-approval')).toBe(1);
  });

  it('alarms that arrive together share the flag phases: every clock flagged once, the work not repeated per alarm', async () => {
    const ids = [await submittedAt('reklame', T0), await submittedAt('pbg', T0), await submittedAt('reklame', T0)];
    clock.set(new Date(T0.getTime() + 60 * DAY));
    // twenty alarms of one kind at once, as a stream of deadlines brings them: at most two phases
    // run (each a few lanes of batches), not twenty
    const batches = jest.spyOn(ref.get(ClockRepository), 'pickDue');
    const sweeps = await Promise.all(Array.from({ length: 20 }, () => enforcement.flagAllDue('deadline')));
    expect(batches.mock.calls.length).toBeLessThanOrEqual(2 * 4);
    batches.mockRestore();
    const flagged = sweeps.reduce((n, s) => n + s.flagged, 0);
    const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clocks WHERE application_id = ANY($1) AND breached_at IS NOT NULL`, [ids]);
    expect(flagged).toBe(n);
    expect(n).toBeGreaterThanOrEqual(ids.length);
    expect(sweeps.filter((s) => s.batches > 0).length).toBeLessThanOrEqual(2);
    for (const id of ids) expect(await events(id, 'sla.breached')).toBe(1);
    // a later alarm starts a phase of its own again
    expect((await enforcement.flagAllDue('deadline')).remaining).toBe(false);
  });

  it('a batch leaves a case an officer holds for the next look: it never waits on the officer, who may be waiting on its clocks', async () => {
    const id = await submittedAt('reklame', T0);
    clock.set(new Date(T0.getTime() + 60 * DAY));
    const officer = db.createQueryRunner();
    await officer.connect();
    await officer.startTransaction();
    try {
      await officer.query('UPDATE applications SET updated_at = updated_at WHERE id = $1', [id]); // an action holds the case row
      const within = <T>(p: Promise<T>): Promise<T> =>
        Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('the batch waited on the officer')), 5_000))]);
      expect((await within(enforcement.flagAllDue('deadline'))).remaining).toBe(true);
      expect(await events(id, 'sla.breached')).toBe(0);
      // the action goes on to the case's clocks, as it does: nothing holds them now
      await within(officer.query('UPDATE clocks SET epoch = epoch WHERE application_id = $1', [id]));
      await officer.commitTransaction();
    } finally {
      if (officer.isTransactionActive) await officer.rollbackTransaction();
      await officer.release();
    }
    await enforcement.flagAllDue('deadline');
    expect(await events(id, 'sla.breached')).toBe(1);
    expect((await row(id)).breached_at).not.toBeNull();
  });

  it('a clock that cannot be flagged holds up none of the others: the batch falls back to one by one, the bad one is left', async () => {
    const bad = await submittedAt('reklame', T0);
    const good = await submittedAt('reklame', new Date(T0.getTime() + 1000));
    await db.query('UPDATE applications SET permit_type_version = 999 WHERE id = $1', [bad]); // its rules cannot be found
    clock.set(new Date(T0.getTime() + 60 * DAY));
    const sweep = await enforcement.flagAllDue('deadline');
    expect(sweep.remaining).toBe(false); // the bad one is left to the reconciler's next sweep, not looked at every half second
    expect(await events(good, 'sla.breached')).toBe(1);
    expect(await events(bad, 'sla.breached')).toBe(0);
    await db.query('UPDATE applications SET permit_type_version = 1 WHERE id = $1', [bad]);
    await enforcement.flagAllDue('deadline');
    expect(await events(bad, 'sla.breached')).toBe(1);
  });

  it('timers lost with Redis lose nothing: the reconciler flags from Postgres and re-arms what is due soon', async () => {
    const late = await submittedAt('reklame', T0);
    const soon = await submittedAt('reklame', T0);
    clock.set(new Date(T0.getTime() + 60 * DAY));
    // the soon case's statutory deadline is half an hour away (the demo clock's move)
    const clocks = ref.get(ClockService);
    await db.transaction(async (m) => {
      const c = await clocks.find(m, soon, 'statutory', null);
      await clocks.adjust(m, c!, clock.now(), 30 * 60_000, { id: null, role: 'system' }, 'medium test');
    });
    timers.takeDue(new Date(8.64e15)); // Redis lost every alarm

    const report = await ref.get(ReconcilerService).sweep();
    expect(report.lateFlags).toBeGreaterThanOrEqual(1);
    expect((await row(late)).breached_at).not.toBeNull();
    expect((await row(soon)).breached_at).toBeNull();
    const soonDeadline = (await instantsOf(soon)).find((a) => a.kind === 'deadline');
    expect(soonDeadline && isArmed(soonDeadline)).toBe(true);
    expect((await instantsOf(late)).filter((t) => t.kind === 'deadline')).toEqual([]); // flagged already: nothing to arm
    expect(timers.armed().every((a) => a.dueAt.getTime() > clock.now().getTime())).toBe(true);
  });
});
