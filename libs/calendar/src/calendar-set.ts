import { CalendarDefinition, CalendarResolveResult, CalendarSetFault } from './calendar.types';
import { parseCalendar } from './calendar-parser';
import { resolveCalendars } from './calendar-resolver';

/**
 * Parses and resolves a whole set of calendar documents (e.g. the contents of every file in
 * `config/calendars/`, read by the caller). Returns every resolved calendar sorted by id, or
 * every fault; a fault names the index of its text and the calendar id when known (an unknown
 * parent or a cycle is reported against the child's text). Resolution is only attempted when every
 * text parses, so a broken parent does not also report its children.
 */
export function calendarsFromTexts(texts: readonly string[]): CalendarResolveResult {
  const defs: CalendarDefinition[] = [];
  const textOf = new Map<string, number>();
  const faults: CalendarSetFault[] = [];
  texts.forEach((text, index) => {
    const r = parseCalendar(text);
    if (r.ok) {
      const first = textOf.get(r.calendar.id);
      if (first !== undefined) {
        faults.push({ text: index, calendarId: r.calendar.id, path: 'id', message: `duplicate calendar id '${r.calendar.id}' (also text ${first})` });
        return;
      }
      textOf.set(r.calendar.id, index);
      defs.push(r.calendar);
    } else {
      for (const f of r.faults) faults.push({ text: index, calendarId: idOf(text), path: f.path, message: f.message });
    }
  });
  if (faults.length > 0) return { ok: false, faults };
  const resolved = resolveCalendars(defs);
  if (resolved.ok) return resolved;
  return {
    ok: false,
    faults: resolved.faults.map((f) => ({ ...f, text: f.calendarId !== null ? (textOf.get(f.calendarId) ?? null) : null })),
  };
}

/** Best-effort id of a text that failed to parse, for fault messages. */
function idOf(text: string): string | null {
  const m = /^id:\s*["']?([a-z0-9-]+)["']?\s*(?:#.*)?$/m.exec(text);
  return m ? m[1] : null;
}
