import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule } from '@tenggat/catalogue';
import { SlaModule } from '@tenggat/sla';
import { DefinitionMigrationController } from './definition-migration.controller';
import { DefinitionMigrationService } from './definition-migration.service';
import { MigrationPlanEntity, MigrationResultEntity } from './migration.entities';
import { MigrationRepository } from './migration.repository';

/** Moving open cases to a newer permit-type version: plans, dry runs, guarded application, results. */
@Module({
  imports: [TypeOrmModule.forFeature([MigrationPlanEntity, MigrationResultEntity]), ApplicationsModule, AuditModule, CatalogueModule, SlaModule],
  controllers: [DefinitionMigrationController],
  providers: [MigrationRepository, DefinitionMigrationService],
  exports: [DefinitionMigrationService],
})
export class DefinitionMigrationModule {}
