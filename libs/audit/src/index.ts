export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { AuditListeners } from './audit-listeners';
export type { AuditAppendListener } from './audit-listeners';
export { AuditEvent, AUDIT_ENTITIES } from './audit-event.entity';
export { canonicalJson, hashEvent, GENESIS_HASH, UnstorableAuditValue } from './audit-hash';
export { AUDIT_STREAM_NAME } from './audit.types';
export type { HashedFields } from './audit-hash';
export type { AuditEntry, AppendedEvent, AuditEventView, BrokenLink, BrokenLinkReason, VerifyResult } from './audit.types';
