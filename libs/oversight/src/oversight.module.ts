import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule } from '@tenggat/catalogue';
import { SlaModule } from '@tenggat/sla';
import { CaseRecordService } from './case-record.service';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintRepository } from './complaint.repository';
import { ComplaintsService } from './complaints.service';
import { DashboardController } from './dashboard.controller';
import { DashboardReadModel } from './dashboard.read-model';
import { ComplaintsController, OversightController, PublicStatsController } from './oversight.controller';
import { DecisionRollupReadModel } from './decision-rollups.read-model';
import { OverdueReadModel } from './overdue.read-model';
import { SignalsReadModel } from './signals.read-model';
import { StatsReadModel } from './stats.read-model';
import { SupervisionReadModel } from './supervision.read-model';

@Module({
  imports: [TypeOrmModule.forFeature([ComplaintEntity]), ApplicationsModule, AuditModule, CalendarServiceModule, CatalogueModule, SlaModule],
  controllers: [OversightController, ComplaintsController, PublicStatsController, DashboardController],
  providers: [
    ComplaintRepository,
    DecisionRollupReadModel,
    OverdueReadModel,
    StatsReadModel,
    SignalsReadModel,
    ComplaintsService,
    CaseRecordService,
    SupervisionReadModel,
    DashboardReadModel,
  ],
  exports: [SupervisionReadModel, DecisionRollupReadModel],
})
export class OversightModule {}
