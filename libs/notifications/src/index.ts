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
