/**
 * The overdue list and its CSV export is a report, kept in overdue.read-model.ts (SQL lives only in repositories and read models).
 * This name stays for oversight.controller.ts until its imports point there.
 */
export { OverdueReadModel as OverdueService, OverdueRow } from './overdue.read-model';
