import { CalendarServiceModule } from '@tenggat/calendar-service';
import { Module } from '@nestjs/common';
import { AppConfig } from '@tenggat/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule } from '@tenggat/catalogue';
import { IdentityModule } from '@tenggat/identity';
import { SlaModule } from '@tenggat/sla';
import { ApplicationEntity } from './application.entity';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CaseRepository } from './case.repository';
import { DecisionRollupRepository } from './decision-rollup.repository';
import { CaseActionsService } from './case-actions.service';
import { CaseEffects } from './case-effects';
import { BoardReadModel } from './board.read-model';
import { CaseEvents } from './case-events';
import { CaseReader } from './case-reader';
import { DecisionService } from './decision.service';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentsService } from './documents.service';
import { DocumentStore } from './document-store';
import { documentStoreFor } from './s3-document-store';
import { FeesController } from './fees.controller';
import { FeesService } from './fees.service';
import { IdempotencyKeyEntity, PermitEntity, PermitSigningKeyEntity, ReferenceCounterEntity } from './permit.entity';
import { PermitIssuer } from './permit-issuer';
import { PermitKeyring } from './permit-keyring';
import { IdempotencyKeyRepository, PermitRepository, PermitSigningKeyRepository, ReferenceCounterRepository } from './permit.repository';
import { PermitKeysController, PermitsController, PublicPermitsController } from './permits.controller';
import { PermitsService } from './permits.service';
import { PublicTrackController, QueueController } from './queue.controller';
import { QueueService } from './queue.service';
import { TrackThrottle } from './track-throttle';
import { UploadSlots } from './upload-slots';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity, DocumentEntity, PermitEntity, ReferenceCounterEntity, IdempotencyKeyEntity, PermitSigningKeyEntity]),
    AuditModule,
    CatalogueModule,
    CalendarServiceModule,
    IdentityModule,
    SlaModule,
  ],
  controllers: [ApplicationsController, QueueController, PublicTrackController, FeesController, PublicPermitsController, PermitKeysController, PermitsController],
  providers: [
    CaseRepository,
    DecisionRollupRepository,
    BoardReadModel,
    DocumentRepository,
    PermitRepository,
    ReferenceCounterRepository,
    IdempotencyKeyRepository,
    CaseEvents,
    ApplicationsService,
    CaseActionsService,
    CaseEffects,
    CaseReader,
    DecisionService,
    DocumentsService,
    FeesService,
    PermitIssuer,
    PermitKeyring,
    PermitSigningKeyRepository,
    PermitsService,
    QueueService,
    TrackThrottle,
    { provide: DocumentStore, inject: [AppConfig], useFactory: documentStoreFor },
    // uploads in progress per user, shared by every upload request of this process
    { provide: UploadSlots, useValue: new UploadSlots() },
  ],
  exports: [PermitIssuer, PermitKeyring, CaseRepository, DecisionRollupRepository, ApplicationsService, CaseActionsService, CaseReader, CaseEffects, DocumentsService, CaseEvents],
})
export class ApplicationsModule {}
