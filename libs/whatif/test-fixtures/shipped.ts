/** Test-only: the shipped permit types and calendars, parsed as the engine would. */
import { BusinessCalendar, calendarsFromTexts, ResolvedCalendar } from '@tenggat/calendar';
import { parseDefinition, PermitTypeDefinition } from '@tenggat/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const CONFIG = join(__dirname, '..', '..', '..', 'config');

interface Agency {
  code: string;
  calendar: string;
}

export const agencies = parse(readFileSync(join(CONFIG, 'agencies.yaml'), 'utf8')) as Agency[];

export function definitionText(code: string): string {
  return readFileSync(join(CONFIG, 'permit-types', `${code}.yaml`), 'utf8');
}

export function definition(code: string, text = definitionText(code)): PermitTypeDefinition {
  const r = parseDefinition(text, { agencies: agencies.map((a) => a.code) });
  if (!r.ok) throw new Error(`${code}: ${JSON.stringify(r.faults)}`);
  return r.definition;
}

export const SHIPPED_TYPES = readdirSync(join(CONFIG, 'permit-types'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

export function resolvedCalendars(): ResolvedCalendar[] {
  const dir = join(CONFIG, 'calendars');
  const r = calendarsFromTexts(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(dir, f), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.faults));
  return [...r.calendars];
}

export function calendarOfAgency(agency: string): BusinessCalendar {
  const a = agencies.find((x) => x.code === agency);
  const c = resolvedCalendars().find((x) => x.id === a?.calendar);
  if (!c) throw new Error(`no calendar for ${agency}`);
  return new BusinessCalendar(c);
}
