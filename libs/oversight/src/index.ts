import { ComplaintEntity } from './complaint.entity';

export { OversightModule } from './oversight.module';
export { OverdueReadModel, OVERDUE_COUNT_CAP, OVERDUE_CSV_COLUMNS } from './overdue.read-model';
export { OverdueRow } from './oversight.views';
export { StatsReadModel } from './stats.read-model';
export { DecisionRollup, DecisionRollupFilter, DecisionRollupReadModel, mergeDistributions, percentileOf } from './decision-rollups.read-model';
export { SupervisionReadModel, SupervisionRow } from './supervision.read-model';
export { COMPLAINT_CATEGORIES } from './complaint.entity';

export const OVERSIGHT_ENTITIES: Function[] = [ComplaintEntity];
