/**
 * Types of the business-calendar data (`config/calendars/*.yaml`) and of the values the
 * calendar computes. Everything here is plain, serialisable data.
 *
 * Conventions used throughout `@tenggat/calendar`:
 * - an *instant* is a JS `Date` (a UTC instant);
 * - a *local date* is a `'YYYY-MM-DD'` string in the calendar's time zone;
 * - working time is measured in milliseconds of elapsed time that fall inside local working
 *   days; in every Indonesian zone (fixed offsets, no DST) a working day is exactly
 *   {@link DAY_MS} long;
 * - the *end of a local day* is its LAST millisecond, `23:59:59.999` local time (inclusive);
 *   the next local day starts 1 ms later.
 */

/** Length of one (non-DST) day in milliseconds: 86 400 000. */
export const DAY_MS = 86_400_000;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One dated non-working day in the data. `date` is a local date `'YYYY-MM-DD'`. */
export interface CalendarDay {
  readonly date: string;
  readonly name: string;
}

/**
 * A regional non-working day (agency calendars). With `annual: true` the day repeats every year
 * on the same month and day, starting with the year of `date` (29 February cannot be annual).
 */
export interface ExtraDay extends CalendarDay {
  readonly annual?: boolean;
}

/** One year of an official (or draft) list of national holidays and collective leave. */
export interface CalendarYear {
  /** true when the list is the one decreed (SKB); false for a draft, which makes the year provisional. */
  readonly official: boolean;
  /** The decree (and amendments) the list comes from; required when `official` is true. */
  readonly source?: string;
  readonly holidays: readonly CalendarDay[];
  readonly collectiveLeave: readonly CalendarDay[];
}

/** One calendar file, as written by an admin and validated by `parseCalendar`. */
export interface CalendarDefinition {
  /** kebab-case id, e.g. `id-national`. */
  readonly id: string;
  readonly name: string;
  /** IANA zone; required when `extends` is null, otherwise inherited when absent. */
  readonly timeZone?: string;
  /** ISO weekdays off; required when `extends` is null, otherwise inherited when absent. */
  readonly weekend?: readonly IsoWeekday[];
  /** Parent calendar id whose days are inherited, or null. */
  readonly extends: string | null;
  /** Keyed by the calendar year (e.g. 2026). */
  readonly years: Readonly<Record<number, CalendarYear>>;
  readonly extraDays: readonly ExtraDay[];
}

/** One problem in a calendar document. `path` is e.g. `years.2026.holidays[3].date`; `''` is the document. */
export interface CalendarFault {
  readonly path: string;
  readonly message: string;
}

export type CalendarParseResult =
  | { readonly ok: true; readonly calendar: CalendarDefinition }
  | { readonly ok: false; readonly faults: readonly CalendarFault[] };

/** A day of a resolved year, remembering which calendar of the chain declared it. */
export interface ResolvedDay extends CalendarDay {
  readonly calendarId: string;
}

export interface ResolvedExtraDay extends ExtraDay {
  readonly calendarId: string;
}

/** A year as merged over an `extends` chain. */
export interface ResolvedYear {
  readonly year: number;
  /** true only if every calendar of the chain that defines this year marks it official. */
  readonly official: boolean;
  /** `"<calendar id>: <source>"` for each defining calendar that names a source. */
  readonly sources: readonly string[];
  readonly holidays: readonly ResolvedDay[];
  readonly collectiveLeave: readonly ResolvedDay[];
}

/** A calendar with its `extends` chain merged in; input of `BusinessCalendar`. */
export interface ResolvedCalendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly weekend: readonly IsoWeekday[];
  /** Ids from this calendar up to its root, e.g. `['sulsel', 'id-national']`. */
  readonly chain: readonly string[];
  /** Years defined anywhere in the chain, keyed by year. */
  readonly years: Readonly<Record<number, ResolvedYear>>;
  /** Regional days of every calendar in the chain. */
  readonly extraDays: readonly ResolvedExtraDay[];
  /**
   * sha256 (hex) of the resolved data (not of the date-holidays fallback): changes exactly when
   * the effective calendar data changes, so stored deadlines can be tagged and recomputed.
   */
  readonly fingerprint: string;
}

/** A fault of a set of calendars: which text (index) and which calendar it concerns, if known. */
export interface CalendarSetFault extends CalendarFault {
  readonly text: number | null;
  readonly calendarId: string | null;
}

export type CalendarResolveResult =
  | { readonly ok: true; readonly calendars: readonly ResolvedCalendar[] }
  | { readonly ok: false; readonly faults: readonly CalendarSetFault[] };

export type NonWorkingKind = 'weekend' | 'holiday' | 'collective-leave' | 'regional';

export interface NonWorkingDay {
  readonly date: string;
  readonly name: string;
  readonly kind: NonWorkingKind;
  /** Calendar that declared the day; null for weekends and for days computed by date-holidays. */
  readonly calendarId: string | null;
}

/** Everything known about one local date. */
export interface DayInfo {
  readonly date: string;
  /** ISO weekday of the date. */
  readonly weekday: IsoWeekday;
  readonly working: boolean;
  /** Why the day is not working (a weekend entry first, then holidays, leave, regional days). */
  readonly reasons: readonly NonWorkingDay[];
  /** true when the year has no official list (computed by date-holidays, or a draft). */
  readonly provisional: boolean;
}

export interface DeadlineResult {
  /** Last millisecond (23:59:59.999 local) of the deadline day. */
  readonly deadline: Date;
  /** true when any day consulted lies in a year without an official list. */
  readonly provisional: boolean;
}

export interface InstantResult {
  readonly instant: Date;
  readonly provisional: boolean;
}

export interface WorkingTimeResult {
  readonly ms: number;
  readonly provisional: boolean;
}

export interface WorkingDaysResult {
  /** Working time in days (ms / DAY_MS); may be fractional. */
  readonly days: number;
  readonly provisional: boolean;
}
