/** Test-only helper (not exported): loads the shipped `config/calendars/*.yaml`. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { BusinessCalendar } from './business-calendar';
import { ResolvedCalendar } from './calendar.types';
import { calendarsFromTexts } from './calendar-set';

export const CALENDAR_DIR = join(__dirname, '..', '..', '..', 'config', 'calendars');

export function shippedTexts(): { file: string; text: string }[] {
  return readdirSync(CALENDAR_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(CALENDAR_DIR, file), 'utf8') }));
}

let resolved: ReadonlyMap<string, ResolvedCalendar> | undefined;

export function shippedResolved(): ReadonlyMap<string, ResolvedCalendar> {
  if (!resolved) {
    const r = calendarsFromTexts(shippedTexts().map((t) => t.text));
    if (!r.ok) throw new Error(`shipped calendars are invalid: ${JSON.stringify(r.faults)}`);
    resolved = new Map(r.calendars.map((c) => [c.id, c]));
  }
  return resolved;
}

const calendars = new Map<string, BusinessCalendar>();

export function shippedCalendar(id: string): BusinessCalendar {
  let c = calendars.get(id);
  if (!c) {
    const r = shippedResolved().get(id);
    if (!r) throw new Error(`no shipped calendar ${id}`);
    c = new BusinessCalendar(r);
    calendars.set(id, c);
  }
  return c;
}

/** Instant of a local wall time, e.g. `at('2026-03-17T10:00', 'Asia/Jakarta')`. */
export function at(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toJSDate();
}

/** Renders an instant in a zone with its offset, e.g. `2026-03-25T23:59:59.999+07:00`. */
export function local(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ includeOffset: true }) ?? 'invalid';
}
