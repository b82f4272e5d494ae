import { APPLICATION_ENTITIES } from '@tenggat/applications';
import { AUDIT_ENTITIES } from '@tenggat/audit';
import { CALENDAR_ENTITIES } from '@tenggat/calendar-service';
import { CATALOGUE_ENTITIES } from '@tenggat/catalogue';
import { DEFINITION_MIGRATION_ENTITIES } from '@tenggat/definition-migration';
import { IDENTITY_ENTITIES } from '@tenggat/identity';
import { NOTIFICATION_ENTITIES } from '@tenggat/notifications';
import { OVERSIGHT_ENTITIES } from '@tenggat/oversight';
import { PLATFORM_ENTITIES } from '@tenggat/platform';
import { SLA_ENTITIES } from '@tenggat/sla';
import { WHATIF_ENTITIES } from '@tenggat/whatif-service';
/** Every entity of every module: used by migrations and the drift check. */
export const ALL_ENTITIES: Function[] = [
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...CALENDAR_ENTITIES,
  ...CATALOGUE_ENTITIES,
  ...APPLICATION_ENTITIES,
  ...SLA_ENTITIES,
  ...OVERSIGHT_ENTITIES,
  ...DEFINITION_MIGRATION_ENTITIES,
  ...WHATIF_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...PLATFORM_ENTITIES,
];
