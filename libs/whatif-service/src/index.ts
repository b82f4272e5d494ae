import { WhatIfRunEntity } from './whatif-run.entity';

export { WhatIfServiceModule } from './whatif-service.module';
export { WhatIfService } from './whatif.service';
export { WhatIfRunRepository } from './whatif-run.repository';
export { WhatIfHistoryReadModel, HistoryFilter } from './whatif-history.read-model';
export { WhatIfExecutor } from './whatif-executor';
export { planRun, PERIOD_ZONE } from './whatif-planner';
export { reportCsv } from './whatif.controller';
export { WhatIfRunEntity, WhatIfRunInput } from './whatif-run.entity';

export const WHATIF_ENTITIES: Function[] = [WhatIfRunEntity];
