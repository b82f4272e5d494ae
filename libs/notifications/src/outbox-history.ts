import type { MonthlyPartitionedTable } from '@tenggat/platform';

/** The outbox (outbox_events), partitioned by month on occurred_at. */
export const OUTBOX_HISTORY: MonthlyPartitionedTable = { table: 'outbox_events', column: 'occurred_at', orderBy: 'seq' };
