import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueController } from './catalogue.controller';
import { AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity } from './catalogue.entities';
import { CatalogueLoader } from './catalogue-loader';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';
import { DeadlineTimingService } from './deadline-timing.service';
import { PermitTypeViews } from './permit-type-views.service';

@Module({
  imports: [TypeOrmModule.forFeature([AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity]), AuditModule, CalendarServiceModule],
  controllers: [CatalogueController],
  providers: [CatalogueRepository, CatalogueService, CatalogueLoader, DeadlineTimingService, PermitTypeViews],
  exports: [CatalogueService, DeadlineTimingService],
})
export class CatalogueModule {}
