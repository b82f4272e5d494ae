export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { AuditEvent, AUDIT_ENTITIES } from './audit-event.entity';
export { canonicalJson, hashEvent, GENESIS_HASH } from './audit-hash';
export type { HashedFields } from './audit-hash';
export type { AuditEntry, AppendedEvent, AuditEventView, BrokenLink, BrokenLinkReason, VerifyResult } from './audit.types';
