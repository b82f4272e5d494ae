import { Injectable } from '@nestjs/common';
import { BusinessCalendar } from '@tenggat/calendar';
import { CalendarRegistry } from './calendar-registry';
import { CalendarDetail, CalendarSummary, DeadlineResponse } from './calendar.dto';

/** Read models of the calendars for the public endpoints. */
@Injectable()
export class CalendarQueryService {
  constructor(private readonly registry: CalendarRegistry) {}

  async list(): Promise<CalendarSummary[]> {
    return (await this.registry.list()).map((c) => this.summary(c));
  }

  async detail(id: string): Promise<CalendarDetail> {
    const cal = await this.registry.get(id);
    const resolved = await this.registry.resolvedOf(id);
    return {
      ...this.summary(cal),
      chain: [...resolved.chain],
      years: cal.years().map((year) => ({
        year,
        official: cal.isOfficialYear(year),
        sources: [...(resolved.years[year]?.sources ?? [])],
        nonWorkingDays: cal
          .nonWorkingDays(year)
          .filter((d) => d.kind !== 'weekend')
          .map((d) => ({ date: d.date, name: d.name, kind: d.kind })),
      })),
    };
  }

  async deadline(id: string, start: Date, workingDays: number): Promise<DeadlineResponse> {
    const cal = await this.registry.get(id);
    const r = cal.deadline(start, workingDays);
    return {
      calendarId: cal.id,
      timeZone: cal.timeZone,
      start: start.toISOString(),
      workingDays,
      deadline: r.deadline.toISOString(),
      deadlineLocalDate: cal.localDate(r.deadline),
      provisional: r.provisional,
    };
  }

  private summary(c: BusinessCalendar): CalendarSummary {
    return {
      id: c.id,
      name: c.name,
      timeZone: c.timeZone,
      weekend: [...c.weekend],
      officialYears: c.years().filter((y) => c.isOfficialYear(y)),
    };
  }
}
