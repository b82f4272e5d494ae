/**
 * @tenggat/calendar — pure business-calendar library: calendar data types, parsing and
 * validation, `extends` resolution, and working-day arithmetic (`BusinessCalendar`).
 * No I/O and no clock: callers pass texts/objects and instants in.
 */
export * from './calendar.types';
export { parseCalendar, CALENDAR_ID_PATTERN } from './calendar-parser';
export { resolveCalendar, resolveCalendars, CalendarResolutionError } from './calendar-resolver';
export { calendarsFromTexts } from './calendar-set';
export { BusinessCalendar } from './business-calendar';
export { computedIndonesianHolidays } from './computed-holidays';
export {
  MIN_SUPPORTED_YEAR,
  MAX_SUPPORTED_YEAR,
  MAX_WORKING_DAYS,
  isSupportedYear,
  CalendarRangeError,
  CalendarBudgetError,
  WorkBudget,
  timeBudget,
} from './calendar-bounds';
export { parseIsoStart, IsoStart } from './local-date.util';
export { timeZoneLabel } from './zone-labels';
