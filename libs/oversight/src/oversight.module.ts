import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule } from '@tenggat/catalogue';
import { SlaModule } from '@tenggat/sla';
import { CaseRecordService } from './case-record.service';
import { ComplaintEntity } from './complaint.entity';
import { ComplaintsService } from './complaints.service';
import { ComplaintsController, OversightController, PublicStatsController } from './oversight.controller';
import { OverdueService } from './overdue.service';
import { SignalsService } from './signals.service';
import { StatsService } from './stats.service';

@Module({
  imports: [TypeOrmModule.forFeature([ComplaintEntity]), ApplicationsModule, AuditModule, CalendarServiceModule, CatalogueModule, SlaModule],
  controllers: [OversightController, ComplaintsController, PublicStatsController],
  providers: [OverdueService, StatsService, SignalsService, ComplaintsService, CaseRecordService],
})
export class OversightModule {}
