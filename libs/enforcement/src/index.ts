export { EnforcementModule } from './enforcement.module';
export { EnforcementService } from './enforcement.service';
export { ReconcilerService, SweepReport } from './reconciler.service';
export { DeadlinesModule } from './deadlines.module';
export { DeadlineRecompute } from './deadline-recompute.service';
export { HistoryPartitionsService, HISTORY_TABLES, PartitionsReport } from './history-partitions.service';
