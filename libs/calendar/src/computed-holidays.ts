import Holidays from 'date-holidays';
import { assertSupportedYear } from './calendar-bounds';
import { CalendarDay } from './calendar.types';

/**
 * Fallback for years without a list in the calendar data: Indonesian public holidays as
 * computed by `date-holidays` (type `public`). It knows no collective leave and may misdate
 * (or misname) Islamic holidays, so every result that relies on it is flagged provisional.
 * Deterministic for a given date-holidays version; memoised per year (module-wide). Only years
 * in the supported range are ever passed to date-holidays (it never returns for some others):
 * any other year throws CalendarRangeError.
 */

let holidays: Holidays | undefined;
const cache = new Map<number, readonly CalendarDay[]>();

export function computedIndonesianHolidays(year: number): readonly CalendarDay[] {
  assertSupportedYear(year);
  const hit = cache.get(year);
  if (hit) return hit;
  holidays ??= new Holidays('ID');
  const seen = new Set<string>();
  const days: CalendarDay[] = [];
  for (const h of holidays.getHolidays(year)) {
    if (h.type !== 'public') continue;
    // `date` is the local date the holiday falls on ("YYYY-MM-DD hh:mm:ss [offset]")
    const date = h.date.slice(0, 10);
    if (!date.startsWith(`${year}-`)) continue;
    const key = `${date}|${h.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    days.push({ date, name: h.name });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(days.map((d) => Object.freeze(d)));
  cache.set(year, frozen);
  return frozen;
}
