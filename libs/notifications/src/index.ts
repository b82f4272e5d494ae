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
 * For set-based SLA flagging (the deadline cliff, issue 12): its breaches are flagged by one
 * UPDATE and so never pass through the per-event audit hook that writes the outbox. In the
 * transaction that flags them, call
 *
 *   await outbox.enqueueBreaches(m, flagged, now);   // OutboxRepository, from NotificationsCoreModule
 *
 * with one FlaggedBreach per flagged clock (take the facts from the UPDATE's RETURNING; the roles
 * with officerRolesIn(definition, state)). It is one INSERT ... SELECT over the batch, idempotent
 * (a dedupe key per case, clock, state and deadline), and the relay then delivers the events
 * (webhooks, the feed, the live stream, the applicant's breach email) like any other.
 */
export { OutboxRepository } from './outbox.repository';
export type { FlaggedBreach } from './outbox.repository';
export { officerRolesIn } from './audit-event-map';
export { OUTBOX_HISTORY } from './outbox-history';
