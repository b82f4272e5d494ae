import { Audit1795801100000 } from './migrations/1795801100000-Audit';
import { Cases1795802116766 } from './migrations/1795802116766-Cases';
import { Identity1795801000000 } from './migrations/1795801000000-Identity';
import { Oversight1795802680410 } from './migrations/1795802680410-Oversight';
import { QueueStatistics1795803494228 } from './migrations/1795803494228-QueueStatistics';
import { InstanceSecrets1795804000000 } from './migrations/1795804000000-InstanceSecrets';
import { HashAccessCodes1795804200000 } from './migrations/1795804200000-HashAccessCodes';
import { ReadsAtScale1796030890486 } from './migrations/1796030890486-ReadsAtScale';
import { DefinitionMigrations1796031229120 } from './migrations/1796031229120-DefinitionMigrations';
import { CaseFees1796033147383 } from './migrations/1796033147383-CaseFees';
import { WhatIfRuns1796031809771 } from './migrations/1796031809771-WhatIfRuns';
import { Notifications1796023837817 } from './migrations/1796023837817-Notifications';
import { PermitSignatures1796031232711 } from './migrations/1796031232711-PermitSignatures';
import { DashboardIndexes1796034000000 } from './migrations/1796034000000-DashboardIndexes';
import { DeficiencyNoticeDocuments1796043152962 } from './migrations/1796043152962-DeficiencyNoticeDocuments';
import { PartitionedHistory1796040000000 } from './migrations/1796040000000-PartitionedHistory';
/** Migrations in order. Generated with `npm run migration:generate -- <Name>`, then reviewed. */
export const ALL_MIGRATIONS: Function[] = [
  Identity1795801000000,
  Audit1795801100000,
  Cases1795802116766,
  Oversight1795802680410,
  QueueStatistics1795803494228,
  InstanceSecrets1795804000000,
  HashAccessCodes1795804200000,
  ReadsAtScale1796030890486,
  DefinitionMigrations1796031229120,
  CaseFees1796033147383,
  WhatIfRuns1796031809771,
  Notifications1796023837817,
  PermitSignatures1796031232711,
  DashboardIndexes1796034000000,
  DeficiencyNoticeDocuments1796043152962,
  PartitionedHistory1796040000000,
];
