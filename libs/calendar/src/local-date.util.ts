import { DAY_MS, IsoWeekday } from './calendar.types';

/**
 * Civil-date arithmetic on "day numbers" (days since 1970-01-01 of a proleptic Gregorian
 * calendar, independent of any time zone). Pure integer arithmetic, no clock.
 */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a civil date. */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
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
