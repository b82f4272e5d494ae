import { NOTIFICATION_ENTITIES } from './notification.entities';

export { NOTIFICATION_ENTITIES };
export { NotificationsModule } from './notifications.module';
export { NotificationsCoreModule } from './notifications-core.module';
export { NotificationsRelayModule } from './notifications-relay.module';
export { OutboxRelay } from './outbox-relay';
export { NotificationScheduler } from './notification-scheduler';
export { verify as verifyWebhook, sign as signWebhook, WebhookVerificationError } from './webhook-signature';
export { EVENT_CATALOGUE, EVENT_TYPES, ENVELOPE_SCHEMA, eventSpec, isEventType } from './event-catalogue';
export type { EventEnvelope, EventType, EventTypeSpec, JsonSchema } from './event-catalogue';

/**
 * Set-based SLA flagging (the deadline cliff, issue 12) appends its audit events with
 * `AuditService.appendMany`, and the outbox writer is told of the batch at once
 * (`afterAppendMany`): one read of the cases, one INSERT of their events. For a writer that flags
 * breaches outside the audit log, `OutboxRepository.enqueueBreaches(m, flagged, now)` is one
 * idempotent INSERT ... SELECT of their `sla.breached` rows (the relay bench uses it).
 */
export { OutboxRepository } from './outbox.repository';
export type { FlaggedBreach } from './outbox.repository';
export { officerRolesIn } from './audit-event-map';
export { OUTBOX_HISTORY } from './outbox-history';
