import { createHash } from 'node:crypto';
import { IANAZone } from 'luxon';
import {
  CalendarDefinition,
  CalendarResolveResult,
  CalendarSetFault,
  ResolvedCalendar,
  ResolvedDay,
  ResolvedExtraDay,
  ResolvedYear,
} from './calendar.types';

/** Thrown by `resolveCalendar` when the definitions cannot be resolved. */
export class CalendarResolutionError extends Error {
  constructor(readonly faults: readonly CalendarSetFault[]) {
    super(`calendar resolution failed: ${faults.map((f) => `${f.calendarId ?? '?'}${f.path ? ` ${f.path}` : ''}: ${f.message}`).join('; ')}`);
    this.name = 'CalendarResolutionError';
  }
}

function fault(calendarId: string | null, path: string, message: string): CalendarSetFault {
  return { text: null, calendarId, path, message };
}

function byDate<T extends { date: string; calendarId: string; name: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.calendarId < b.calendarId ? -1 : a.calendarId > b.calendarId ? 1 : a.name.localeCompare(b.name);
}

/** Stable JSON: object keys sorted, so the fingerprint does not depend on key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function chainOf(
  byId: ReadonlyMap<string, CalendarDefinition>,
  id: string,
): { chain: CalendarDefinition[] } | { fault: CalendarSetFault } {
  const chain: CalendarDefinition[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  if (!cur) return { fault: fault(id, '', `unknown calendar '${id}'`) };
  while (cur) {
    if (seen.has(cur.id)) {
      return { fault: fault(id, 'extends', `extends cycle: ${[...chain.map((c) => c.id), cur.id].join(' -> ')}`) };
    }
    seen.add(cur.id);
    chain.push(cur);
    if (cur.extends === null) break;
    const parent = byId.get(cur.extends);
    if (!parent) {
      return { fault: fault(cur.id, 'extends', `extends unknown calendar '${cur.extends}'`) };
    }
    cur = parent;
  }
  return { chain };
}

function merge(chain: readonly CalendarDefinition[]): ResolvedCalendar | CalendarSetFault {
  const self = chain[0];
  const timeZone = chain.find((c) => c.timeZone !== undefined)?.timeZone;
  const weekend = chain.find((c) => c.weekend !== undefined)?.weekend;
  if (timeZone === undefined || !IANAZone.isValidZone(timeZone)) {
    return fault(self.id, 'timeZone', 'no valid time zone in the extends chain');
  }
  if (weekend === undefined) return fault(self.id, 'weekend', 'no weekend in the extends chain');

  const years: Record<number, ResolvedYear> = {};
  const yearNumbers = new Set<number>();
  for (const c of chain) for (const k of Object.keys(c.years)) yearNumbers.add(Number(k));
  for (const year of [...yearNumbers].sort((a, b) => a - b)) {
    let official = true;
    const sources: string[] = [];
    const holidays: ResolvedDay[] = [];
    const collectiveLeave: ResolvedDay[] = [];
    // root first, so the national list is read before regional additions
    for (const c of [...chain].reverse()) {
      const y = c.years[year];
      if (!y) continue;
      official = official && y.official;
      if (y.source !== undefined) sources.push(`${c.id}: ${y.source}`);
      for (const d of y.holidays) holidays.push({ date: d.date, name: d.name, calendarId: c.id });
      for (const d of y.collectiveLeave) collectiveLeave.push({ date: d.date, name: d.name, calendarId: c.id });
    }
    years[year] = { year, official, sources, holidays: holidays.sort(byDate), collectiveLeave: collectiveLeave.sort(byDate) };
  }

  const extraDays: ResolvedExtraDay[] = [];
  for (const c of [...chain].reverse()) {
    for (const d of c.extraDays) {
      extraDays.push(d.annual === undefined ? { date: d.date, name: d.name, calendarId: c.id } : { date: d.date, name: d.name, annual: d.annual, calendarId: c.id });
    }
  }
  extraDays.sort(byDate);

  const body = {
    id: self.id,
    name: self.name,
    timeZone,
    weekend: [...weekend].sort((a, b) => a - b),
    chain: chain.map((c) => c.id),
    years,
    extraDays,
  };
  const fingerprint = createHash('sha256').update(canonical(body)).digest('hex');
  return { ...body, fingerprint };
}

/**
 * Resolves every definition (merging `extends` chains: the nearest timeZone/weekend wins, days
 * are the union, a year is official only if official wherever the chain defines it).
 * Returns all calendars sorted by id, or every fault (duplicate ids, unknown parents, cycles).
 */
export function resolveCalendars(defs: readonly CalendarDefinition[]): CalendarResolveResult {
  const faults: CalendarSetFault[] = [];
  const byId = new Map<string, CalendarDefinition>();
  for (const d of defs) {
    if (byId.has(d.id)) faults.push(fault(d.id, 'id', `duplicate calendar id '${d.id}'`));
    else byId.set(d.id, d);
  }
  const calendars: ResolvedCalendar[] = [];
  for (const id of [...byId.keys()].sort()) {
    const c = chainOf(byId, id);
    if ('fault' in c) {
      faults.push(c.fault);
      continue;
    }
    const r = merge(c.chain);
    if ('fingerprint' in r) calendars.push(r);
    else faults.push(r);
  }
  return faults.length > 0 ? { ok: false, faults } : { ok: true, calendars };
}

/**
 * Resolves the calendar `id` from `defs` (only its own chain must be sound).
 * @throws CalendarResolutionError when `id` is unknown or its chain is broken.
 */
export function resolveCalendar(defs: readonly CalendarDefinition[], id: string): ResolvedCalendar {
  const byId = new Map<string, CalendarDefinition>();
  for (const d of defs) {
    if (byId.has(d.id)) throw new CalendarResolutionError([fault(d.id, 'id', `duplicate calendar id '${d.id}'`)]);
    byId.set(d.id, d);
  }
  const c = chainOf(byId, id);
  if ('fault' in c) throw new CalendarResolutionError([c.fault]);
  const r = merge(c.chain);
  if (!('fingerprint' in r)) throw new CalendarResolutionError([r]);
  return r;
}
