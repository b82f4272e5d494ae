import { NOTIFICATION_ENTITIES } from './notification.entities';

export { NOTIFICATION_ENTITIES };
export { NotificationsModule } from './notifications.module';
export { NotificationsCoreModule } from './notifications-core.module';
export { EVENT_CATALOGUE, EVENT_TYPES, ENVELOPE_SCHEMA, eventSpec, isEventType } from './event-catalogue';
export type { EventEnvelope, EventType, EventTypeSpec, JsonSchema } from './event-catalogue';
