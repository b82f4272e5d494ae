import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@tenggat/audit';
import { WhatIfController } from './whatif.controller';
import { WhatIfHistoryReadModel } from './whatif-history.read-model';
import { WhatIfRunEntity } from './whatif-run.entity';
import { WhatIfRunRepository } from './whatif-run.repository';
import { WhatIfService } from './whatif.service';

@Module({
  imports: [TypeOrmModule.forFeature([WhatIfRunEntity]), AuditModule],
  controllers: [WhatIfController],
  providers: [WhatIfRunRepository, WhatIfHistoryReadModel, WhatIfService],
})
export class WhatIfServiceModule {}
