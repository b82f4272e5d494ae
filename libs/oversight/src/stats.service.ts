/**
 * The compliance statistics is a report, kept in stats.read-model.ts (SQL lives only in repositories and read models).
 * This name stays for oversight.controller.ts until its imports point there.
 */
export { StatsReadModel as StatsService, StatsRow } from './stats.read-model';
