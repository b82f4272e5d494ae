import { CalendarServiceModule } from '@tenggat/calendar-service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule } from '@tenggat/catalogue';
import { IdentityModule } from '@tenggat/identity';
import { SlaModule } from '@tenggat/sla';
import { ApplicationEntity } from './application.entity';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CaseRepository } from './case.repository';
import { CaseActionsService } from './case-actions.service';
import { CaseEffects } from './case-effects';
import { BoardReadModel } from './board.read-model';
import { CaseEvents } from './case-events';
import { CaseReader } from './case-reader';
import { DecisionService } from './decision.service';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { DocumentsService } from './documents.service';
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
  controllers: [ApplicationsController, QueueController, PublicTrackController, PublicPermitsController, PermitKeysController, PermitsController],
  providers: [
    CaseRepository,
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
    PermitIssuer,
    PermitKeyring,
    PermitSigningKeyRepository,
    PermitsService,
    QueueService,
    TrackThrottle,
    // uploads in progress per user, shared by every upload request of this process
    { provide: UploadSlots, useValue: new UploadSlots() },
  ],
  exports: [PermitIssuer, PermitKeyring, CaseRepository, ApplicationsService, CaseActionsService, CaseReader, CaseEffects, DocumentsService],
})
export class ApplicationsModule {}
