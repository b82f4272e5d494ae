import type { MonthlyPartitionedTable } from '@tenggat/platform';

/** audit_events, partitioned by month on occurred_at; every partition refuses UPDATE, DELETE and TRUNCATE too. */
export const AUDIT_HISTORY: MonthlyPartitionedTable = {
  table: 'audit_events',
  column: 'occurred_at',
  orderBy: 'seq',
  statementTrigger: 'audit_events_append_only',
};
