import { isSupportedYear, ResolvedCalendar, ResolvedDay } from '@tenggat/calendar';

/** Non-working days a proposal adds to, or gives back from, one calendar (and every calendar that extends it). */
export interface CalendarChange {
  readonly calendar: string;
  readonly add?: readonly { readonly date: string; readonly name?: string }[];
  readonly remove?: readonly string[];
}

export interface CalendarChangeFault {
  readonly path: string;
  readonly message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && isSupportedYear(Number(m[1]));
}

/** Every fault of a change against the calendars in force (an unknown calendar, a bad date, a removal of a day that is not off). */
export function calendarChangeFaults(change: CalendarChange, calendars: readonly ResolvedCalendar[]): CalendarChangeFault[] {
  const faults: CalendarChangeFault[] = [];
  const target = calendars.find((c) => c.id === change.calendar);
  if (!target) faults.push({ path: 'calendar', message: `unknown calendar "${change.calendar}" (known: ${calendars.map((c) => c.id).join(', ')})` });
  (change.add ?? []).forEach((d, i) => {
    if (!realDate(d.date)) faults.push({ path: `add[${i}].date`, message: 'must be a real date YYYY-MM-DD in 2000-2100' });
  });
  (change.remove ?? []).forEach((date, i) => {
    if (!realDate(date)) faults.push({ path: `remove[${i}]`, message: 'must be a real date YYYY-MM-DD in 2000-2100' });
    else if (target && !daysOf(target).some((d) => d.date === date)) {
      faults.push({ path: `remove[${i}]`, message: `${date} is not a listed non-working day of ${target.id} (weekends cannot be removed)` });
    }
  });
  if ((change.add ?? []).length === 0 && (change.remove ?? []).length === 0) faults.push({ path: '', message: 'add or remove at least one day' });
  return faults;
}

function daysOf(c: ResolvedCalendar): { date: string }[] {
  const out: { date: string }[] = [];
  for (const y of Object.values(c.years)) out.push(...y.holidays, ...y.collectiveLeave);
  for (const e of c.extraDays) out.push(e);
  return out;
}

/**
 * The calendars with the change applied: added days become non-working days (regional days of
 * the changed calendar) and removed ones working days, in that calendar and every calendar whose
 * `extends` chain contains it. Call `calendarChangeFaults` first.
 */
export function applyCalendarChange(calendars: readonly ResolvedCalendar[], change: CalendarChange): ResolvedCalendar[] {
  const removed = new Set(change.remove ?? []);
  const keep = (d: ResolvedDay): boolean => !removed.has(d.date);
  return calendars.map((c) => {
    if (!c.chain.includes(change.calendar)) return c;
    const years: Record<number, ResolvedCalendar['years'][number]> = {};
    for (const [y, year] of Object.entries(c.years)) {
      years[Number(y)] = { ...year, holidays: year.holidays.filter(keep), collectiveLeave: year.collectiveLeave.filter(keep) };
    }
    const added = (change.add ?? []).map((d) => ({ date: d.date, name: d.name ?? 'proposed non-working day', calendarId: change.calendar }));
    return {
      ...c,
      years,
      extraDays: [...c.extraDays.filter((d) => !removed.has(d.date)), ...added],
      fingerprint: `${c.fingerprint}+whatif`,
    };
  });
}
