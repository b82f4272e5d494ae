import type { MonthlyPartitionedTable } from '@tenggat/platform';

/** clock_events, partitioned by month on at. */
export const CLOCK_EVENTS_HISTORY: MonthlyPartitionedTable = { table: 'clock_events', column: 'at', orderBy: 'id' };
