import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { CatalogueController } from './catalogue.controller';
import { AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity } from './catalogue.entities';
import { CatalogueLoader } from './catalogue-loader';
import { CatalogueService } from './catalogue.service';

@Module({
  imports: [TypeOrmModule.forFeature([AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity]), AuditModule],
  controllers: [CatalogueController],
  providers: [CatalogueService, CatalogueLoader],
  exports: [CatalogueService],
})
export class CatalogueModule {}
