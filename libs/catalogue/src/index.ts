import { AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity } from './catalogue.entities';

export { CatalogueModule } from './catalogue.module';
export { CatalogueService, PinnedPermitType, PublishResult } from './catalogue.service';
export { DeadlineTiming, DeadlineTimingService } from './deadline-timing.service';
export { AgencyEntity };

export const CATALOGUE_ENTITIES: Function[] = [AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity];
