import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUDIT_HISTORY } from '@tenggat/audit';
import { OUTBOX_HISTORY } from '@tenggat/notifications';
import { AppConfig, Clock, HistoryPartitionsRepository, MonthlyPartitionedTable, monthStart, partitionName } from '@tenggat/platform';
import { CLOCK_EVENTS_HISTORY } from '@tenggat/sla';
import { DataSource } from 'typeorm';

/** The history tables partitioned by month, each declared by its owning module. */
export const HISTORY_TABLES: readonly MonthlyPartitionedTable[] = [AUDIT_HISTORY, CLOCK_EVENTS_HISTORY, OUTBOX_HISTORY];

export interface PartitionsReport {
  /** Partitions created by this pass (`<table>_YYYY_MM`). */
  created: string[];
  /** Rows moved out of a default partition into the month created for them. */
  moved: number;
  /** Rows left in each table's default partition (outside every month): should be 0. */
  defaultRows: Record<string, number>;
}

/**
 * Keeps every history table's monthly partitions created from this month to HISTORY_MONTHS_AHEAD
 * months ahead, so writes land in their month and not in the default partition. Run by the
 * worker once at start and daily (a BullMQ job scheduler on the SLA queue, like the reconciler).
 * Idempotent and safe in several processes at once (one advisory lock per table).
 */
@Injectable()
export class HistoryPartitionsService {
  private readonly logger = new Logger(HistoryPartitionsService.name);
  private readonly partitions: HistoryPartitionsRepository;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.partitions = new HistoryPartitionsRepository(db);
  }

  async ensureAhead(): Promise<PartitionsReport> {
    const now = this.clock.now();
    const report: PartitionsReport = { created: [], moved: 0, defaultRows: {} };
    for (const table of HISTORY_TABLES) {
      for (let i = 0; i <= this.config.get('HISTORY_MONTHS_AHEAD'); i++) {
        const month = monthStart(now, i);
        const r = await this.partitions.ensureMonth(table, month);
        if (r.created) report.created.push(partitionName(table.table, month));
        report.moved += r.moved;
      }
      report.defaultRows[table.table] = await this.partitions.defaultRows(table);
    }
    if (report.created.length) this.logger.log(`history partitions created: ${JSON.stringify(report)}`);
    const outside = Object.entries(report.defaultRows).filter(([, n]) => n > 0);
    if (outside.length)
      this.logger.warn(
        `rows outside every monthly partition (in the default partitions): ${outside.map(([t, n]) => `${t} ${n}`).join(', ')}; ` +
          'they move into their month when it is created (docs/scaling.md)',
      );
    return report;
  }
}
