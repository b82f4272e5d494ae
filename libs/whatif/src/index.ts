/**
 * @tenggat/whatif — replays recorded case histories under a proposed rule (a permit type
 * definition, calendar changes, a warning share) and reports actual against proposal. Pure:
 * no framework, no I/O; the clock maths is libs/sla's (`@tenggat/sla/clock-math`), the state
 * machine libs/workflow's and the calendar libs/calendar's.
 */
export * from './whatif.types';
export type { WorkingCalendar } from './working-calendar';
export { replayCase, SYSTEM_ACTIONS } from './replay';
export { compareWithRecord } from './consistency';
export { applyCalendarChange, calendarChangeFaults, CalendarChange, CalendarChangeFault } from './calendar-change';
export { ReportBuilder, REPORT_CSV_COLUMNS, reportCsvRecords, quantile, MAX_LISTED } from './report';
export type { WhatIfReport, ReportGroup, SideFigures, DeadlineCliff, MisfitRow, MismatchRow } from './report';
export { RuleBook, replayInto, runWhatIf, Proposal, RulesInForce, RunControl } from './whatif-engine';
