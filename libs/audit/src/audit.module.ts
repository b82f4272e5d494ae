import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditListeners } from './audit-listeners';
import { AuditService } from './audit.service';

/** Import it in any module that records what happened; inject AuditService. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  providers: [AuditService, AuditListeners],
  exports: [AuditService, AuditListeners],
})
export class AuditModule {}
