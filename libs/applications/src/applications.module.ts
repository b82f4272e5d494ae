import { CalendarServiceModule } from '@tenggat/calendar-service';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule } from '@tenggat/catalogue';
import { IdentityModule } from '@tenggat/identity';
import { AppConfig } from '@tenggat/platform';
import { SlaModule } from '@tenggat/sla';
import { ApplicationEntity } from './application.entity';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CaseActionsService } from './case-actions.service';
import { CaseEffects } from './case-effects';
import { CaseReader } from './case-reader';
import { DecisionService } from './decision.service';
import { DocumentEntity } from './document.entity';
import { DocumentsService } from './documents.service';
import { IdempotencyKeyEntity, PermitEntity, ReferenceCounterEntity } from './permit.entity';
import { PermitIssuer } from './permit-issuer';
import { PublicTrackController, QueueController } from './queue.controller';
import { QueueService } from './queue.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity, DocumentEntity, PermitEntity, ReferenceCounterEntity, IdempotencyKeyEntity]),
    AuditModule,
    CatalogueModule,
    CalendarServiceModule,
    IdentityModule,
    SlaModule,
    // uploads are buffered in memory: cap them server-wide (413) before a requirement's own limit (422)
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.get('MAX_UPLOAD_BYTES'), files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 20 },
        defParamCharset: 'utf8', // curl and browsers send UTF-8 file names
      }),
    }),
  ],
  controllers: [ApplicationsController, QueueController, PublicTrackController],
  providers: [ApplicationsService, CaseActionsService, CaseEffects, CaseReader, DecisionService, DocumentsService, PermitIssuer, QueueService],
  exports: [ApplicationsService, CaseActionsService, CaseReader, CaseEffects, DocumentsService],
})
export class ApplicationsModule {}
