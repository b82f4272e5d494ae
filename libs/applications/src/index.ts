import { ApplicationEntity } from './application.entity';
import { DecisionRollupEntity } from './decision-rollup.entity';
import { DocumentEntity } from './document.entity';
import { IdempotencyKeyEntity, PermitEntity, ReferenceCounterEntity } from './permit.entity';

export { ApplicationsModule } from './applications.module';
export { ApplicationsService } from './applications.service';
export { CaseRepository } from './case.repository';
export { DecisionRollupRepository } from './decision-rollup.repository';
export { caseEvent, CaseActor } from './case-event';
export { CaseActionsService } from './case-actions.service';
export { DocumentsService } from './documents.service';
export { CaseReader } from './case-reader';
export { CaseEvents } from './case-events';
export type { DispatchedEvent } from './case-events';
export { CaseEffects } from './case-effects';
export { CaseView, ClockView, ClockFiguresView, clockUnitOf, figuresOfView, figuresView } from './case-views';
export { ApplicationEntity, DocumentEntity, PermitEntity };

export const APPLICATION_ENTITIES: Function[] = [ApplicationEntity, DocumentEntity, PermitEntity, ReferenceCounterEntity, IdempotencyKeyEntity, DecisionRollupEntity];
