import { APPLICATION_ENTITIES } from '@tenggat/applications';
import { AUDIT_ENTITIES } from '@tenggat/audit';
import { CALENDAR_ENTITIES } from '@tenggat/calendar-service';
import { CATALOGUE_ENTITIES } from '@tenggat/catalogue';
import { IDENTITY_ENTITIES } from '@tenggat/identity';
import { NOTIFICATION_ENTITIES } from '@tenggat/notifications';
import { OVERSIGHT_ENTITIES } from '@tenggat/oversight';
import { SLA_ENTITIES } from '@tenggat/sla';
/** Every entity of every module: used by migrations and the drift check. */
export const ALL_ENTITIES: Function[] = [
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...CALENDAR_ENTITIES,
  ...CATALOGUE_ENTITIES,
  ...APPLICATION_ENTITIES,
  ...SLA_ENTITIES,
  ...OVERSIGHT_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];
