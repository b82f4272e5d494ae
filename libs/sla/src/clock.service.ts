import { Injectable } from '@nestjs/common';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { AppConfig } from '@tenggat/platform';
import { EntityManager } from 'typeorm';
import * as math from './clock-math';
import { ClockEntity, ClockEventEntity, ClockEventKind, ClockKind } from './clock.entity';
import { ClockRepository } from './clock.repository';
import type { ClockWriteBatch } from './clock-write-batch';
import { TimerRequest } from './sla.queues';
import { WorkingCalendar } from './working-calendar';

export interface ClockActor {
  id: string | null;
  role: string;
}

export interface ClockOwner {
  applicationId: string;
  agencyCode: string;
  permitTypeCode: string;
  calendarId: string;
  /** Share of the budget at which the warning fires (the permit type's, or the default). */
  warningShare?: number;
}

const DAY = math.DAY_MS;

/**
 * Starts, stops, resumes and finishes clocks inside the caller's transaction, records every
 * change as a clock event, and returns the timers to arm after commit.
 */
/** A clock's history entry at `at`, with the time it had consumed by then. */
function eventRow(clock: ClockEntity, kind: ClockEventKind, at: Date, actor: ClockActor, reason: string | null, consumed: number): Omit<ClockEventEntity, 'id'> {
  return {
    clockId: clock.id,
    applicationId: clock.applicationId,
    clockKind: clock.kind,
    stateName: clock.stateName,
    at,
    kind,
    actorId: actor.id,
    actorRole: actor.role,
    reason,
    consumedMs: consumed,
    remainingMs: clock.budgetMs - consumed,
    deadlineAt: clock.deadlineAt,
  };
}

@Injectable()
export class ClockService {
  constructor(
    private readonly calendars: CalendarRegistry,
    private readonly config: AppConfig,
    private readonly repo: ClockRepository,
  ) {}

  /**
   * The same service with its writes kept in `batch` instead of sent (reads of the latest clock
   * answer from the clocks the batch was given): `ClockRepository.writeBatch` sends them.
   */
  deferringTo(batch: ClockWriteBatch): ClockService {
    return new ClockService(this.calendars, this.config, batch);
  }

  /** The latest clock of this kind (and state): the statutory clock in any status, the others only while running. */
  async find(m: EntityManager, applicationId: string, kind: ClockKind, stateName: string | null): Promise<ClockEntity | null> {
    return this.repo.latest(m, applicationId, kind, stateName);
  }

  /** Starts a clock of `workingDays` (the start day itself never counts). */
  async startWorkingDays(
    m: EntityManager,
    owner: ClockOwner,
    kind: ClockKind,
    stateName: string | null,
    workingDays: number,
    at: Date,
    actor: ClockActor,
    onTimeout: string | null = null,
  ): Promise<TimerRequest[]> {
    const cal = await this.calendars.get(owner.calendarId);
    const state = math.start(cal, workingDays * DAY, at);
    const clock = m.create(ClockEntity, {
      applicationId: owner.applicationId,
      agencyCode: owner.agencyCode,
      permitTypeCode: owner.permitTypeCode,
      kind,
      stateName,
      calendarId: owner.calendarId,
      budgetMs: state.budgetMs,
      consumedMs: 0,
      status: 'running',
      runStartedAt: state.runStartedAt,
      epoch: 1,
      startedAt: at,
      onTimeout,
    });
    this.schedule(cal, clock, owner.warningShare);
    if (kind === 'response') Object.assign(clock, { warnAt: null, warnedAt: at }); // the applicant's window: no warning to the agency
    await this.repo.start(m, clock);
    await this.record(m, clock, 'start', at, actor, null);
    return this.timers(clock);
  }

  /** Starts a response window in calendar days: it ends at the end of the N-th local day after `at`. */
  async startCalendarDays(
    m: EntityManager,
    owner: ClockOwner,
    stateName: string,
    calendarDays: number,
    at: Date,
    actor: ClockActor,
    onTimeout: string,
  ): Promise<TimerRequest[]> {
    const cal = await this.calendars.get(owner.calendarId);
    const deadline = math.calendarDaysDeadline(cal, at, calendarDays);
    const clock = m.create(ClockEntity, {
      applicationId: owner.applicationId,
      agencyCode: owner.agencyCode,
      permitTypeCode: owner.permitTypeCode,
      kind: 'response',
      stateName,
      calendarId: owner.calendarId,
      budgetMs: calendarDays * DAY,
      consumedMs: 0,
      status: 'running',
      runStartedAt: at,
      deadlineAt: deadline,
      warnAt: null,
      provisional: false,
      epoch: 1,
      startedAt: at,
      onTimeout,
      warnedAt: at, // response windows carry no warning
    });
    await this.repo.start(m, clock);
    await this.record(m, clock, 'start', at, actor, null);
    return this.timers(clock);
  }

  /**
   * Stops a running clock; the consumed time is kept, so a restart never starts over. Returns
   * the now stale timers, to remove after commit.
   */
  async stop(m: EntityManager, clock: ClockEntity, at: Date, actor: ClockActor, reason: string | null): Promise<TimerRequest[]> {
    if (clock.status !== 'running') return [];
    const stale = this.cancels(clock);
    const cal = await this.calendars.get(clock.calendarId);
    const next = math.stop(cal, clock, at);
    const from = clock.epoch;
    Object.assign(clock, {
      consumedMs: next.consumedMs,
      runStartedAt: next.runStartedAt,
      status: 'stopped',
      deadlineAt: null,
      warnAt: null,
      stops: clock.stops + 1,
      stoppedAt: at,
      epoch: from + 1,
    });
    await this.repo.stop(m, clock, from);
    await this.record(m, clock, 'stop', at, actor, reason);
    return stale;
  }

  /** Resumes a stopped clock with its remaining budget. */
  async resume(m: EntityManager, clock: ClockEntity, at: Date, actor: ClockActor, reason: string | null, warningShare?: number): Promise<TimerRequest[]> {
    if (clock.status !== 'stopped') return [];
    const cal = await this.calendars.get(clock.calendarId);
    const stoppedFor = clock.stoppedAt ? at.getTime() - clock.stoppedAt.getTime() : 0;
    const from = clock.epoch;
    Object.assign(clock, {
      runStartedAt: math.resume(clock, at).runStartedAt, // the remaining budget runs from now
      status: 'running',
      stoppedMs: clock.stoppedMs + Math.max(0, stoppedFor),
      stoppedAt: null,
      epoch: from + 1,
    });
    this.schedule(cal, clock, warningShare);
    await this.repo.resume(m, clock, from);
    await this.record(m, clock, 'resume', at, actor, reason);
    return this.timers(clock);
  }

  /**
   * Finishes a clock (final state, or the state it measured was left); returns its stale timers.
   * The consumed time is kept in the clock's unit (a response window given in calendar days
   * keeps calendar time).
   */
  async finish(
    m: EntityManager,
    clock: ClockEntity,
    at: Date,
    actor: ClockActor,
    reason: string | null,
    unit: math.ClockUnit = 'working-days',
  ): Promise<TimerRequest[]> {
    if (clock.status === 'finished') return [];
    const stale = this.cancels(clock);
    const cal = await this.calendars.get(clock.calendarId);
    const consumed = math.consumedInUnit(cal, clock, unit, at);
    const from = clock.epoch;
    Object.assign(clock, { consumedMs: consumed, runStartedAt: null, status: 'finished', finishedAt: at, epoch: from + 1 });
    await this.repo.finish(m, clock, from);
    await this.record(m, clock, 'finish', at, actor, reason, undefined, unit);
    return stale;
  }

  /**
   * Recomputes the deadline of a running working-day clock (after a calendar change) without
   * changing the time it has consumed; a new epoch makes the old timers stale. `cal` is the
   * calendar to compute with (the one being published) when it is not yet in the registry.
   * A clock that has already breached keeps the deadline it breached: that is the record its
   * lateness (and any delay compensation) is counted from.
   */
  async recompute(
    m: EntityManager,
    clock: ClockEntity,
    at: Date,
    reason: string,
    warningShare?: number,
    cal?: WorkingCalendar,
  ): Promise<{ moved: boolean; timers: TimerRequest[] }> {
    if (clock.status !== 'running' || clock.breachedAt !== null) return { moved: false, timers: [] };
    const calendar = cal ?? (await this.calendars.get(clock.calendarId));
    const before = { deadline: clock.deadlineAt?.getTime(), warn: clock.warnAt?.getTime(), provisional: clock.provisional };
    const stale = this.cancels(clock);
    // settle consumption up to now with the new calendar, then re-anchor
    const anchor = { consumedMs: clock.consumedMs, runStartedAt: clock.runStartedAt };
    if (clock.runStartedAt && clock.runStartedAt.getTime() < at.getTime()) {
      clock.consumedMs = math.consumedAt(calendar, clock, at).ms;
      clock.runStartedAt = at;
    }
    this.schedule(calendar, clock, warningShare);
    if (clock.kind === 'response') clock.warnAt = null; // the applicant's window carries no warning to the agency
    const moved =
      clock.deadlineAt?.getTime() !== before.deadline || clock.warnAt?.getTime() !== before.warn || clock.provisional !== before.provisional;
    if (!moved) {
      Object.assign(clock, anchor); // nothing to record: leave the row as it was
      return { moved: false, timers: [] };
    }
    clock.epoch += 1;
    await this.repo.rearm(m, clock, clock.epoch - 1);
    await this.record(m, clock, 'recompute', at, { id: null, role: 'system' }, reason, calendar);
    return { moved: true, timers: [...stale, ...this.timers(clock)] };
  }

  /**
   * A definition migration gives a clock a new budget (a shorter statutory time the new version
   * applies to open cases, or the new state's SLA). The consumed time is kept; a running clock
   * gets the deadline of the new budget and a new epoch (its old timers become stale); a stopped
   * one stays without a deadline. Recorded as a `recompute` event with the reason. Answers the
   * timers to arm (and the stale ones to remove) after commit.
   */
  async rebudget(m: EntityManager, clock: ClockEntity, budgetMs: number, at: Date, actor: ClockActor, reason: string, warningShare?: number): Promise<TimerRequest[]> {
    if (clock.status === 'finished' || clock.budgetMs === budgetMs) return [];
    const stale = this.cancels(clock);
    const cal = await this.calendars.get(clock.calendarId);
    const from = clock.epoch;
    if (clock.status === 'running' && clock.runStartedAt && clock.runStartedAt.getTime() < at.getTime()) {
      clock.consumedMs = math.consumedAt(cal, clock, at).ms;
      clock.runStartedAt = at;
    }
    clock.budgetMs = budgetMs;
    if (clock.status === 'running') this.schedule(cal, clock, warningShare);
    clock.epoch = from + 1;
    await this.repo.rebudget(m, clock, from);
    await this.record(m, clock, 'recompute', at, actor, reason);
    return [...stale, ...this.timers(clock)];
  }

  /** What {@link rebudget} would make of a clock's deadline and warning, without writing anything. */
  async previewBudget(clock: ClockEntity, budgetMs: number, at: Date, warningShare?: number): Promise<{ deadline: Date | null; warnAt: Date | null }> {
    if (clock.status !== 'running') return { deadline: null, warnAt: null };
    const cal = await this.calendars.get(clock.calendarId);
    const copy = Object.assign(new ClockEntity(), clock);
    if (copy.runStartedAt && copy.runStartedAt.getTime() < at.getTime()) {
      copy.consumedMs = math.consumedAt(cal, copy, at).ms;
      copy.runStartedAt = at;
    }
    copy.budgetMs = budgetMs;
    this.schedule(cal, copy, warningShare);
    return { deadline: copy.deadlineAt, warnAt: copy.warnAt };
  }

  /** The deadline a new working-day clock started at `at` would have, without writing anything. */
  async previewStart(calendarId: string, workingDays: number, at: Date, warningShare?: number): Promise<{ deadline: Date | null; warnAt: Date | null }> {
    const cal = await this.calendars.get(calendarId);
    const state = math.start(cal, workingDays * DAY, at);
    const copy = Object.assign(new ClockEntity(), { budgetMs: state.budgetMs, consumedMs: 0, runStartedAt: state.runStartedAt, status: 'running' });
    this.schedule(cal, copy, warningShare);
    return { deadline: copy.deadlineAt, warnAt: copy.warnAt };
  }

  /**
   * Demo and test only: rewrites a running clock so that its deadline is `remainingMs` of real
   * time after `at`. Its consumed time becomes budget minus that (so the warning share is
   * usually past and fires at once), the deadline ignores the calendar, and a new epoch re-arms
   * the timers. Recorded as an `adjust` event with the reason.
   */
  async adjust(
    m: EntityManager,
    clock: ClockEntity,
    at: Date,
    remainingMs: number,
    actor: ClockActor,
    reason: string,
    warningShare?: number,
  ): Promise<TimerRequest[]> {
    if (clock.status !== 'running') return [];
    const stale = this.cancels(clock);
    const deadline = new Date(at.getTime() + remainingMs);
    if (clock.kind !== 'response') {
      const share = warningShare ?? this.config.get('SLA_WARNING_SHARE');
      clock.consumedMs = Math.max(0, clock.budgetMs - remainingMs);
      clock.runStartedAt = at;
      const untilWarning = Math.round(clock.budgetMs * share) - clock.consumedMs;
      clock.warnAt = new Date(at.getTime() + Math.min(remainingMs, Math.max(0, untilWarning)));
    }
    clock.deadlineAt = deadline;
    clock.epoch += 1;
    await this.repo.rearm(m, clock, clock.epoch - 1);
    await this.record(m, clock, 'adjust', at, actor, reason);
    return [...stale, ...this.timers(clock)];
  }

  /**
   * Budget, consumed, remaining and overdue of a clock at `now` in its unit: consumed and
   * remaining each within [0, budget], the excess as overdue (see clockMath.figuresAt).
   */
  async figures(clock: ClockEntity, unit: math.ClockUnit, now: Date): Promise<math.ClockFigures> {
    const cal = await this.calendars.get(clock.calendarId);
    return math.figuresAt(cal, clock, unit, now);
  }

  /** The working time a clock has left at `now` (negative when overdue). */
  async remainingMs(clock: ClockEntity, now: Date): Promise<number> {
    const cal = await this.calendars.get(clock.calendarId);
    return clock.kind === 'response' && clock.deadlineAt
      ? clock.deadlineAt.getTime() - now.getTime()
      : math.remainingAt(cal, clock, now);
  }

  /**
   * Whole working days past the deadline (at `now`, or at finishing). A clock stopped after its
   * deadline passed has no deadline: its lateness is the working time consumed beyond the
   * budget, so a deficiency notice sent after a breach does not wipe out what is owed. (The
   * oversight module reckons it the same way.)
   */
  async workingDaysLate(clock: ClockEntity, now: Date): Promise<number> {
    if (!clock.deadlineAt) return math.workingDaysOver(clock.consumedMs, clock.budgetMs);
    const cal = await this.calendars.get(clock.calendarId);
    return math.workingDaysLate(cal, clock.deadlineAt, clock.finishedAt ?? now);
  }

  timers(clock: ClockEntity): TimerRequest[] {
    if (clock.status !== 'running') return [];
    const base = { applicationId: clock.applicationId, clockId: clock.id, epoch: clock.epoch };
    const out: TimerRequest[] = [];
    if (clock.warnAt && !clock.warnedAt) out.push({ ...base, kind: 'warning', dueAt: clock.warnAt });
    if (clock.deadlineAt && !clock.breachedAt) out.push({ ...base, kind: 'deadline', dueAt: clock.deadlineAt });
    return out;
  }

  /** Both timers of the clock's current epoch, marked for removal (call before the epoch changes). */
  private cancels(clock: ClockEntity): TimerRequest[] {
    if (clock.status !== 'running') return [];
    const base = { applicationId: clock.applicationId, clockId: clock.id, epoch: clock.epoch, cancel: true };
    return [
      { ...base, kind: 'warning', dueAt: clock.warnAt ?? clock.startedAt },
      { ...base, kind: 'deadline', dueAt: clock.deadlineAt ?? clock.startedAt },
    ];
  }

  async recordEvent(m: EntityManager, clock: ClockEntity, kind: ClockEventKind, at: Date, actor: ClockActor, reason: string | null): Promise<void> {
    await this.record(m, clock, kind, at, actor, reason);
  }

  /** The same event for many clocks at once (a batch of warnings or breaches), in one INSERT. */
  async recordEvents(m: EntityManager, clocks: readonly ClockEntity[], kind: ClockEventKind, at: Date, actor: ClockActor, reason: string | null): Promise<void> {
    const rows: Omit<ClockEventEntity, 'id'>[] = [];
    for (const clock of clocks) {
      const cal = await this.calendars.get(clock.calendarId);
      const consumed = this.consumedForEvent(cal, clock, kind, at);
      rows.push(eventRow(clock, kind, at, actor, reason, consumed));
    }
    await this.repo.recordEvents(m, rows);
  }

  private schedule(cal: WorkingCalendar, clock: ClockEntity, warningShare?: number): void {
    const s = math.scheduleOf(cal, clock, warningShare ?? this.config.get('SLA_WARNING_SHARE'));
    clock.deadlineAt = s.deadline;
    clock.warnAt = s.warnAt;
    clock.provisional = s.provisional;
  }

  /**
   * Consumed time recorded with a clock event, in the clock's unit. A response window has used
   * nothing when it starts and all of its budget when it lapses (`breach`); when it finishes, its
   * unit comes from the caller (the permit type's state says which).
   */
  private consumedForEvent(cal: WorkingCalendar, clock: ClockEntity, kind: ClockEventKind, at: Date, unit?: math.ClockUnit): number {
    if (clock.kind !== 'response') return math.consumedAt(cal, clock, at).ms;
    if (kind === 'start') return 0;
    if (kind === 'breach') return clock.budgetMs;
    return math.consumedInUnit(cal, clock, unit ?? 'working-days', at);
  }

  private async record(
    m: EntityManager,
    clock: ClockEntity,
    kind: ClockEventKind,
    at: Date,
    actor: ClockActor,
    reason: string | null,
    calendar?: WorkingCalendar,
    unit?: math.ClockUnit,
  ): Promise<void> {
    const cal = calendar ?? (await this.calendars.get(clock.calendarId));
    const consumed = this.consumedForEvent(cal, clock, kind, at, unit);
    await this.repo.recordEvent(m, eventRow(clock, kind, at, actor, reason, consumed));
  }
}
