import { ApplicationEntity } from './application.entity';
import { DecisionRollupEntity } from './decision-rollup.entity';
import { DocumentEntity } from './document.entity';
import { IdempotencyKeyEntity, PermitEntity, PermitSigningKeyEntity, ReferenceCounterEntity } from './permit.entity';

export { ApplicationsModule } from './applications.module';
export { ApplicationsService } from './applications.service';
export { CaseRepository } from './case.repository';
export type { CaseEventFacts } from './case.repository';
export { DecisionRollupRepository } from './decision-rollup.repository';
export { caseEvent, CaseActor } from './case-event';
export { CaseActionsService } from './case-actions.service';
export { DocumentsService } from './documents.service';
export { CaseReader } from './case-reader';
export { CaseEvents } from './case-events';
export type { DispatchedEvent } from './case-events';
export { CaseEffects } from './case-effects';
export { WrittenCase } from './written-case';
/** The one place permits are issued and signed (officer approval, deemed approval, and batches of them). */
export { PermitIssuer } from './permit-issuer';
export { PermitKeyring } from './permit-keyring';
export { signPermitFields, keyId } from './permit-signature';
export { CaseView, ClockView, ClockFiguresView, clockUnitOf, figuresOfView, figuresView } from './case-views';
export { ApplicationEntity, DocumentEntity, PermitEntity };

export const APPLICATION_ENTITIES: Function[] = [ApplicationEntity, DocumentEntity, PermitEntity, ReferenceCounterEntity, IdempotencyKeyEntity, DecisionRollupEntity, PermitSigningKeyEntity];
