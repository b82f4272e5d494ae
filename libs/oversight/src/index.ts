import { ComplaintEntity } from './complaint.entity';

export { OversightModule } from './oversight.module';
export { OverdueService, OVERDUE_CSV_COLUMNS } from './overdue.service';
export { OverdueRow } from './oversight.views';
export { StatsService } from './stats.service';
export { COMPLAINT_CATEGORIES } from './complaint.entity';

export const OVERSIGHT_ENTITIES: Function[] = [ComplaintEntity];
