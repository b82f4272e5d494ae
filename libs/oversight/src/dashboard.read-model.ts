import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DAY_MS as DAY, timeZoneLabel } from '@tenggat/calendar';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock } from '@tenggat/platform';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { COMPLAINT_CATEGORIES, ComplaintCategory } from './complaint.entity';
import { DashboardQuery } from './dashboard.dto';
import { AgencyRankRow, BreachAgeBucket, DashboardFigures, DashboardView, DeemedAwaitingRow, MonthlyTrendRow } from './dashboard.views';
import { latestDeadlineWithLate } from './overdue.read-model';

const ZONE = 'Asia/Jakarta';
const DEFAULT_DASHBOARD_MONTHS = 6;
/** The deemed approvals listed on the dashboard (the count covers them all). */
const DEEMED_LIST_LIMIT = 50;

const round = (n: number | string | null, digits = 2): number | null => (n === null ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);
const days = (ms: number | string | null): number | null => (ms === null ? null : round(Number(ms) / DAY));

interface Scope {
  /** SQL condition over `a` (applications) for the agency, permit type and zone filters. */
  where: string;
  params: unknown[];
  p: (v: unknown) => string;
}

interface RawDecided {
  decided: number;
  on_time: number;
  median_ms: string | null;
  p90_ms: string | null;
  avg_stopped_ms: string | null;
  compensation: string | null;
}

interface RawMonth {
  month: string;
  decided: number;
  on_time: number;
  median_ms: string | null;
  breaches: number;
}

interface RawAgency {
  agency: string;
  decided: number;
  on_time: number;
  median_ms: string | null;
  breaches: number;
  open_overdue: number;
}

/**
 * The ombudsman's dashboard: every figure, chart and list of its first view, for one period
 * (the last `months` months, the current one included, WIB) and the agency, permit type and zone
 * filters. All of its SQL is here, one method per figure group, so that each can move onto the
 * statistics roll-ups without touching the endpoint:
 *
 * - decided-case figures (on-time rate, median and p90 working days, stopped time, compensation)
 *   and the monthly trend and agency ranking: cases **closed as approved or rejected** in the
 *   period, by month of decision, exactly as GET /v1/oversight/stats counts them;
 * - breaches, escalations and deemed approvals: cases whose `breached_at`, `escalated_at` or
 *   deemed-approval closing falls in the period;
 * - deficiency notices per case and the share at the cap: cases **submitted** in the period;
 * - complaints by category: complaints **filed** in the period;
 * - breach age buckets and open overdue per agency: open cases **now** past their statutory
 *   deadline, by whole working days overdue in their own calendar;
 * - deemed approvals awaiting post-issuance supervision: every such permit, whatever its date.
 */
@Injectable()
export class DashboardReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly calendars: CalendarRegistry,
    private readonly clock: Clock,
  ) {}

  async dashboard(q: DashboardQuery): Promise<DashboardView> {
    const now = this.clock.now();
    const months = q.months ?? DEFAULT_DASHBOARD_MONTHS;
    const first = DateTime.fromJSDate(now, { zone: ZONE }).startOf('month').minus({ months: months - 1 });
    const from = first.toJSDate();
    const agencies = await this.agencyScope(q.zone);
    const scope = (): Scope => this.scope(q, agencies, from, now);
    const [decided, events, notices, complaints, trend, ranking, buckets, deemed] = await Promise.all([
      this.decidedFigures(scope()),
      this.eventCounts(scope()),
      this.noticeFigures(scope()),
      this.complaintsByCategory(scope()),
      this.monthlyTrend(scope()),
      this.agencyRanking(scope(), now),
      this.breachAgeBuckets(scope(), now),
      this.deemedAwaiting(scope()),
    ]);
    const figures: DashboardFigures = {
      decided: decided.decided,
      onTime: decided.on_time,
      onTimeRate: decided.decided ? round(decided.on_time / decided.decided, 4) : null,
      medianWorkingDays: days(decided.median_ms),
      p90WorkingDays: days(decided.p90_ms),
      avgStoppedCalendarDays: days(decided.avg_stopped_ms),
      breaches: events.breaches,
      escalations: events.escalations,
      deemedApprovals: events.deemed,
      submitted: notices.submitted,
      deficiencyNoticesPerCase: notices.submitted ? round(notices.notices / notices.submitted) : null,
      shareAtNoticeCap: notices.submitted ? round(notices.at_cap / notices.submitted, 4) : null,
      casesAtNoticeCap: notices.at_cap,
      openOverdue: buckets.reduce((s, b) => s + b.cases, 0),
      compensationOwed: Number(decided.compensation ?? 0),
      compensationCurrency: 'IDR',
      complaints: complaints.reduce((s, c) => s + c.count, 0),
    };
    return {
      period: { months, from: first.toFormat('yyyy-MM'), to: DateTime.fromJSDate(now, { zone: ZONE }).toFormat('yyyy-MM') },
      filters: { agency: q.agency ?? null, permitType: q.permitType ?? null, zone: q.zone ?? null },
      asOf: now.toISOString(),
      figures,
      complaintsByCategory: complaints,
      monthlyTrend: trend,
      agencyRanking: ranking,
      breachAgeBuckets: buckets,
      deemedAwaitingSupervision: deemed,
    };
  }

  /** The agencies of a zone (WIB, WITA, WIT), or undefined for every agency. */
  private async agencyScope(zone: string | undefined): Promise<string[] | undefined> {
    if (!zone) return undefined;
    const all = await this.catalogue.listAgencies();
    return all.filter((a) => timeZoneLabel(a.timeZone) === zone).map((a) => a.code);
  }

  private scope(q: DashboardQuery, agencies: string[] | undefined, from: Date, now: Date): Scope {
    const params: unknown[] = [from, now];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const parts = ['TRUE'];
    if (q.agency) parts.push(`a.agency_code = ${p(q.agency)}`);
    if (q.permitType) parts.push(`a.permit_type_code = ${p(q.permitType)}`);
    if (agencies) parts.push(`a.agency_code = ANY(${p(agencies)}::text[])`);
    return { where: parts.join(' AND '), params, p };
  }

  /** Permit types' compensation policies as a VALUES list (code, per day, cap). */
  private async compensationValues(p: (v: unknown) => string): Promise<string> {
    const comp = (await this.catalogue.all()).filter((t) => t.definition.delayCompensation);
    return comp.length
      ? `(VALUES ${comp.map((t) => `(${p(t.code)}::text, ${p(t.definition.delayCompensation?.perWorkingDay)}::numeric, ${p(t.definition.delayCompensation?.cap)}::numeric)`).join(', ')})`
      : `(SELECT NULL::text, 0::numeric, 0::numeric WHERE false)`;
  }

  private async decidedFigures(s: Scope): Promise<RawDecided> {
    const comp = await this.compensationValues(s.p);
    const rows = await this.db.query<RawDecided[]>(
      `SELECT count(*)::int AS decided,
              count(*) FILTER (WHERE a.breached_at IS NULL)::int AS on_time,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.consumed_ms) AS median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY c.consumed_ms) AS p90_ms,
              avg(c.stopped_ms) AS avg_stopped_ms,
              sum(LEAST(comp.cap, comp.per_day * GREATEST(0, ceil((c.consumed_ms - c.budget_ms) / ${DAY}.0))))::text AS compensation
         FROM applications a
         JOIN clocks c ON c.application_id = a.id AND c.kind = 'statutory'
         LEFT JOIN ${comp} AS comp(code, per_day, cap) ON comp.code = a.permit_type_code
        WHERE a.status = 'closed' AND a.outcome IN ('approved', 'rejected') AND a.closed_at >= $1 AND a.closed_at <= $2 AND ${s.where}`,
      s.params,
    );
    return rows[0];
  }

  private async eventCounts(s: Scope): Promise<{ breaches: number; escalations: number; deemed: number }> {
    const rows = await this.db.query<{ breaches: number; escalations: number; deemed: number }[]>(
      `SELECT count(*) FILTER (WHERE a.breached_at >= $1 AND a.breached_at <= $2)::int AS breaches,
              count(*) FILTER (WHERE a.escalated_at >= $1 AND a.escalated_at <= $2)::int AS escalations,
              count(*) FILTER (WHERE a.post_issuance_supervision AND a.closed_at >= $1)::int AS deemed
         FROM applications a
        WHERE (a.breached_at >= $1 OR a.escalated_at >= $1 OR (a.post_issuance_supervision AND a.closed_at >= $1)) AND a.status <> 'draft' AND ${s.where}`,
      s.params,
    );
    return rows[0];
  }

  private async noticeFigures(s: Scope): Promise<{ submitted: number; notices: number; at_cap: number }> {
    const caps = (await this.catalogue.all()).map((t) => [t.code, t.definition.deficiencyNotices.max] as const);
    const capValues = caps.length
      ? `(VALUES ${caps.map(([c, m]) => `(${s.p(c)}::text, ${s.p(m)}::int)`).join(', ')})`
      : `(SELECT NULL::text, 0 WHERE false)`;
    const rows = await this.db.query<{ submitted: number; notices: number; at_cap: number }[]>(
      `SELECT count(*)::int AS submitted,
              coalesce(sum(a.deficiency_notices), 0)::int AS notices,
              count(*) FILTER (WHERE cap.max > 0 AND a.deficiency_notices >= cap.max)::int AS at_cap
         FROM applications a
         LEFT JOIN ${capValues} AS cap(code, max) ON cap.code = a.permit_type_code
        WHERE a.submitted_at >= $1 AND a.submitted_at <= $2 AND ${s.where}`,
      s.params,
    );
    return rows[0];
  }

  private async complaintsByCategory(s: Scope): Promise<{ category: ComplaintCategory; count: number }[]> {
    const rows = await this.db.query<{ category: ComplaintCategory; n: number }[]>(
      `SELECT k.category, count(*)::int AS n
         FROM complaints k JOIN applications a ON a.id = k.application_id
        WHERE k.created_at >= $1 AND k.created_at <= $2 AND ${s.where}
        GROUP BY k.category`,
      s.params,
    );
    const counts = new Map(rows.map((r) => [r.category, r.n]));
    return COMPLAINT_CATEGORIES.map((category) => ({ category, count: counts.get(category) ?? 0 }));
  }

  private async monthlyTrend(s: Scope): Promise<MonthlyTrendRow[]> {
    const rows = await this.db.query<RawMonth[]>(
      `SELECT to_char(a.closed_at AT TIME ZONE '${ZONE}', 'YYYY-MM') AS month,
              count(*)::int AS decided,
              count(*) FILTER (WHERE a.breached_at IS NULL)::int AS on_time,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.consumed_ms) AS median_ms,
              count(*) FILTER (WHERE a.breached_at IS NOT NULL)::int AS breaches
         FROM applications a
         JOIN clocks c ON c.application_id = a.id AND c.kind = 'statutory'
        WHERE a.status = 'closed' AND a.outcome IN ('approved', 'rejected') AND a.closed_at >= $1 AND a.closed_at <= $2 AND ${s.where}
        GROUP BY 1 ORDER BY 1`,
      s.params,
    );
    // every month of the period, the empty ones too, so the trend has no holes
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const out: MonthlyTrendRow[] = [];
    const start = DateTime.fromJSDate(s.params[0] as Date, { zone: ZONE });
    const end = DateTime.fromJSDate(s.params[1] as Date, { zone: ZONE }).startOf('month');
    for (let m = start; m <= end; m = m.plus({ months: 1 })) {
      const key = m.toFormat('yyyy-MM');
      const r = byMonth.get(key);
      out.push({
        month: key,
        decided: r?.decided ?? 0,
        onTime: r?.on_time ?? 0,
        onTimeRate: r && r.decided ? round(r.on_time / r.decided, 4) : null,
        medianWorkingDays: days(r?.median_ms ?? null),
        breaches: r?.breaches ?? 0,
      });
    }
    return out;
  }

  private async agencyRanking(s: Scope, now: Date): Promise<AgencyRankRow[]> {
    const rows = await this.db.query<RawAgency[]>(
      `SELECT a.agency_code AS agency,
              count(*) FILTER (WHERE a.status = 'closed' AND a.outcome IN ('approved', 'rejected') AND a.closed_at >= $1 AND a.closed_at <= $2)::int AS decided,
              count(*) FILTER (WHERE a.status = 'closed' AND a.outcome IN ('approved', 'rejected') AND a.closed_at >= $1 AND a.closed_at <= $2 AND a.breached_at IS NULL)::int AS on_time,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.consumed_ms) FILTER (WHERE a.status = 'closed' AND a.outcome IN ('approved', 'rejected') AND a.closed_at >= $1 AND a.closed_at <= $2) AS median_ms,
              count(*) FILTER (WHERE a.breached_at >= $1 AND a.breached_at <= $2)::int AS breaches,
              count(*) FILTER (WHERE a.status = 'open' AND (c.deadline_at < ${s.p(now)} OR a.breached_at IS NOT NULL))::int AS open_overdue
         FROM applications a
         JOIN clocks c ON c.application_id = a.id AND c.kind = 'statutory'
        WHERE (a.status = 'open' OR a.closed_at >= $1 OR a.breached_at >= $1) AND ${s.where}
        GROUP BY 1`,
      s.params,
    );
    const ranked = rows
      .map((r) => ({
        agency: r.agency,
        decided: r.decided,
        onTimeRate: r.decided ? round(r.on_time / r.decided, 4) : null,
        medianWorkingDays: days(r.median_ms),
        breaches: r.breaches,
        openOverdue: r.open_overdue,
      }))
      .filter((r) => r.decided > 0 || r.breaches > 0 || r.openOverdue > 0);
    // worst first: the lowest on-time rate (agencies with no decision last among equals), then the most overdue
    return ranked.sort((x, y) => (x.onTimeRate ?? 2) - (y.onTimeRate ?? 2) || y.openOverdue - x.openOverdue || x.agency.localeCompare(y.agency));
  }

  /**
   * Open cases past their statutory deadline now, by whole working days overdue in their own
   * calendar: each calendar's deadline thresholds for 1, 5 and 20 working days late are found
   * once (as the overdue list's filter does), then the cases are counted against them in SQL.
   * A case whose clock stopped after its deadline passed counts its working time over budget.
   */
  private async breachAgeBuckets(s: Scope, now: Date): Promise<BreachAgeBucket[]> {
    const cals = await this.calendars.list();
    const thresholds = cals.length
      ? `(VALUES ${cals
          .map((cal) => `(${s.p(cal.id)}::text, ${[1, 5, 20].map((n) => `${s.p(latestDeadlineWithLate(cal, now, n))}::timestamptz`).join(', ')})`)
          .join(', ')})`
      : `(SELECT NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz WHERE false)`;
    const nowParam = s.p(now);
    const late = `(CASE WHEN c.deadline_at IS NULL THEN ceil((c.consumed_ms - c.budget_ms) / ${DAY}.0)
                   WHEN c.deadline_at > th.t1 THEN 0 WHEN c.deadline_at > th.t5 THEN 1 WHEN c.deadline_at > th.t20 THEN 5 ELSE 20 END)`;
    const rows = await this.db.query<{ lt1: number; d1: number; d5: number; d20: number }[]>(
      `SELECT count(*) FILTER (WHERE ${late} < 1)::int AS lt1,
              count(*) FILTER (WHERE ${late} >= 1 AND ${late} < 5)::int AS d1,
              count(*) FILTER (WHERE ${late} >= 5 AND ${late} < 20)::int AS d5,
              count(*) FILTER (WHERE ${late} >= 20)::int AS d20
         FROM clocks c
         JOIN applications a ON a.id = c.application_id
         LEFT JOIN ${thresholds} AS th(calendar_id, t1, t5, t20) ON th.calendar_id = c.calendar_id
        WHERE c.kind = 'statutory' AND a.status = 'open' AND (c.deadline_at < ${nowParam} OR a.breached_at IS NOT NULL)
          AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND ${s.where}`,
      s.params,
    );
    const r = rows[0];
    return [
      { bucket: 'lt1', minWorkingDays: 0, maxWorkingDays: 1, cases: r.lt1 },
      { bucket: '1to5', minWorkingDays: 1, maxWorkingDays: 5, cases: r.d1 },
      { bucket: '5to20', minWorkingDays: 5, maxWorkingDays: 20, cases: r.d5 },
      { bucket: 'gt20', minWorkingDays: 20, maxWorkingDays: null, cases: r.d20 },
    ];
  }

  private async deemedAwaiting(s: Scope): Promise<{ total: number; items: DeemedAwaitingRow[] }> {
    const where = `a.post_issuance_supervision AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND ${s.where}`;
    const [rows, counted] = await Promise.all([
      this.db.query<{ id: string; reference: string | null; agency_code: string; permit_type_code: string; permit_number: string; issued_at: Date; statutory_deadline_at: Date | null }[]>(
        `SELECT a.id, a.reference, a.agency_code, a.permit_type_code, p.permit_number, p.issued_at, a.statutory_deadline_at
           FROM applications a JOIN permits p ON p.application_id = a.id
          WHERE ${where}
          ORDER BY p.issued_at ASC, a.id
          LIMIT ${DEEMED_LIST_LIMIT}`,
        s.params,
      ),
      this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM applications a WHERE ${where}`, s.params),
    ]);
    return {
      total: counted[0]?.n ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        agency: r.agency_code,
        permitType: r.permit_type_code,
        permitNumber: r.permit_number,
        issuedAt: r.issued_at.toISOString(),
        statutoryDeadline: r.statutory_deadline_at?.toISOString() ?? null,
      })),
    };
  }
}
