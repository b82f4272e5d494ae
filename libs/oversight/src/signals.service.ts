/**
 * The signals is a report, kept in signals.read-model.ts (SQL lives only in repositories and read models).
 * This name stays for oversight.controller.ts until its imports point there.
 */
export { SignalsReadModel as SignalsService } from './signals.read-model';
