import { BusinessCalendar } from '@tenggat/calendar';
import { DomainError } from '@tenggat/platform';
import { applyCalendarChange, calendarChangeFaults, Proposal, RuleBook, RulesInForce, WorkingCalendar } from '@tenggat/whatif';
import { parseDefinition, PermitTypeDefinition } from '@tenggat/workflow';
import { DateTime } from 'luxon';
import type { PublishedRules, HistoryFilter } from './whatif-history.read-model';
import type { WhatIfRunInput } from './whatif-run.entity';

/** Periods are local dates in WIB (as the oversight statistics count months). */
export const PERIOD_ZONE = 'Asia/Jakarta';
const MAX_PERIOD_DAYS = 5 * 366;

export interface WhatIfPlan {
  readonly filter: HistoryFilter;
  readonly book: RuleBook;
  readonly permitTypeCode: string | null;
}

const invalid = (code: string, message: string, errors: { field: string; message: string }[]): DomainError =>
  new DomainError('unprocessable', code, message, { errors });

/**
 * Checks a run's input against what is published and builds its rules: the proposal's
 * definition is parsed and validated exactly as `npm run workflow:check` does (`parseDefinition`
 * with the known agency codes; every fault with its path and line), the calendar change against
 * the calendars in force, the period and the agencies. Throws a DomainError naming each fault.
 */
export function planRun(input: WhatIfRunInput, published: PublishedRules, asOf: Date, defaultWarningShare: number): WhatIfPlan {
  const start = DateTime.fromISO(input.from, { zone: PERIOD_ZONE });
  const end = DateTime.fromISO(input.to, { zone: PERIOD_ZONE }).plus({ days: 1 });
  if (!start.isValid || !end.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(input.from) || !/^\d{4}-\d{2}-\d{2}$/.test(input.to)) {
    throw new DomainError('invalid', 'bad-period', '`from` and `to` must be dates YYYY-MM-DD', { errors: [{ field: 'from', message: 'a date YYYY-MM-DD' }] });
  }
  if (end <= start) throw new DomainError('invalid', 'bad-period', '`to` must not be before `from`', { errors: [{ field: 'to', message: 'before from' }] });
  if (end.diff(start, 'days').days > MAX_PERIOD_DAYS) {
    throw new DomainError('invalid', 'bad-period', 'A period spans at most five years', { errors: [{ field: 'to', message: 'more than five years after from' }] });
  }
  const agencyCodes = published.agencies.map((a) => a.code);
  const unknownAgencies = (input.agencies ?? []).filter((a) => !agencyCodes.includes(a));
  if (unknownAgencies.length > 0) {
    throw invalid('unknown-agency', `Unknown agency: ${unknownAgencies.join(', ')}`, unknownAgencies.map((a) => ({ field: 'agencies', message: `unknown agency "${a}"` })));
  }
  if (input.warningShare !== undefined && !(input.warningShare > 0 && input.warningShare < 1)) {
    throw new DomainError('invalid', 'bad-warning-share', 'warningShare must be between 0 and 1 (exclusive)', { errors: [{ field: 'warningShare', message: 'in (0, 1)' }] });
  }

  let definition: PermitTypeDefinition | undefined;
  if (input.proposal !== undefined) {
    const parsed = parseDefinition(input.proposal, { agencies: agencyCodes });
    if (!parsed.ok) {
      throw invalid(
        'invalid-proposal',
        `The proposed definition has ${parsed.faults.length} fault(s), as workflow:check reports them`,
        parsed.faults.map((f) => ({ field: `proposal.${f.path}`, message: f.line !== undefined ? `${f.message} (line ${f.line})` : f.message })),
      );
    }
    definition = parsed.definition;
    const code = definition.code;
    if (!published.definitions.some((d) => d.code === code)) {
      throw invalid('unknown-permit-type', `No permit type "${code}" has been published: there is no history to replay`, [{ field: 'proposal.code', message: `unknown permit type "${code}"` }]);
    }
  }

  const inForceCalendars = new Map<string, WorkingCalendar>(published.calendars.map((c) => [c.id, new BusinessCalendar(c)]));
  let proposedCalendars: Map<string, WorkingCalendar> | undefined;
  if (input.calendar !== undefined) {
    const faults = calendarChangeFaults(input.calendar, published.calendars);
    if (faults.length > 0) {
      throw invalid('invalid-calendar-change', 'The proposed calendar change is not valid', faults.map((f) => ({ field: f.path ? `calendar.${f.path}` : 'calendar', message: f.message })));
    }
    proposedCalendars = new Map(applyCalendarChange(published.calendars, input.calendar).map((c) => [c.id, new BusinessCalendar(c)]));
  }

  const byVersion = new Map(published.definitions.map((d) => [`${d.code}@${d.version}`, d.definition]));
  const inForce: RulesInForce = {
    definition: (code, version) => byVersion.get(`${code}@${version}`),
    calendar: (id) => inForceCalendars.get(id),
    defaultWarningShare,
  };
  const proposal: Proposal = {
    ...(definition ? { definition } : {}),
    ...(proposedCalendars ? { calendars: proposedCalendars } : {}),
    ...(input.warningShare !== undefined ? { warningShare: input.warningShare } : {}),
  };
  return {
    filter: { start: start.toJSDate(), end: end.toJSDate(), agencies: input.agencies ?? [] },
    book: new RuleBook(inForce, proposal, asOf),
    permitTypeCode: definition?.code ?? null,
  };
}
