import { DateTime, IANAZone } from 'luxon';
import {
  CalendarDefinition,
  DAY_MS,
  DayInfo,
  DeadlineResult,
  InstantResult,
  IsoWeekday,
  NonWorkingDay,
  NonWorkingKind,
  ResolvedCalendar,
  WorkingDaysResult,
  WorkingTimeResult,
} from './calendar.types';
import { assertSupportedYear, MAX_SUPPORTED_YEAR, MIN_SUPPORTED_YEAR, WorkBudget } from './calendar-bounds';
import { resolveCalendar } from './calendar-resolver';
import { computedIndonesianHolidays } from './computed-holidays';
import { civilOf, dayNumberOf, formatDayNumber, isLeapYear, parseLocalDate, weekdayOf, yearOfDayNumber } from './local-date.util';

/** How far (in years) a single computation may walk before giving up: the whole supported range. */
const MAX_YEARS_SCANNED = MAX_SUPPORTED_YEAR - MIN_SUPPORTED_YEAR + 1;
/** Hard bound on the days any one loop walks (every day of the supported range). */
const MAX_DAYS_WALKED = MAX_YEARS_SCANNED * 366;

const KIND_ORDER: Record<NonWorkingKind, number> = { weekend: 0, holiday: 1, 'collective-leave': 2, regional: 3 };

/** Everything about one calendar year, built once per calendar and year. */
interface YearTable {
  readonly year: number;
  readonly official: boolean;
  /** Day number of 1 January. */
  readonly firstDay: number;
  readonly length: number;
  /** 1 = non-working day, by day-of-year index. */
  readonly nonWorking: Uint8Array;
  /** starts[i] = UTC ms of local midnight starting day i; starts[length] = start of next year. */
  readonly starts: Float64Array;
  /** cumMs[i] = working ms in days [0, i) of the year. */
  readonly cumMs: Float64Array;
  /** cumDays[i] = working days among days [0, i) of the year. */
  readonly cumDays: Int32Array;
  /** Listed (non-weekend) non-working days of the year, sorted. */
  readonly entries: readonly NonWorkingDay[];
  /** Listed days by date. */
  readonly byDate: ReadonlyMap<string, readonly NonWorkingDay[]>;
}

/** A position: day `i` of year table `t`. */
interface Pos {
  t: YearTable;
  i: number;
}

function checkInstant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/**
 * Working-day arithmetic for one resolved calendar. Pure and deterministic: no clock is read,
 * every instant is passed in. Local dates are computed in the calendar's time zone.
 *
 * Conventions:
 * - working time is elapsed time inside local working days; each working day contributes
 *   its whole length (86 400 000 ms in every Indonesian zone), non-working days nothing;
 * - an "end of day" is the LAST millisecond of the local day (`23:59:59.999` local), so
 *   `deadline.toISOString()` rendered in the zone shows the deadline date; the next day
 *   starts 1 ms later (`endOf + 1`);
 * - years without an official list use date-holidays' computed public holidays plus the
 *   calendar's regional days; any result that consulted such a year is `provisional`;
 * - every day consulted must lie in the supported years (MIN_SUPPORTED_YEAR..MAX_SUPPORTED_YEAR),
 *   else the call throws `CalendarRangeError` before computing anything for that year; every
 *   loop has a hard bound.
 */
export class BusinessCalendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly weekend: readonly IsoWeekday[];
  readonly fingerprint: string;

  private readonly zone: IANAZone;
  private readonly weekendMask: readonly boolean[];
  private readonly tables = new Map<number, YearTable>();
  /** The zone's offset (ms) at the start of the last day `locate` placed exactly: its next guess. */
  private lastOffsetMs = 0;
  /** The year table of the last day `locate` placed. */
  private lastTable: YearTable | null = null;

  constructor(private readonly resolved: ResolvedCalendar) {
    if (!IANAZone.isValidZone(resolved.timeZone)) throw new RangeError(`invalid time zone '${resolved.timeZone}'`);
    this.id = resolved.id;
    this.name = resolved.name;
    this.timeZone = resolved.timeZone;
    this.weekend = [...resolved.weekend];
    this.fingerprint = resolved.fingerprint;
    this.zone = IANAZone.create(resolved.timeZone);
    const mask = new Array<boolean>(8).fill(false);
    for (const d of resolved.weekend) mask[d] = true;
    if (mask.slice(1).every(Boolean)) throw new RangeError('a calendar needs at least one working weekday');
    this.weekendMask = mask;
  }

  /** Convenience: resolve `id` among `defs` and build its calendar. */
  static fromDefinitions(defs: readonly CalendarDefinition[], id: string): BusinessCalendar {
    return new BusinessCalendar(resolveCalendar(defs, id));
  }

  // ---------------------------------------------------------------- data queries

  /** Years that have a list in the data (official or draft), ascending. */
  years(): number[] {
    return Object.keys(this.resolved.years)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** true when `year` has a list that every defining calendar of the chain marks official. */
  isOfficialYear(year: number): boolean {
    return this.resolved.years[year]?.official === true;
  }

  /** Whether the local date `'YYYY-MM-DD'` is a working day. Throws RangeError on a bad date. */
  isWorkingDay(localDate: string): boolean {
    const p = this.posOfDay(parseLocalDate(localDate));
    return p.t.nonWorking[p.i] === 0;
  }

  /**
   * The listed non-working days of `year` (holidays, collective leave, regional days; weekends
   * are not listed one by one), sorted by date. A date with several reasons appears once per reason.
   */
  nonWorkingDays(year: number): NonWorkingDay[] {
    if (!Number.isSafeInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
    return [...this.table(year).entries];
  }

  /** Everything known about one local date. */
  describeDay(localDate: string): DayInfo {
    const dn = parseLocalDate(localDate);
    const p = this.posOfDay(dn);
    const weekday = weekdayOf(dn);
    const reasons: NonWorkingDay[] = [];
    if (this.weekendMask[weekday]) reasons.push({ date: localDate, name: 'Akhir pekan', kind: 'weekend', calendarId: null });
    reasons.push(...(p.t.byDate.get(localDate) ?? []));
    return { date: localDate, weekday, working: p.t.nonWorking[p.i] === 0, reasons, provisional: !p.t.official };
  }

  // ---------------------------------------------------------------- local days

  /** The local date `'YYYY-MM-DD'` containing `instant`. */
  localDate(instant: Date): string {
    const p = this.locate(checkInstant(instant, 'instant'));
    return formatDayNumber(p.t.firstDay + p.i);
  }

  /** First instant (local 00:00) of a local date. */
  startOfLocalDay(localDate: string): Date {
    const p = this.posOfDay(parseLocalDate(localDate));
    return new Date(p.t.starts[p.i]);
  }

  /** Last millisecond (local 23:59:59.999) of a local date. */
  endOfLocalDay(localDate: string): Date {
    const p = this.posOfDay(parseLocalDate(localDate));
    return new Date(p.t.starts[p.i + 1] - 1);
  }

  /** Last millisecond (local 23:59:59.999) of the local day containing `instant`. */
  endOfDay(instant: Date): Date {
    const p = this.locate(checkInstant(instant, 'instant'));
    return new Date(p.t.starts[p.i + 1] - 1);
  }

  // ---------------------------------------------------------------- deadlines

  /**
   * End (last ms) of the N-th working day AFTER the local day of `start`; the start day never
   * counts, even when it is a working day. `workingDays = 0` gives the end of the start day.
   * A `budget` is checked before each further year is consulted.
   */
  deadline(start: Date, workingDays: number, budget?: WorkBudget): DeadlineResult {
    const ms = checkInstant(start, 'start');
    checkCount(workingDays, 'workingDays');
    if (workingDays === 0) return { deadline: this.endOfDay(start), provisional: false };
    const first = this.next(this.locate(ms));
    let t = first.t;
    let target = t.cumDays[first.i] + workingDays;
    while (target > t.cumDays[t.length]) {
      budget?.check();
      target -= t.cumDays[t.length];
      t = this.nextTable(t, first.t.year);
    }
    // smallest j with cumDays[j + 1] >= target: day j is the N-th working day
    const j = lowerBound(t.cumDays, target) - 1;
    return { deadline: new Date(t.starts[j + 1] - 1), provisional: this.provisional(first.t.year, t.year) };
  }

  /**
   * End (last ms) of the local day containing `instant` when that day is working, else the end
   * of the next working day. Use it to round a computed instant up to a working day's end.
   */
  endOfWorkingDay(instant: Date): InstantResult {
    const p = this.locate(checkInstant(instant, 'instant'));
    const firstYear = p.t.year;
    let q = p;
    for (let steps = 0; q.t.nonWorking[q.i] === 1; steps++) {
      if (steps >= MAX_DAYS_WALKED) throw new RangeError('no working day found');
      q = this.next(q);
    }
    return { instant: new Date(q.t.starts[q.i + 1] - 1), provisional: this.provisional(firstYear, q.t.year) };
  }

  /**
   * The deadline of a remaining working-time budget: the end (last ms) of the working day in which
   * the `ms`-th working millisecond after `from` falls (`ms = 0`: `endOfWorkingDay(from)`).
   * For N >= 1: `deadline(s, N)` equals `deadlineForWorkingTime(<start of the day after s>, N * DAY_MS)`.
   */
  deadlineForWorkingTime(from: Date, ms: number): DeadlineResult {
    checkInstant(from, 'from');
    checkCount(ms, 'ms');
    if (ms === 0) {
      const e = this.endOfWorkingDay(from);
      return { deadline: e.instant, provisional: e.provisional };
    }
    const reached = this.addWorkingTime(from, ms);
    // the last counted millisecond is reached - 1, which lies inside a working day
    const e = this.endOfWorkingDay(new Date(reached.instant.getTime() - 1));
    return { deadline: e.instant, provisional: reached.provisional || e.provisional };
  }

  // ---------------------------------------------------------------- working time

  /** Working milliseconds in [a, b); 0 when b <= a. Partial days count their working part. */
  workingTimeBetween(a: Date, b: Date): WorkingTimeResult {
    const am = checkInstant(a, 'a');
    const bm = checkInstant(b, 'b');
    if (bm <= am) return { ms: 0, provisional: false };
    const pa = this.locate(am);
    // the last day consulted is the one holding b - 1 ms (b itself is excluded)
    const pb = this.locate(bm - 1);
    const wa = workAt(pa, am);
    const wb = workAt(pb, bm);
    let ms: number;
    if (pa.t.year === pb.t.year) {
      ms = wb - wa;
    } else {
      ms = pa.t.cumMs[pa.t.length] - wa;
      for (let y = pa.t.year + 1; y < pb.t.year; y++) {
        const t = this.table(y);
        ms += t.cumMs[t.length];
      }
      ms += wb;
    }
    return { ms, provisional: this.provisional(pa.t.year, pb.t.year) };
  }

  /** `workingTimeBetween` in days (ms / DAY_MS); may be fractional. */
  workingDaysBetween(a: Date, b: Date): WorkingDaysResult {
    const r = this.workingTimeBetween(a, b);
    return { days: r.ms / DAY_MS, provisional: r.provisional };
  }

  /**
   * The earliest instant t with `workingTimeBetween(from, t).ms === ms`. From inside non-working
   * time, counting starts at the next working day's start. `ms = 0` returns `from`. A result that
   * completes a working day exactly is the start of the following local day (exclusive end);
   * subtract 1 ms (or use `deadlineForWorkingTime`) for the end-of-day convention.
   */
  addWorkingTime(from: Date, ms: number): InstantResult {
    const fm = checkInstant(from, 'from');
    checkCount(ms, 'ms');
    if (ms === 0) return { instant: new Date(fm), provisional: false };
    const p = this.locate(fm);
    let t = p.t;
    let target = workAt(p, fm) + ms;
    while (target > t.cumMs[t.length]) {
      target -= t.cumMs[t.length];
      t = this.nextTable(t, p.t.year);
    }
    // smallest i with cumMs[i + 1] >= target: day i is working and holds the target
    const i = lowerBound(t.cumMs, target) - 1;
    return { instant: new Date(t.starts[i] + (target - t.cumMs[i])), provisional: this.provisional(p.t.year, t.year) };
  }

  // ---------------------------------------------------------------- internals

  private provisional(fromYear: number, toYear: number): boolean {
    for (let y = fromYear; y <= toYear; y++) if (!this.isOfficialYear(y)) return true;
    return false;
  }

  private nextTable(t: YearTable, firstYear: number): YearTable {
    if (t.year + 1 - firstYear > MAX_YEARS_SCANNED) throw new RangeError(`no result within ${MAX_YEARS_SCANNED} years`);
    return this.table(t.year + 1);
  }

  private next(p: Pos): Pos {
    return p.i + 1 < p.t.length ? { t: p.t, i: p.i + 1 } : { t: this.table(p.t.year + 1), i: 0 };
  }

  private posOfDay(dn: number): Pos {
    const t = this.table(yearOfDayNumber(dn));
    return { t, i: dn - t.firstDay };
  }

  /**
   * The local day holding the instant `ms`. Fast path: the zone's offset at the last day found
   * (a fixed-offset zone's only offset) places most instants without asking luxon, whose zone
   * offset formats a date through Intl each time (the what-if replay's hot spot). The guess is
   * used only when the day's start and end (already computed in a built year table) bracket the
   * instant, which only the one right day does; otherwise the exact path below answers.
   */
  private locate(ms: number): Pos {
    const guess = Math.floor((ms + this.lastOffsetMs) / DAY_MS);
    let gt = this.lastTable;
    if (gt === null || guess < gt.firstDay || guess >= gt.firstDay + gt.length) gt = this.tables.get(yearOfDayNumber(guess)) ?? null;
    if (gt !== null) {
      const gi = guess - gt.firstDay;
      if (ms >= gt.starts[gi] && ms < gt.starts[gi + 1]) {
        this.lastTable = gt;
        return { t: gt, i: gi };
      }
    }
    const p = this.locateExactly(ms);
    this.lastOffsetMs = (p.t.firstDay + p.i) * DAY_MS - p.t.starts[p.i];
    this.lastTable = p.t;
    return p;
  }

  /** The local day holding the instant `ms`, from the zone's offset at `ms`. */
  private locateExactly(ms: number): Pos {
    const dn = Math.floor((ms + this.zone.offset(ms) * 60_000) / DAY_MS);
    let { t, i } = this.posOfDay(dn);
    // align with the day starts of the table (robust against odd offset histories); an offset
    // is at most a day, so a couple of steps suffice: more means broken zone data
    let steps = 0;
    const step = (): void => {
      if (++steps > 4) throw new RangeError(`cannot place the instant ${ms} in the calendar's days`);
    };
    while (ms < t.starts[i]) {
      step();
      if (i > 0) i--;
      else {
        t = this.table(t.year - 1);
        i = t.length - 1;
      }
    }
    while (ms >= t.starts[i + 1]) {
      step();
      if (i + 1 < t.length) i++;
      else {
        t = this.table(t.year + 1);
        i = 0;
      }
    }
    return { t, i };
  }

  /** UTC ms of local midnight starting day number `dn` (the first existing instant of that day). */
  private startOfDayNumber(dn: number): number {
    const wall = dn * DAY_MS;
    const o1 = this.zone.offset(wall);
    const g1 = wall - o1 * 60_000;
    const o2 = this.zone.offset(g1);
    if (o1 === o2) return g1;
    const g2 = wall - o2 * 60_000;
    if (this.zone.offset(g2) === o2) return g2;
    // midnight does not exist (a DST gap): let luxon pick the first instant of the day
    const { year, month, day } = civilOf(dn);
    return DateTime.fromObject({ year, month, day }, { zone: this.zone }).startOf('day').toMillis();
  }

  private table(year: number): YearTable {
    const hit = this.tables.get(year);
    if (hit) return hit;
    assertSupportedYear(year); // before anything is computed for it (date-holidays included)
    const built = this.buildTable(year);
    this.tables.set(year, built);
    return built;
  }

  private buildTable(year: number): YearTable {
    const firstDay = dayNumberOf(year, 1, 1);
    const length = dayNumberOf(year + 1, 1, 1) - firstDay;
    const entries: NonWorkingDay[] = [];
    const data = this.resolved.years[year];
    if (data) {
      for (const d of data.holidays) entries.push({ date: d.date, name: d.name, kind: 'holiday', calendarId: d.calendarId });
      for (const d of data.collectiveLeave) entries.push({ date: d.date, name: d.name, kind: 'collective-leave', calendarId: d.calendarId });
    } else {
      for (const d of computedIndonesianHolidays(year)) entries.push({ date: d.date, name: d.name, kind: 'holiday', calendarId: null });
    }
    for (const d of this.resolved.extraDays) {
      const y = Number(d.date.slice(0, 4));
      if (y === year) entries.push({ date: d.date, name: d.name, kind: 'regional', calendarId: d.calendarId });
      else if (d.annual === true && y < year && (d.date.slice(5) !== '02-29' || isLeapYear(year))) {
        entries.push({ date: `${String(year).padStart(4, '0')}${d.date.slice(4)}`, name: d.name, kind: 'regional', calendarId: d.calendarId });
      }
    }
    // keep one entry per (date, kind, name)
    const seen = new Set<string>();
    const unique = entries.filter((e) => {
      const k = `${e.date}|${e.kind}|${e.name}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    unique.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind]));

    const nonWorking = new Uint8Array(length);
    const byDate = new Map<string, NonWorkingDay[]>();
    for (const e of unique) {
      const i = parseLocalDate(e.date) - firstDay;
      if (i < 0 || i >= length) continue;
      nonWorking[i] = 1;
      const list = byDate.get(e.date);
      if (list) list.push(e);
      else byDate.set(e.date, [e]);
    }
    for (let i = 0; i < length; i++) if (this.weekendMask[weekdayOf(firstDay + i)]) nonWorking[i] = 1;

    const starts = new Float64Array(length + 1);
    for (let i = 0; i <= length; i++) starts[i] = this.startOfDayNumber(firstDay + i);
    const cumMs = new Float64Array(length + 1);
    const cumDays = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      const working = nonWorking[i] === 0;
      cumMs[i + 1] = cumMs[i] + (working ? starts[i + 1] - starts[i] : 0);
      cumDays[i + 1] = cumDays[i] + (working ? 1 : 0);
    }
    return {
      year,
      official: this.isOfficialYear(year),
      firstDay,
      length,
      nonWorking,
      starts,
      cumMs,
      cumDays,
      entries: Object.freeze(unique.map((e) => Object.freeze(e))),
      byDate,
    };
  }
}

/** Working ms from the start of p's year up to `ms` (an instant inside day p.i or at its end). */
function workAt(p: Pos, ms: number): number {
  return p.t.cumMs[p.i] + (p.t.nonWorking[p.i] === 0 ? ms - p.t.starts[p.i] : 0);
}

/** Smallest k in [0, a.length) with a[k] >= v (a non-decreasing); a.length when none. */
function lowerBound(a: Float64Array | Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
