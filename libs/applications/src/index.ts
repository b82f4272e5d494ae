import { ApplicationEntity } from './application.entity';
import { DocumentEntity } from './document.entity';
import { IdempotencyKeyEntity, PermitEntity, PermitSigningKeyEntity, ReferenceCounterEntity } from './permit.entity';

export { ApplicationsModule } from './applications.module';
export { ApplicationsService } from './applications.service';
export { CaseRepository } from './case.repository';
export { caseEvent, CaseActor } from './case-event';
export { CaseActionsService } from './case-actions.service';
export { DocumentsService } from './documents.service';
export { CaseReader } from './case-reader';
export { CaseEffects } from './case-effects';
export { PermitIssuer, permitFieldsOf } from './permit-issuer';
export { PermitKeyring } from './permit-keyring';
export { signPermitFields, verifyPermitFields, keyId } from './permit-signature';
export type { SignedPermitFields, PermitSignature, PermitPublicJwk } from './permit-signature';
export { CaseView, ClockView, ClockFiguresView, clockUnitOf, figuresOfView, figuresView } from './case-views';
export { ApplicationEntity, DocumentEntity, PermitEntity };

export const APPLICATION_ENTITIES: Function[] = [ApplicationEntity, DocumentEntity, PermitEntity, ReferenceCounterEntity, IdempotencyKeyEntity, PermitSigningKeyEntity];
