import { randomUUID } from 'node:crypto';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { AppConfig, DomainError } from '@tenggat/platform';
import { ClockEntity, ClockRepository, ClockService } from '@tenggat/sla';
import { DataSource } from 'typeorm';
import { mediumDataSource, shippedCalendar } from './medium';

const DAY = 86_400_000;
const SYSTEM = { id: null, role: 'system' };

/**
 * The clock code on real Postgres, without Redis or HTTP: ClockService with its repository, the
 * calendar served from the shipped files. Every lifecycle write is guarded by the epoch it read;
 * flags never move the epoch and a lifecycle write never clears a flag.
 */
describe('clocks on Postgres: ClockService and ClockRepository', () => {
  let db: DataSource;
  let repo: ClockRepository;
  let clocks: ClockService;

  beforeAll(async () => {
    db = await mediumDataSource();
    repo = new ClockRepository(db);
    const calendars = { get: async (id: string) => shippedCalendar(id) } as unknown as CalendarRegistry;
    const config = { get: (key: string) => (key === 'SLA_WARNING_SHARE' ? 0.8 : undefined) } as unknown as AppConfig;
    clocks = new ClockService(calendars, config, repo);
  });
  afterAll(async () => {
    // these clocks belong to no case: leave none behind for a later reconciler sweep in this run
    await db.query(`DELETE FROM clock_events WHERE clock_id IN (SELECT id FROM clocks WHERE agency_code = 'medium-agency')`);
    await db.query(`DELETE FROM clocks WHERE agency_code = 'medium-agency'`);
    await db.destroy();
  });

  const owner = () => ({ applicationId: randomUUID(), agencyCode: 'medium-agency', permitTypeCode: 'medium-type', calendarId: 'id-national' });
  const started = new Date('2026-08-03T02:00:00Z'); // Mon 3 Aug 2026, 09:00 WIB

  async function startStatutory(days = 5): Promise<ClockEntity> {
    const o = owner();
    await db.transaction((m) => clocks.startWorkingDays(m, o, 'statutory', null, days, started, SYSTEM));
    const [clock] = await repo.ofCase(o.applicationId);
    return clock;
  }

  const stored = async (c: ClockEntity): Promise<ClockEntity> => (await repo.ofCase(c.applicationId)).find((x) => x.id === c.id)!;

  it('start, stop, resume and finish: the consumed time is kept across a stop, and each step is on the record', async () => {
    const clock = await startStatutory(5);
    expect(clock).toMatchObject({ status: 'running', epoch: 1, consumedMs: 0 });
    // two working days later (Wed 5 Aug, 09:00 WIB) a deficiency notice stops it
    const stopAt = new Date('2026-08-05T02:00:00Z');
    const stale = await db.transaction((m) => clocks.stop(m, clock, stopAt, SYSTEM, 'deficiency notice'));
    expect(stale.every((t) => t.cancel && t.epoch === 1)).toBe(true);
    const stopped = await stored(clock);
    expect(stopped).toMatchObject({ status: 'stopped', epoch: 2, stops: 1, deadlineAt: null, runStartedAt: null });
    expect(stopped.consumedMs).toBe(1 * DAY + 9 * 3_600_000); // Tue 4 Aug whole + Wed 00:00-09:00
    // resumed a week later: the remaining budget runs from the moment of resumption
    const resumeAt = new Date('2026-08-12T02:00:00Z');
    const armed = await db.transaction((m) => clocks.resume(m, stopped, resumeAt, SYSTEM, 'answered'));
    const resumed = await stored(clock);
    expect(resumed).toMatchObject({ status: 'running', epoch: 3, runStartedAt: resumeAt, stoppedMs: 7 * DAY });
    expect(armed.map((t) => t.kind).sort()).toEqual(['deadline', 'warning']);
    await db.transaction((m) => clocks.finish(m, resumed, new Date('2026-08-13T02:00:00Z'), SYSTEM, 'decided'));
    expect(await stored(clock)).toMatchObject({ status: 'finished', epoch: 4 });
    expect((await repo.eventsOfCase(clock.applicationId)).map((e) => e.kind)).toEqual(['start', 'stop', 'resume', 'finish']);
  });

  it('a stop written on a clock another transaction moved to a new epoch is refused (409 clock-changed) and overwrites nothing', async () => {
    const readByOfficer = await startStatutory(5);
    const readByPublisher = await stored(readByOfficer);
    // a calendar publication (here: the demo clock) re-arms the clock: epoch 2, a new deadline
    const moved = new Date('2026-08-03T02:00:30Z');
    await db.transaction((m) => clocks.adjust(m, readByPublisher, new Date('2026-08-03T02:00:00Z'), 30_000, SYSTEM, 'moved'));
    const err = await db.transaction((m) => clocks.stop(m, readByOfficer, new Date('2026-08-03T03:00:00Z'), SYSTEM, 'deficiency notice')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'conflict', code: 'clock-changed' });
    expect(await stored(readByOfficer)).toMatchObject({ status: 'running', epoch: 2, deadlineAt: moved, stops: 0 });
  });

  it('a timer flags only its own epoch, once, when due; a later lifecycle write keeps the flag', async () => {
    const clock = await startStatutory(5);
    const readBeforeFlag = await stored(clock);
    const now = new Date(readBeforeFlag.warnAt!.getTime() + 1000);
    // early, stale and duplicate timers change nothing
    expect(await db.transaction((m) => repo.flagDue(m, { clockId: clock.id, epoch: 1, kind: 'warning' }, new Date(readBeforeFlag.warnAt!.getTime() - 1)))).toBeNull();
    expect(await db.transaction((m) => repo.flagDue(m, { clockId: clock.id, epoch: 2, kind: 'warning' }, now))).toBeNull();
    const flagged = await db.transaction((m) => repo.flagDue(m, { clockId: clock.id, epoch: 1, kind: 'warning' }, now));
    expect(flagged).toMatchObject({ id: clock.id, epoch: 1, warnedAt: now });
    expect(await db.transaction((m) => repo.flagDue(m, { clockId: clock.id, epoch: 1, kind: 'warning' }, now))).toBeNull();
    // the officer read the clock before the warning fired; the stop keeps the warning
    await db.transaction((m) => clocks.stop(m, readBeforeFlag, new Date(now.getTime() + 1000), SYSTEM, 'deficiency notice'));
    expect(await stored(clock)).toMatchObject({ status: 'stopped', epoch: 2, warnedAt: now });
  });

  it('a breach records how late it was flagged; the due-before queries and the calendar lock find what they should', async () => {
    const clock = await startStatutory(1);
    const deadline = clock.deadlineAt!;
    const now = new Date(deadline.getTime() + 90_000);
    expect((await repo.dueBefore('deadline', now, 50_000)).map((c) => c.id)).toContain(clock.id);
    expect((await repo.unflaggedDueBefore('deadline', now, 50_000)).map((c) => c.id)).toContain(clock.id);
    expect(await repo.dueInstant({ clockId: clock.id, epoch: 1, kind: 'deadline' })).toEqual(deadline);
    const breached = await db.transaction((m) => repo.flagDue(m, { clockId: clock.id, epoch: 1, kind: 'deadline' }, now));
    expect(breached).toMatchObject({ breachedAt: now, breachLateMs: 90_000 });
    expect((await repo.dueBefore('deadline', now, 50_000)).map((c) => c.id)).not.toContain(clock.id);
    expect(await repo.dueInstant({ clockId: clock.id, epoch: 1, kind: 'deadline' })).toBeNull();
    expect((await repo.breachedRunning(['medium-type'], 50_000)).map((c) => c.id)).toContain(clock.id);
    expect((await repo.breachedRunning([], 50_000)).map((c) => c.id)).not.toContain(clock.id);
    // a breached clock keeps the deadline it breached: a calendar publication does not lock it
    const running = await startStatutory(3);
    const locked = await db.transaction((m) => repo.lockRunningOfCalendars(m, ['id-national']));
    expect(locked.map((c) => c.id)).toContain(running.id);
    expect(locked.map((c) => c.id)).not.toContain(clock.id);
    expect(await db.transaction((m) => repo.deadlinesOf(m, running.applicationId))).toEqual({ next: running.deadlineAt, statutory: running.deadlineAt });
  });
});
