import { DAY_MS as DAY } from '@tenggat/calendar';
import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock, DomainError } from '@tenggat/platform';
import { DateTime } from 'luxon';
import { DecisionRollup, DecisionRollupReadModel, mergeDistributions, percentileOf } from './decision-rollups.read-model';
import { ComplianceStatsRow, PublicStatsRow } from './oversight.views';

const ZONE = 'Asia/Jakarta';
/** Public figures are withheld for groups smaller than this, so no figure identifies a case. */
export const MIN_PUBLIC_GROUP = 5;


const round = (n: number | null, digits = 2): number | null => (n === null ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);

/**
 * Compliance statistics over decided cases (approved or rejected), by agency, permit type and
 * month of decision (WIB). Processing time is the statutory clock's consumed working time, so
 * time stopped by deficiency notices is excluded (and shown separately). Read from the decision
 * roll-ups (a few hundred rows a year at a million cases): medians and percentiles come from
 * their distribution in tenths of a working day.
 */
@Injectable()
export class StatsReadModel {
  constructor(
    private readonly rollups: DecisionRollupReadModel,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  async stats(from: string, to: string, filter: { agency?: string; permitType?: string }): Promise<ComplianceStatsRow[]> {
    const start = DateTime.fromFormat(from, 'yyyy-MM', { zone: ZONE });
    const end = DateTime.fromFormat(to, 'yyyy-MM', { zone: ZONE }).plus({ months: 1 });
    if (end <= start) throw new DomainError('invalid', 'bad-period', '`to` must not be before `from`', { errors: [{ field: 'to', message: 'before from' }] });
    if (end.diff(start, 'months').months > 60) throw new DomainError('invalid', 'bad-period', 'A period spans at most 60 months', { errors: [{ field: 'to', message: 'more than 60 months after from' }] });
    return this.aggregate(start.toJSDate(), end.toJSDate(), filter);
  }

  /** Recent months for the public, with small groups suppressed. */
  async publicStats(months: number): Promise<PublicStatsRow[]> {
    const now = DateTime.fromJSDate(this.clock.now(), { zone: ZONE }).startOf('month');
    const rows = await this.aggregate(now.minus({ months: months - 1 }).toJSDate(), now.plus({ months: 1 }).toJSDate(), {});
    const items = await this.catalogue.all();
    const published = new Map(items.map((t) => [t.code, t.definition.processingTime.workingDays]));
    return rows.map((r) => {
      const suppressed = r.decided < MIN_PUBLIC_GROUP;
      return {
        agency: r.agency,
        permitType: r.permitType,
        month: r.month,
        publishedWorkingDays: published.get(r.permitType) ?? null,
        suppressed,
        decided: suppressed ? null : r.decided,
        medianWorkingDays: suppressed ? null : r.medianWorkingDays,
        onTimeRate: suppressed ? null : r.onTimeRate,
        breaches: suppressed ? null : r.breaches,
      };
    });
  }

  private async aggregate(from: Date, to: Date, filter: { agency?: string; permitType?: string }): Promise<ComplianceStatsRow[]> {
    const month = (d: Date): string => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM');
    // `to` is the first instant after the period: its month is not in it
    const last = month(DateTime.fromJSDate(to, { zone: ZONE }).minus({ months: 1 }).toJSDate());
    const [items, rollups] = await Promise.all([
      this.catalogue.all(),
      this.rollups.rows({ from: month(from), to: last, ...filter, outcomes: ['approved', 'rejected'] }),
    ]);
    const policy = new Map(items.flatMap((t) => (t.definition.delayCompensation ? [[t.code, t.definition.delayCompensation] as const] : [])));
    // approved and rejected of one agency, permit type and month make one row
    const groups = new Map<string, DecisionRollup[]>();
    for (const r of rollups) {
      const key = `${r.month}|${r.agency}|${r.permitType}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()].map((rs): ComplianceStatsRow => {
      const [{ month: m, agency, permitType }] = rs;
      const sum = (f: (r: DecisionRollup) => number): number => rs.reduce((s, r) => s + f(r), 0);
      const decided = sum((r) => r.cases);
      const onTime = sum((r) => r.onTime);
      const timed = sum((r) => r.timedCases);
      const days = mergeDistributions(...rs.map((r) => r.workingDays));
      const comp = policy.get(permitType);
      const late = mergeDistributions(...rs.map((r) => r.daysLate));
      const owed = comp ? Object.entries(late).reduce((s, [k, n]) => s + n * Math.min(comp.cap, comp.perWorkingDay * Number(k)), 0) : 0;
      return {
        agency,
        permitType,
        month: m,
        decided,
        onTime,
        onTimeRate: decided ? round(onTime / decided, 4) : null,
        medianWorkingDays: round(percentileOf(days, 0.5)),
        p90WorkingDays: round(percentileOf(days, 0.9)),
        avgStoppedCalendarDays: timed ? round(sum((r) => r.stoppedMs) / timed / DAY) : null,
        breaches: sum((r) => r.breaches),
        escalations: sum((r) => r.escalations),
        deemedApprovals: sum((r) => r.deemed),
        deficiencyNoticesPerCase: decided ? round(sum((r) => r.deficiencyNotices) / decided) : null,
        compensationOwed: owed,
        compensationCurrency: comp?.currency ?? null,
      };
    });
  }
}
