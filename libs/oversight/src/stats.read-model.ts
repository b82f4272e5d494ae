import { DAY_MS as DAY } from '@tenggat/calendar';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock, DomainError } from '@tenggat/platform';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ComplianceStatsRow, PublicStatsRow } from './oversight.views';

const ZONE = 'Asia/Jakarta';
/** Public figures are withheld for groups smaller than this, so no figure identifies a case. */
export const MIN_PUBLIC_GROUP = 5;

interface RawStats {
  agency: string;
  permit_type: string;
  month: string;
  decided: number;
  on_time: number;
  median_ms: number | null;
  p90_ms: number | null;
  avg_stopped_ms: number | null;
  breaches: number;
  escalations: number;
  deemed: number;
  notices_per_case: number | null;
  compensation: string | null;
}

const round = (n: number | null, digits = 2): number | null => (n === null ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);

/**
 * Compliance statistics over decided cases (approved or rejected), by agency, permit type and
 * month of decision (WIB). Processing time is the statutory clock's consumed working time, so
 * time stopped by deficiency notices is excluded (and shown separately).
 */
@Injectable()
export class StatsReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const items = await this.catalogue.all();
    const comp = items.filter((t) => t.definition.delayCompensation);
    const params: unknown[] = [from, to];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const compValues = comp.length
      ? `(VALUES ${comp.map((t) => `(${p(t.code)}::text, ${p(t.definition.delayCompensation?.perWorkingDay)}::numeric, ${p(t.definition.delayCompensation?.cap)}::numeric)`).join(', ')})`
      : `(SELECT NULL::text, 0::numeric, 0::numeric WHERE false)`;
    const where = [`a.status = 'closed'`, `a.outcome IN ('approved', 'rejected')`, `a.closed_at >= $1`, `a.closed_at < $2`];
    if (filter.agency) where.push(`a.agency_code = ${p(filter.agency)}`);
    if (filter.permitType) where.push(`a.permit_type_code = ${p(filter.permitType)}`);
    const rows = await this.db.query<RawStats[]>(
      `SELECT a.agency_code AS agency, a.permit_type_code AS permit_type,
         to_char(a.closed_at AT TIME ZONE '${ZONE}', 'YYYY-MM') AS month,
         count(*)::int AS decided,
         count(*) FILTER (WHERE a.breached_at IS NULL)::int AS on_time,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY c.consumed_ms) AS median_ms,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY c.consumed_ms) AS p90_ms,
         avg(c.stopped_ms)::float8 AS avg_stopped_ms,
         count(*) FILTER (WHERE a.breached_at IS NOT NULL)::int AS breaches,
         count(*) FILTER (WHERE a.escalated_at IS NOT NULL)::int AS escalations,
         count(*) FILTER (WHERE a.post_issuance_supervision)::int AS deemed,
         avg(a.deficiency_notices)::float8 AS notices_per_case,
         sum(LEAST(comp.cap, comp.per_day * GREATEST(0, ceil((c.consumed_ms - c.budget_ms) / ${DAY}.0))))::text AS compensation
       FROM applications a
       JOIN clocks c ON c.application_id = a.id AND c.kind = 'statutory'
       LEFT JOIN ${compValues} AS comp(code, per_day, cap) ON comp.code = a.permit_type_code
       WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, 3
       ORDER BY 3, 1, 2`,
      params,
    );
    const currency = new Map(comp.map((t) => [t.code, t.definition.delayCompensation?.currency ?? null]));
    return rows.map((r) => ({
      agency: r.agency,
      permitType: r.permit_type,
      month: r.month,
      decided: r.decided,
      onTime: r.on_time,
      onTimeRate: r.decided ? round(r.on_time / r.decided, 4) : null,
      medianWorkingDays: r.median_ms === null ? null : round(Number(r.median_ms) / DAY),
      p90WorkingDays: r.p90_ms === null ? null : round(Number(r.p90_ms) / DAY),
      avgStoppedCalendarDays: r.avg_stopped_ms === null ? null : round(Number(r.avg_stopped_ms) / DAY),
      breaches: r.breaches,
      escalations: r.escalations,
      deemedApprovals: r.deemed,
      deficiencyNoticesPerCase: round(r.notices_per_case),
      compensationOwed: Number(r.compensation ?? 0),
      compensationCurrency: currency.get(r.permit_type) ?? null,
    }));
  }
}
