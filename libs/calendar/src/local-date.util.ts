import { DAY_MS, IsoWeekday } from './calendar.types';

/**
 * Civil-date arithmetic on "day numbers" (days since 1970-01-01 of a proleptic Gregorian
 * calendar, independent of any time zone). Pure integer arithmetic, no clock.
 */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day number of a civil date. `Date.UTC` maps the years 0-99 to 1900-1999, so the year is set
 * with `setUTCFullYear`, which takes it literally (year 2 is year 2, not 1902).
 */
export function dayNumberOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

/** Parses `'YYYY-MM-DD'` to a day number, or null when it is not a real date. */
export function tryParseLocalDate(value: string): number | null {
  const m = LOCAL_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const dn = dayNumberOf(year, month, day);
  return formatDayNumber(dn) === value ? dn : null;
}

/** Parses `'YYYY-MM-DD'` to a day number; throws RangeError when invalid. */
export function parseLocalDate(value: string): number {
  const dn = typeof value === 'string' ? tryParseLocalDate(value) : null;
  if (dn === null) throw new RangeError(`not a local date 'YYYY-MM-DD': ${String(value)}`);
  return dn;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilOf(dn: number): CivilDate {
  const d = new Date(dn * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function yearOfDayNumber(dn: number): number {
  return new Date(dn * DAY_MS).getUTCFullYear();
}

export function formatDayNumber(dn: number): string {
  const { year, month, day } = civilOf(dn);
  const y = year < 0 ? `-${String(-year).padStart(6, '0')}` : year > 9999 ? `+${year}` : String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOf(dn: number): IsoWeekday {
  return ((((dn + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A strictly parsed ISO 8601 start: a local date, or an instant with its offset. */
export type IsoStart =
  | { readonly kind: 'date'; readonly date: string; readonly year: number }
  | { readonly kind: 'instant'; readonly ms: number; readonly year: number };

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses `'YYYY-MM-DD'` or `'YYYY-MM-DDTHH:mm[:ss[.fff]](Z|+HH:MM|-HH:MM)'` strictly: a 4-digit
 * year (no expanded or 2-digit years), a real date (no 31 February), hours 00-23, minutes and
 * seconds 00-59, and an explicit offset on an instant. Anything else is null (never a guess,
 * unlike `new Date(string)`). `year` is the year as written.
 */
export function parseIsoStart(value: string): IsoStart | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const date = tryParseLocalDate(value);
  if (date !== null) return { kind: 'date', date: value, year: Number(value.slice(0, 4)) };
  const m = ISO_INSTANT.exec(value);
  if (!m) return null;
  const dn = tryParseLocalDate(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
  if (dn === null || h > 23 || min > 59 || sec > 59) return null;
  const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMin = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[8].slice(1, 3));
    const om = Number(m[8].slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMin = (m[8][0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = dn * DAY_MS + ((h * 60 + min - offsetMin) * 60 + sec) * 1000 + frac;
  return { kind: 'instant', ms, year: Number(m[1]) };
}
