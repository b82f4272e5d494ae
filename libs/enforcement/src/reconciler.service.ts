import { Injectable, Logger } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { AppConfig, Clock } from '@tenggat/platform';
import { ClockRepository, DueAlarm, TimerQueue } from '@tenggat/sla';
import { EnforcementService } from './enforcement.service';
import { reconcilerCatches } from './sla-metrics';

export interface SweepReport {
  lateFlags: number;
  policiesRetried: number;
  rearmed: number;
  ms: number;
}

const BATCH = 5000;

/**
 * Postgres is the truth: every sweep flags whatever is past due and not yet flagged, retries
 * policies a crash interrupted, and re-arms alarms due within the horizon that Redis lost.
 * Each query is served by a partial index on running, unflagged clocks; a clock whose case row
 * is missing is flagged like any other (with a warning in the log), never failing the sweep.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    private readonly clockRows: ClockRepository,
    private readonly enforcement: EnforcementService,
    private readonly timers: TimerQueue,
    private readonly catalogue: CatalogueService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private get horizonMs(): number {
    return Math.max(3_600_000, 3 * this.config.get('RECONCILE_INTERVAL_MS'));
  }

  /**
   * One pass, set-based: flags every clock past due (the same batches as an alarm), retries
   * the policies a crash interrupted, and re-arms the alarms of the distinct instants due within
   * the horizon that Redis lost. `rearm: false` skips the Redis half (used while Redis does not
   * answer: flags need only Postgres).
   */
  async sweep(opts: { rearm?: boolean } = {}): Promise<SweepReport> {
    const started = Date.now();
    const now = this.clock.now();
    let lateFlags = 0;
    for (const kind of ['warning', 'deadline'] as const) lateFlags += (await this.enforcement.flagAllDue(kind, 'reconciler')).flagged;
    if (lateFlags) reconcilerCatches.inc({ what: 'late-flag' }, lateFlags);

    const policiesRetried = await this.retryPolicies();
    if (opts.rearm === false) return { lateFlags, policiesRetried, rearmed: 0, ms: Date.now() - started };

    // the distinct instants, one query per partial index (idx_clocks_warning_due,
    // idx_clocks_deadline_due): an alarm per instant and kind, however many clocks share it
    const horizon = new Date(now.getTime() + this.horizonMs);
    const [warnings, deadlines] = await Promise.all([
      this.clockRows.dueInstants('warning', now, horizon, 50_000),
      this.clockRows.dueInstants('deadline', now, horizon, 50_000),
    ]);
    const alarms: DueAlarm[] = [...warnings.map((dueAt) => ({ kind: 'warning' as const, dueAt })), ...deadlines.map((dueAt) => ({ kind: 'deadline' as const, dueAt }))];
    const missing = await this.timers.missing(alarms);
    await this.timers.arm(missing);
    if (missing.length) reconcilerCatches.inc({ what: 'rearmed' }, missing.length);
    const report = { lateFlags, policiesRetried, rearmed: missing.length, ms: Date.now() - started };
    if (lateFlags || missing.length || policiesRetried) this.logger.log(`reconciler: ${JSON.stringify(report)}`);
    return report;
  }

  /** Breached clocks whose policy moves the case but did not complete (a crash after the flag). */
  private async retryPolicies(): Promise<number> {
    const items = await this.catalogue.all();
    const deemed = items.filter((t) => t.definition.onBreach === 'deemed-approval').map((t) => t.code);
    const pending = await this.clockRows.breachedRunning(deemed, BATCH);
    await this.enforcement.afterBreachMany(pending);
    return pending.length;
  }
}
