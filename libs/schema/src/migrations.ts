import { Audit1795801100000 } from './migrations/1795801100000-Audit';
import { Cases1795802116766 } from './migrations/1795802116766-Cases';
import { Identity1795801000000 } from './migrations/1795801000000-Identity';
import { Oversight1795802680410 } from './migrations/1795802680410-Oversight';
import { QueueStatistics1795803494228 } from './migrations/1795803494228-QueueStatistics';
import { InstanceSecrets1795804000000 } from './migrations/1795804000000-InstanceSecrets';
import { HashAccessCodes1795804200000 } from './migrations/1795804200000-HashAccessCodes';
import { PermitSignatures1796031232711 } from './migrations/1796031232711-PermitSignatures';
/** Migrations in order. Generated with `npm run migration:generate -- <Name>`, then reviewed. */
export const ALL_MIGRATIONS: Function[] = [
  Identity1795801000000,
  Audit1795801100000,
  Cases1795802116766,
  Oversight1795802680410,
  QueueStatistics1795803494228,
  InstanceSecrets1795804000000,
  HashAccessCodes1795804200000,
  PermitSignatures1796031232711,
];
