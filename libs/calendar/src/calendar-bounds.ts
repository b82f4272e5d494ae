/**
 * The bounds of every calendar computation. The calendar computes only inside a documented
 * range of years: outside it `date-holidays` (the fallback for years without a list) has been
 * seen never to return (year 1, year 200000), and nothing a licensing agency counts lies there.
 * Every day a computation consults must lie in the range, or it throws `CalendarRangeError`.
 */

/** First year the calendar computes in (inclusive). */
export const MIN_SUPPORTED_YEAR = 2000;
/** Last year the calendar computes in (inclusive). */
export const MAX_SUPPORTED_YEAR = 2100;
/** The most working days one deadline may count (about four years). */
export const MAX_WORKING_DAYS = 1000;

export function isSupportedYear(year: number): boolean {
  return Number.isSafeInteger(year) && year >= MIN_SUPPORTED_YEAR && year <= MAX_SUPPORTED_YEAR;
}

/** A computation needed a year outside MIN_SUPPORTED_YEAR..MAX_SUPPORTED_YEAR: refused, never attempted. */
export class CalendarRangeError extends RangeError {
  readonly code = 'calendar-year-out-of-range';

  constructor(readonly year: number) {
    super(`the calendar computes only in the years ${MIN_SUPPORTED_YEAR}-${MAX_SUPPORTED_YEAR}; this needs the year ${year}`);
    this.name = 'CalendarRangeError';
  }
}

/** Throws CalendarRangeError unless `year` is in the supported range. */
export function assertSupportedYear(year: number): void {
  if (!isSupportedYear(year)) throw new CalendarRangeError(year);
}

/** A computation ran out of its budget (see `timeBudget`). */
export class CalendarBudgetError extends Error {
  readonly code = 'calendar-budget-exceeded';

  constructor(readonly budgetMs: number) {
    super(`the calculation did not finish within its budget of ${budgetMs} ms`);
    this.name = 'CalendarBudgetError';
  }
}

/** A cooperative budget: long computations call `check()` between steps; it throws when spent. */
export interface WorkBudget {
  check(): void;
}

/**
 * A time budget of `ms` from now. The library reads no clock: the caller passes the time source
 * (e.g. `performance.now`), so tests can drive it.
 */
export function timeBudget(ms: number, now: () => number): WorkBudget {
  const until = now() + ms;
  return {
    check(): void {
      if (now() > until) throw new CalendarBudgetError(ms);
    },
  };
}
