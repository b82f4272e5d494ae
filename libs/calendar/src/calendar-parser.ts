import { IANAZone } from 'luxon';
import { parseDocument } from 'yaml';
import {
  CalendarDay,
  CalendarDefinition,
  CalendarFault,
  CalendarParseResult,
  CalendarYear,
  ExtraDay,
  IsoWeekday,
} from './calendar.types';
import { MAX_SUPPORTED_YEAR as MAX_YEAR, MIN_SUPPORTED_YEAR as MIN_YEAR } from './calendar-bounds';
import { tryParseLocalDate } from './local-date.util';

/** Calendar ids: lower-case kebab-case, e.g. `id-national`, `kota-contoh`. */
export const CALENDAR_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const TOP_KEYS = ['id', 'name', 'timeZone', 'weekend', 'extends', 'years', 'extraDays'] as const;
const YEAR_KEYS = ['official', 'source', 'holidays', 'collectiveLeave'] as const;
const DAY_KEYS = ['date', 'name'] as const;
const EXTRA_DAY_KEYS = ['date', 'name', 'annual'] as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a timestamp';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

class Faults {
  readonly list: CalendarFault[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  unknownKeys(obj: Obj, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(join(path, key), `unknown key '${key}' (allowed: ${allowed.join(', ')})`);
    }
  }
}

/** A `date` value: a `'YYYY-MM-DD'` string, or a JS Date at UTC midnight (YAML 1.1 timestamps). */
function readDate(v: unknown, path: string, f: Faults): string | null {
  let s: string | null = null;
  if (typeof v === 'string') s = v;
  else if (v instanceof Date && !Number.isNaN(v.getTime()) && v.getTime() % 86_400_000 === 0) s = v.toISOString().slice(0, 10);
  if (s === null || tryParseLocalDate(s) === null) {
    f.add(path, `must be a real calendar date 'YYYY-MM-DD', got ${describe(v)}`);
    return null;
  }
  const year = Number(s.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    // the calendar computes only in these years; a day outside them could never count
    f.add(path, `must be a date in the years ${MIN_YEAR}-${MAX_YEAR}, got ${s}`);
    return null;
  }
  return s;
}

function readName(v: unknown, path: string, f: Faults): string | null {
  if (typeof v !== 'string' || v.trim() === '') {
    f.add(path, `must be a non-empty string, got ${describe(v)}`);
    return null;
  }
  return v.trim();
}

function readDayList(
  v: unknown,
  path: string,
  f: Faults,
  opts: { year?: number; extra: boolean },
): (CalendarDay | ExtraDay)[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    f.add(path, `must be a list of {date, name}, got ${describe(v)}`);
    return [];
  }
  const out: (CalendarDay | ExtraDay)[] = [];
  v.forEach((item, i) => {
    const p = join(path, i);
    if (!isObj(item)) {
      f.add(p, `must be a mapping {date, name}, got ${describe(item)}`);
      return;
    }
    f.unknownKeys(item, opts.extra ? EXTRA_DAY_KEYS : DAY_KEYS, p);
    const date = readDate(item.date, join(p, 'date'), f);
    const name = readName(item.name, join(p, 'name'), f);
    let annual: boolean | undefined;
    if (opts.extra && item.annual !== undefined) {
      if (typeof item.annual !== 'boolean') f.add(join(p, 'annual'), `must be true or false, got ${describe(item.annual)}`);
      else annual = item.annual;
    }
    if (date !== null && opts.year !== undefined && Number(date.slice(0, 4)) !== opts.year) {
      f.add(join(p, 'date'), `${date} is not in year ${opts.year}`);
    }
    if (date !== null && annual === true && date.slice(5) === '02-29') {
      f.add(join(p, 'annual'), '29 February cannot repeat annually');
    }
    if (date !== null && name !== null) out.push(annual === undefined ? { date, name } : { date, name, annual });
  });
  return out;
}

function checkDuplicates(
  lists: { path: string; days: readonly CalendarDay[] }[],
  f: Faults,
): void {
  const seen = new Map<string, string>();
  for (const { path, days } of lists) {
    days.forEach((d, i) => {
      const here = join(join(path, i), 'date');
      const first = seen.get(d.date);
      if (first !== undefined) f.add(here, `duplicate date ${d.date} (already at ${first})`);
      else seen.set(d.date, here);
    });
  }
}

function readYears(v: unknown, f: Faults): Record<number, CalendarYear> {
  const years: Record<number, CalendarYear> = {};
  if (v === undefined || v === null) return years;
  if (!isObj(v)) {
    f.add('years', `must be a mapping from year to {official, source, holidays, collectiveLeave}, got ${describe(v)}`);
    return years;
  }
  for (const key of Object.keys(v)) {
    const p = join('years', key);
    const year = Number(key);
    if (!/^\d{4}$/.test(key) || year < MIN_YEAR || year > MAX_YEAR) {
      f.add(p, `year key must be a year between ${MIN_YEAR} and ${MAX_YEAR}, got '${key}'`);
      continue;
    }
    const y = v[key];
    if (!isObj(y)) {
      f.add(p, `must be a mapping {official, source, holidays, collectiveLeave}, got ${describe(y)}`);
      continue;
    }
    f.unknownKeys(y, YEAR_KEYS, p);
    let official = false;
    if (typeof y.official !== 'boolean') f.add(join(p, 'official'), `must be true or false, got ${describe(y.official)}`);
    else official = y.official;
    let source: string | undefined;
    if (y.source !== undefined && y.source !== null) {
      if (typeof y.source !== 'string' || y.source.trim() === '') f.add(join(p, 'source'), `must be a non-empty string, got ${describe(y.source)}`);
      else source = y.source.trim();
    } else if (official) {
      f.add(join(p, 'source'), 'an official year must name its source (the decree)');
    }
    const holidays = readDayList(y.holidays, join(p, 'holidays'), f, { year, extra: false });
    const collectiveLeave = readDayList(y.collectiveLeave, join(p, 'collectiveLeave'), f, { year, extra: false });
    checkDuplicates(
      [
        { path: join(p, 'holidays'), days: holidays },
        { path: join(p, 'collectiveLeave'), days: collectiveLeave },
      ],
      f,
    );
    years[year] = source === undefined ? { official, holidays, collectiveLeave } : { official, source, holidays, collectiveLeave };
  }
  return years;
}

function readWeekend(v: unknown, f: Faults): IsoWeekday[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    f.add('weekend', `must be a list of ISO weekdays 1..7, got ${describe(v)}`);
    return undefined;
  }
  const out: IsoWeekday[] = [];
  v.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 7) {
      f.add(join('weekend', i), `must be an ISO weekday 1 (Monday) .. 7 (Sunday), got ${describe(d)}`);
    } else if (out.includes(d as IsoWeekday)) {
      f.add(join('weekend', i), `duplicate weekday ${d}`);
    } else {
      out.push(d as IsoWeekday);
    }
  });
  if (out.length === 7) f.add('weekend', 'a calendar needs at least one working weekday');
  return out.sort((a, b) => a - b);
}

function readObject(raw: Obj): CalendarParseResult {
  const f = new Faults();
  f.unknownKeys(raw, TOP_KEYS, '');

  let id = '';
  if (typeof raw.id !== 'string' || !CALENDAR_ID_PATTERN.test(raw.id)) {
    f.add('id', `must be a kebab-case id like 'id-national', got ${describe(raw.id)}`);
  } else id = raw.id;

  const name = readName(raw.name, 'name', f) ?? '';

  let parent: string | null = null;
  if (raw.extends !== undefined && raw.extends !== null) {
    if (typeof raw.extends !== 'string' || !CALENDAR_ID_PATTERN.test(raw.extends)) {
      f.add('extends', `must be null or a calendar id, got ${describe(raw.extends)}`);
    } else if (raw.extends === id) {
      f.add('extends', 'a calendar cannot extend itself');
    } else parent = raw.extends;
  }
  const isRoot = raw.extends === undefined || raw.extends === null;

  let timeZone: string | undefined;
  if (raw.timeZone === undefined || raw.timeZone === null) {
    if (isRoot) f.add('timeZone', 'required when the calendar extends no other calendar');
  } else if (typeof raw.timeZone !== 'string' || !IANAZone.isValidZone(raw.timeZone)) {
    f.add('timeZone', `must be an IANA time zone such as 'Asia/Jakarta', got ${describe(raw.timeZone)}`);
  } else timeZone = raw.timeZone;

  const weekend = readWeekend(raw.weekend, f);
  if (weekend === undefined && isRoot && (raw.weekend === undefined || raw.weekend === null)) {
    f.add('weekend', 'required when the calendar extends no other calendar');
  }

  const years = readYears(raw.years, f);
  const extraDays = readDayList(raw.extraDays, 'extraDays', f, { extra: true }) as ExtraDay[];
  checkDuplicates([{ path: 'extraDays', days: extraDays }], f);

  if (f.list.length > 0) return { ok: false, faults: f.list };
  const calendar: CalendarDefinition = {
    id,
    name,
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(weekend !== undefined ? { weekend } : {}),
    extends: parent,
    years,
    extraDays,
  };
  return { ok: true, calendar };
}

/**
 * Validates one calendar document (a YAML/JSON string, or an already parsed object) and returns
 * the normalised definition, or every fault found with its path. Never throws on bad input.
 */
export function parseCalendar(input: unknown): CalendarParseResult {
  let raw: unknown = input;
  if (typeof input === 'string') {
    const doc = parseDocument(input, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return { ok: false, faults: doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message.split('\n')[0]}` })) };
    }
    raw = doc.toJS();
  }
  if (!isObj(raw)) {
    return { ok: false, faults: [{ path: '', message: `a calendar must be a mapping, got ${describe(raw)}` }] };
  }
  return readObject(raw);
}
