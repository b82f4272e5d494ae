import { BusinessCalendar, calendarsFromTexts } from '@tenggat/calendar';
import { dataSourceOptions } from '@tenggat/schema';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * The middle tier of tests (immich's "medium" tests): real repositories and services on the
 * run's real Postgres (migrated once by the e2e global setup), everything else faked; no Redis,
 * no HTTP stack. Files are named `*.medium-spec.ts` and run in the e2e project.
 */
export async function mediumDataSource(): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url || !new URL(url).pathname.includes('test')) throw new Error(`medium tests run only against a test database, not ${url}`);
  return new DataSource(dataSourceOptions(url)).initialize();
}

let shipped: Map<string, BusinessCalendar> | undefined;

/** A shipped calendar (config/calendars), as the registry would serve it. */
export function shippedCalendar(id: string): BusinessCalendar {
  if (!shipped) {
    const dir = join(__dirname, '..', '..', 'config', 'calendars');
    const r = calendarsFromTexts(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8')));
    if (!r.ok) throw new Error('shipped calendars are invalid');
    shipped = new Map(r.calendars.map((c) => [c.id, new BusinessCalendar(c)]));
  }
  const cal = shipped.get(id);
  if (!cal) throw new Error(`no shipped calendar ${id}`);
  return cal;
}
