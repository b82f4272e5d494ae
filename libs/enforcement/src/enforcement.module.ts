import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { CatalogueModule } from '@tenggat/catalogue';
import { SlaModule } from '@tenggat/sla';
import { EnforcementService } from './enforcement.service';
import { HistoryPartitionsService } from './history-partitions.service';
import { ReconcilerService } from './reconciler.service';
import { SlaProcessor } from './sla.processor';
import { SlaWorkers } from './sla-workers';

/** The SLA processors and the reconciler: run by apps/worker, and by the API unless RUN_WORKERS=false. */
@Module({
  imports: [ApplicationsModule, SlaModule, AuditModule, CatalogueModule],
  providers: [EnforcementService, ReconcilerService, HistoryPartitionsService, SlaProcessor, SlaWorkers],
  exports: [EnforcementService, ReconcilerService, HistoryPartitionsService],
})
export class EnforcementModule {}
