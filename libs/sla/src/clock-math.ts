import { DAY_MS } from '@tenggat/calendar';
import { WorkingCalendar } from './working-calendar';

export { DAY_MS };

/** Milliseconds of (working) time as days, to two decimals, for views and reports. */
export const toDays = (ms: number): number => Math.round((ms / DAY_MS) * 100) / 100;

/**
 * The pure arithmetic of an SLA clock. A clock has a budget of working time, the working time
 * consumed in earlier run segments, and (while running) the instant its current segment
 * started. The start day of a clock never counts ("N working days after the day of
 * submission"), so a first segment starts at the next local midnight; a resumed segment starts
 * at the moment of resumption, so a stop never gains or loses working time. Deadlines are
 * rounded up to the end of the working day in which the budget runs out.
 */
export interface ClockState {
  readonly budgetMs: number;
  readonly consumedMs: number;
  /** Start of the running segment; null while stopped or finished. */
  readonly runStartedAt: Date | null;
}

export interface Schedule {
  readonly deadline: Date;
  readonly warnAt: Date;
  readonly provisional: boolean;
}

/** The first instant that counts for a clock started at `at`: the next local midnight. */
export function firstCountingInstant(cal: WorkingCalendar, at: Date): Date {
  return new Date(cal.endOfDay(at).getTime() + 1);
}

/** Working time consumed by `now`, over all segments. */
export function consumedAt(cal: WorkingCalendar, c: ClockState, now: Date): { ms: number; provisional: boolean } {
  if (c.runStartedAt === null) return { ms: c.consumedMs, provisional: false };
  const seg = cal.workingTimeBetween(c.runStartedAt, now);
  return { ms: c.consumedMs + seg.ms, provisional: seg.provisional };
}

export function remainingAt(cal: WorkingCalendar, c: ClockState, now: Date): number {
  return c.budgetMs - consumedAt(cal, c, now).ms;
}

/**
 * The instant at which `ms` more working time has elapsed from `from`, rounded up to the end
 * of that working day. For ms <= 0 the answer is `from` itself (already due).
 */
export function dueAfter(cal: WorkingCalendar, from: Date, ms: number): { instant: Date; provisional: boolean } {
  if (ms <= 0) return { instant: from, provisional: false };
  const exact = cal.addWorkingTime(from, ms);
  // addWorkingTime answers the first instant after the last counted millisecond; step back
  // into that working day before rounding to its end.
  const end = cal.endOfWorkingDay(new Date(exact.instant.getTime() - 1));
  return { instant: end.instant, provisional: exact.provisional || end.provisional };
}

/** Deadline and warning instants of a running clock. */
export function scheduleOf(cal: WorkingCalendar, c: ClockState, warningShare: number): Schedule {
  if (c.runStartedAt === null) throw new Error('a stopped clock has no schedule');
  const remaining = c.budgetMs - c.consumedMs;
  const deadline = dueAfter(cal, c.runStartedAt, remaining);
  const warnRemaining = Math.round(c.budgetMs * warningShare) - c.consumedMs;
  const warn = warnRemaining <= 0 ? { instant: c.runStartedAt, provisional: false } : exactAfter(cal, c.runStartedAt, warnRemaining);
  return {
    deadline: deadline.instant,
    warnAt: warn.instant.getTime() > deadline.instant.getTime() ? deadline.instant : warn.instant,
    provisional: deadline.provisional || warn.provisional,
  };
}

/** Warnings fire at the exact share of the budget, not rounded to a day's end. */
function exactAfter(cal: WorkingCalendar, from: Date, ms: number): { instant: Date; provisional: boolean } {
  return cal.addWorkingTime(from, ms);
}

/** Stops a running clock at `now`: its consumed time absorbs the running segment. */
export function stop(cal: WorkingCalendar, c: ClockState, now: Date): ClockState {
  return { budgetMs: c.budgetMs, consumedMs: consumedAt(cal, c, now).ms, runStartedAt: null };
}

/** Resumes a stopped clock at `now` with what remains of its budget. */
export function resume(c: ClockState, now: Date): ClockState {
  return { ...c, runStartedAt: now };
}

/** A new clock of `workingDays` started at `at` (counting from the next local day). */
export function start(cal: WorkingCalendar, budgetMs: number, at: Date): ClockState {
  return { budgetMs, consumedMs: 0, runStartedAt: firstCountingInstant(cal, at) };
}

/**
 * What a clock's budget is counted in: working days of the agency calendar (statutory and state
 * clocks, response windows given in working days) or calendar days (response windows given in
 * calendar days; the permit type's state says which).
 */
export type ClockUnit = 'working-days' | 'calendar-days';

/** The parts of a clock its figures are computed from. */
export interface FigureInput extends ClockState {
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly deadlineAt: Date | null;
}

/**
 * A clock's figures in milliseconds of its unit: consumed and remaining each within [0, budget]
 * (consumed + remaining = budget), and what was consumed beyond the budget as `overdueMs`.
 */
export interface ClockFigures {
  readonly unit: ClockUnit;
  readonly budgetMs: number;
  readonly consumedMs: number;
  readonly remainingMs: number;
  readonly overdueMs: number;
}

/**
 * Time a clock has consumed by `now` (or by its finish) in its unit, never negative, possibly
 * beyond the budget. Working-day clocks: working time over all run segments. Calendar-day
 * windows (never stopped) count, like every clock, from the first instant after their start day:
 * the end of their deadline day minus the budget (or the next local midnight after the start).
 * They used to be measured as `budget - (deadline - now)`, which on the start day itself (not
 * yet counting) gave `consumed < 0` and `remaining > budget`.
 */
export function consumedInUnit(cal: WorkingCalendar, c: FigureInput, unit: ClockUnit, now: Date): number {
  const until = c.finishedAt ?? now;
  if (unit === 'working-days') return consumedAt(cal, c, until).ms;
  const origin = c.deadlineAt ? c.deadlineAt.getTime() + 1 - c.budgetMs : firstCountingInstant(cal, c.startedAt).getTime();
  return Math.max(0, until.getTime() - origin);
}

/** Budget, consumed, remaining and overdue of a clock at `now`, in its unit (see ClockFigures). */
export function figuresAt(cal: WorkingCalendar, c: FigureInput, unit: ClockUnit, now: Date): ClockFigures {
  return figuresOf(unit, c.budgetMs, consumedInUnit(cal, c, unit, now));
}

/** Clamps raw figures: consumed and remaining within [0, budget], the excess as overdue. */
export function figuresOf(unit: ClockUnit, budgetMs: number, rawConsumedMs: number): ClockFigures {
  const budget = Math.max(0, budgetMs);
  const consumed = Math.min(budget, Math.max(0, rawConsumedMs));
  return { unit, budgetMs: budget, consumedMs: consumed, remainingMs: budget - consumed, overdueMs: Math.max(0, rawConsumedMs - budget) };
}

/**
 * Deadline of a response window in calendar days: the end of the N-th local day after `at`,
 * found by stepping from one local day's end to the next (the calendar places days without
 * luxon; a day of 23 or 25 hours is one day like any other).
 */
export function calendarDaysDeadline(cal: WorkingCalendar, at: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
  let end = cal.endOfDay(at);
  for (let k = 0; k < days; k++) end = cal.endOfDay(new Date(end.getTime() + 1));
  return end;
}

/** Whole working days overdue at `now` (0 when not late): used for delay compensation. */
export function workingDaysLate(cal: WorkingCalendar, deadline: Date, now: Date): number {
  if (now.getTime() <= deadline.getTime()) return 0;
  return Math.ceil(cal.workingTimeBetween(new Date(deadline.getTime() + 1), now).ms / DAY_MS);
}

/** Whole working days by which `consumedMs` exceeds the budget (0 within budget). */
export function workingDaysOver(consumedMs: number, budgetMs: number): number {
  return consumedMs <= budgetMs ? 0 : Math.ceil((consumedMs - budgetMs) / DAY_MS);
}

export function compensationOwed(
  daysLate: number,
  policy: { perWorkingDay: number; cap: number } | undefined,
): number {
  if (!policy || daysLate <= 0) return 0;
  return Math.min(policy.cap, daysLate * policy.perWorkingDay);
}
