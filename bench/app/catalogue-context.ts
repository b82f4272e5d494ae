import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CalendarRegistry, CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule, CatalogueService } from '@tenggat/catalogue';
import { PlatformModule } from '@tenggat/platform';
import { WorkingCalendar } from '@tenggat/sla';
import type { AgencyInfo, PinnedDefinition } from '../seed/profiles';

/** What the seeder needs from the configuration, as the application itself loads it. */
export interface CatalogueSnapshot {
  types: PinnedDefinition[];
  agencies: AgencyInfo[];
  calendars: Map<string, WorkingCalendar>;
}

/** Platform, catalogue and calendars only: enough to publish config/ into the database. */
@Module({ imports: [PlatformModule, CatalogueModule, CalendarServiceModule] })
class SeedContextModule {}

/**
 * Boots the catalogue and calendar modules against the database in DATABASE_URL, which
 * publishes config/agencies.yaml, config/permit-types/*.yaml and config/calendars/*.yaml
 * exactly as the API does at start, and reads them back.
 */
export async function loadCatalogue(): Promise<CatalogueSnapshot> {
  const ctx = await NestFactory.createApplicationContext(SeedContextModule, { logger: ['error', 'warn'] });
  try {
    const catalogue = ctx.get(CatalogueService);
    const types = (await catalogue.all()).map((t) => ({ code: t.code, version: t.version, definition: t.definition }));
    const agencies = (await catalogue.listAgencies()).map((a) => ({ code: a.code, calendarId: a.calendarId, timeZone: a.timeZone }));
    const calendars = new Map<string, WorkingCalendar>();
    for (const cal of await ctx.get(CalendarRegistry).list()) calendars.set(cal.id, cal);
    return { types, agencies, calendars };
  } finally {
    await ctx.close();
  }
}
