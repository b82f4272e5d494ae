import { TestingModule } from '@nestjs/testing';
import { ApplicationsModule, ApplicationsService, DocumentEntity } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule, CatalogueService } from '@tenggat/catalogue';
import { EnforcementService, ReconcilerService } from '@tenggat/enforcement';
import { AuthUser, IdentityModule, UsersService } from '@tenggat/identity';
import { AdjustableClock, Clock } from '@tenggat/platform';
import { ClockService, InMemoryTimerQueue, SlaModule, TimerRequest } from '@tenggat/sla';
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

  const mine = (ts: TimerRequest[], id: string): TimerRequest[] => ts.filter((t) => t.applicationId === id);
  const row = async (id: string): Promise<{ version: number; status: string; outcome: string | null; breached_at: Date | null; escalated_at: Date | null }> =>
    (await db.query('SELECT version, status, outcome, breached_at, escalated_at FROM applications WHERE id = $1', [id]))[0];
  const events = async (id: string, action: string): Promise<number> =>
    (await db.query<unknown[]>('SELECT 1 FROM audit_events WHERE case_id = $1 AND action = $2', [id, action])).length;

  it('the timers armed at submission fire from memory: a breach escalates once, and a duplicate delivery changes nothing', async () => {
    const id = await submittedAt('pbg', T0);
    const armed = mine(timers.armed(), id);
    expect(armed.map((t) => t.kind).sort()).toEqual(['deadline', 'deadline', 'warning', 'warning']); // statutory and the state's SLA
    const before = await row(id);

    clock.set(new Date(T0.getTime() + 60 * DAY));
    const due = mine(timers.takeDue(clock.now()), id);
    expect(due).toHaveLength(4);
    for (const t of due) expect(await enforcement.onDue(t)).toBe(true);
    const after = await row(id);
    expect(after.breached_at).not.toBeNull();
    expect(after.escalated_at).not.toBeNull();
    expect(after.version).toBe(before.version + 1); // the escalation, not the flags

    for (const t of due) expect(await enforcement.onDue(t)).toBe(false);
    expect(await row(id)).toEqual(after);
    expect(await events(id, 'sla.breached')).toBe(1);
    expect(await events(id, 'escalated')).toBe(1);
  });

  it('deemed approval: the statutory breach approves the case by law, once', async () => {
    const id = await submittedAt('sertifikat-standar', T0);
    clock.set(new Date(T0.getTime() + 60 * DAY));
    for (const t of mine(timers.takeDue(clock.now()), id)) await enforcement.onDue(t);
    expect(await row(id)).toMatchObject({ status: 'closed', outcome: 'approved' });
    expect(await db.query('SELECT deemed_approval FROM permits WHERE application_id = $1', [id])).toEqual([{ deemed_approval: true }]);
    expect(await events(id, 'deemed-approval')).toBe(1);
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
    timers.takeDue(new Date(8.64e15)); // Redis lost every timer

    const report = await ref.get(ReconcilerService).sweep();
    expect(report.lateFlags).toBeGreaterThanOrEqual(1);
    expect((await row(late)).breached_at).not.toBeNull();
    expect((await row(soon)).breached_at).toBeNull();
    expect(mine(timers.armed(), soon).map((t) => t.kind)).toContain('deadline');
    expect(mine(timers.armed(), late).filter((t) => t.kind === 'deadline')).toEqual([]); // flagged already: nothing to arm
  });
});
