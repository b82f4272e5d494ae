import { Injectable } from '@nestjs/common';
import { BusinessCalendar, CalendarBudgetError, CalendarRangeError, parseIsoStart, timeBudget } from '@tenggat/calendar';
import { DomainError } from '@tenggat/platform';
import { performance } from 'node:perf_hooks';
import { CalendarRegistry } from './calendar-registry';
import { CalendarDetail, CalendarSummary, DeadlineResponse } from './calendar.dto';

/** The most time one public deadline calculation may take (it normally takes well under 50 ms). */
const DEADLINE_BUDGET_MS = 1000;

const outOfRange = (field: 'start' | 'workingDays', e: CalendarRangeError): DomainError =>
  new DomainError('invalid', 'date-out-of-range', e.message, {
    errors: [
      {
        field,
        message: field === 'start' ? e.message : `the deadline would fall in ${e.year}, outside the supported years: count fewer working days`,
      },
    ],
  });

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

  /**
   * `start` as the DTO validated it (ISO date or instant, in the supported years). The start day
   * and every day counted must lie in the supported years (400 otherwise), and the calculation
   * runs under a time budget (422 when spent), so no request can keep the process busy.
   */
  async deadline(id: string, startText: string, workingDays: number): Promise<DeadlineResponse> {
    const cal = await this.registry.get(id);
    const parsed = parseIsoStart(startText);
    if (!parsed) {
      throw new DomainError('invalid', 'validation-failed', 'start is not an ISO 8601 date or instant', {
        errors: [{ field: 'start', message: 'must be an ISO 8601 date or instant' }],
      });
    }
    let start: Date;
    try {
      start = parsed.kind === 'date' ? cal.startOfLocalDay(parsed.date) : new Date(parsed.ms);
      cal.localDate(start); // the start day itself must lie in the supported years
    } catch (e) {
      if (e instanceof CalendarRangeError) throw outOfRange('start', e);
      throw e;
    }
    let r: ReturnType<BusinessCalendar['deadline']>;
    try {
      r = cal.deadline(start, workingDays, timeBudget(DEADLINE_BUDGET_MS, () => performance.now()));
    } catch (e) {
      if (e instanceof CalendarRangeError) throw outOfRange('workingDays', e);
      if (e instanceof CalendarBudgetError) throw new DomainError('unprocessable', 'calculation-too-long', `${e.message}; count fewer working days`);
      throw e;
    }
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
