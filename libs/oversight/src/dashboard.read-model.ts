import { Injectable } from '@nestjs/common';
import { DAY_MS as DAY, timeZoneLabel } from '@tenggat/calendar';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock, ReadReplica } from '@tenggat/platform';
import { DateTime } from 'luxon';
import { COMPLAINT_CATEGORIES, ComplaintCategory } from './complaint.entity';
import { DashboardQuery } from './dashboard.dto';
import { AgencyRankRow, BreachAgeBucket, DashboardFigures, DashboardView, DeemedAwaitingRow, MonthlyTrendRow } from './dashboard.views';
import { DecisionRollup, DecisionRollupReadModel, mergeDistributions, percentileOf } from './decision-rollups.read-model';
import { latestDeadlineWithLate } from './overdue.read-model';

const ZONE = 'Asia/Jakarta';
const DEFAULT_DASHBOARD_MONTHS = 6;
/** The deemed approvals listed on the dashboard (the count covers them all). */
const DEEMED_LIST_LIMIT = 50;

const round = (n: number | string | null, digits = 2): number | null => (n === null ? null : Math.round(Number(n) * 10 ** digits) / 10 ** digits);

interface Scope {
  /** SQL condition over `a` (applications) for the agency, permit type and zone filters. */
  where: string;
  params: unknown[];
  p: (v: unknown) => string;
}

/** Approved and rejected cases of a group of roll-up rows. */
interface DecidedTotals {
  decided: number;
  onTime: number;
  breaches: number;
  median: number | null;
  p90: number | null;
  avgStopped: number | null;
  compensation: number;
}

interface DecidedFigures {
  all: DecidedTotals;
  /** By `YYYY-MM` of decision. */
  byMonth: Map<string, DecidedTotals>;
  byAgency: Map<string, DecidedTotals>;
}

/**
 * The ombudsman's dashboard: every figure, chart and list of its first view, for one period
 * (the last `months` months, the current one included, WIB) and the agency, permit type and zone
 * filters. It reads no table whole, so that its first view stays under a second at a million
 * cases (`npm run bench`, oversight):
 *
 * - decided-case figures (on-time rate, median and p90 working days, stopped time, compensation)
 *   and the monthly trend and the decided half of the agency ranking: cases **closed as approved
 *   or rejected** in the period, by month of decision, from the decision roll-ups that
 *   GET /v1/oversight/stats reads (medians in tenths of a working day);
 * - breaches, escalations and deemed approvals: cases whose `breached_at`, `escalated_at` or
 *   deemed-approval closing falls in the period (index-only counts);
 * - deficiency notices per case and the share at the cap: cases **submitted** in the period;
 * - complaints by category: complaints **filed** in the period;
 * - breach age buckets and open overdue per agency: open cases **now** past their statutory
 *   deadline, by whole working days overdue in their agency's calendar, as the overdue list
 *   counts them;
 * - deemed approvals awaiting post-issuance supervision: every such permit, whatever its date.
 */
@Injectable()
export class DashboardReadModel {
  constructor(
    private readonly replica: ReadReplica,
    private readonly catalogue: CatalogueService,
    private readonly calendars: CalendarRegistry,
    private readonly clock: Clock,
    private readonly rollups: DecisionRollupReadModel,
  ) {}

  async dashboard(q: DashboardQuery): Promise<DashboardView> {
    const now = this.clock.now();
    const months = q.months ?? DEFAULT_DASHBOARD_MONTHS;
    const first = DateTime.fromJSDate(now, { zone: ZONE }).startOf('month').minus({ months: months - 1 });
    const from = first.toJSDate();
    const agencies = await this.agencyScope(q.zone);
    const scope = (): Scope => this.scope(q, agencies, from, now);
    const [decided, events, notices, complaints, overdue, deemed] = await Promise.all([
      this.decided(q, agencies, first, now),
      this.eventCounts(scope()),
      this.noticeFigures(scope()),
      this.complaintsByCategory(scope()),
      this.openOverdue(scope(), now),
      this.deemedAwaiting(scope()),
    ]);
    const ranking = await this.agencyRanking(scope(), decided, overdue.byAgency);
    const buckets = overdue.buckets;
    const trend = this.monthlyTrend(decided, first, now);
    const all = decided.all;
    const figures: DashboardFigures = {
      decided: all.decided,
      onTime: all.onTime,
      onTimeRate: all.decided ? round(all.onTime / all.decided, 4) : null,
      medianWorkingDays: all.median,
      p90WorkingDays: all.p90,
      avgStoppedCalendarDays: all.avgStopped,
      breaches: events.breaches,
      escalations: events.escalations,
      deemedApprovals: events.deemed,
      submitted: notices.submitted,
      deficiencyNoticesPerCase: notices.submitted ? round(notices.notices / notices.submitted) : null,
      shareAtNoticeCap: notices.submitted ? round(notices.at_cap / notices.submitted, 4) : null,
      casesAtNoticeCap: notices.at_cap,
      openOverdue: buckets.reduce((s, b) => s + b.cases, 0),
      compensationOwed: all.compensation,
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

  /**
   * The decided-case figures, the monthly trend and the decided half of the agency ranking,
   * from the decision roll-ups (the rows GET /v1/oversight/stats reads): approved and rejected
   * cases by month of decision, a few hundred rows for a year at a million cases. Medians and
   * p90 come from the roll-ups' distribution of working days in tenths of a day.
   */
  private async decided(q: DashboardQuery, agencies: string[] | undefined, from: DateTime, now: Date): Promise<DecidedFigures> {
    const to = DateTime.fromJSDate(now, { zone: ZONE }).toFormat('yyyy-MM');
    const [items, rows] = await Promise.all([
      this.catalogue.all(),
      this.rollups.rows({ from: from.toFormat('yyyy-MM'), to, agency: q.agency, permitType: q.permitType, outcomes: ['approved', 'rejected'] }),
    ]);
    const inZone = agencies ? new Set(agencies) : undefined;
    const scoped = inZone ? rows.filter((r) => inZone.has(r.agency)) : rows;
    const policy = new Map(items.flatMap((t) => (t.definition.delayCompensation ? [[t.code, t.definition.delayCompensation] as const] : [])));
    const totals = (rs: DecisionRollup[]): DecidedTotals => {
      const sum = (f: (r: DecisionRollup) => number): number => rs.reduce((s, r) => s + f(r), 0);
      const workingDays = mergeDistributions(...rs.map((r) => r.workingDays));
      const owed = rs.reduce((s, r) => {
        const comp = policy.get(r.permitType);
        return comp ? s + Object.entries(r.daysLate).reduce((o, [k, n]) => o + n * Math.min(comp.cap, comp.perWorkingDay * Number(k)), 0) : s;
      }, 0);
      const timed = sum((r) => r.timedCases);
      return {
        decided: sum((r) => r.cases),
        onTime: sum((r) => r.onTime),
        breaches: sum((r) => r.breaches),
        median: round(percentileOf(workingDays, 0.5)),
        p90: round(percentileOf(workingDays, 0.9)),
        avgStopped: timed ? round(sum((r) => r.stoppedMs) / timed / DAY) : null,
        compensation: owed,
      };
    };
    const group = (key: (r: DecisionRollup) => string): Map<string, DecidedTotals> => {
      const groups = new Map<string, DecisionRollup[]>();
      for (const r of scoped) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
      return new Map([...groups].map(([k, rs]) => [k, totals(rs)]));
    };
    return { all: totals(scoped), byMonth: group((r) => r.month), byAgency: group((r) => r.agency) };
  }

  /** Breaches, escalations and deemed approvals whose instant falls in the period (index-only counts). */
  private async eventCounts(s: Scope): Promise<{ breaches: number; escalations: number; deemed: number }> {
    const count = async (index: string, column: string, extra = 'TRUE'): Promise<number> => {
      const rows = await this.replica.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM applications a WHERE ${index} AND a.${column} >= $1 AND a.${column} <= $2 AND ${extra} AND ${s.where}`,
        s.params,
      );
      return rows[0].n;
    };
    const [breaches, escalations, deemed] = await Promise.all([
      count('a.breached_at IS NOT NULL', 'breached_at'),
      count('a.escalated_at IS NOT NULL', 'escalated_at'),
      count('a.post_issuance_supervision', 'closed_at'),
    ]);
    return { breaches, escalations, deemed };
  }

  private async noticeFigures(s: Scope): Promise<{ submitted: number; notices: number; at_cap: number }> {
    const caps = (await this.catalogue.all()).map((t) => [t.code, t.definition.deficiencyNotices.max] as const);
    const capValues = caps.length
      ? `(VALUES ${caps.map(([c, m]) => `(${s.p(c)}::text, ${s.p(m)}::int)`).join(', ')})`
      : `(SELECT NULL::text, 0 WHERE false)`;
    const rows = await this.replica.query<{ submitted: number; notices: number; at_cap: number }[]>(
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
    const rows = await this.replica.query<{ category: ComplaintCategory; n: number }[]>(
      `SELECT k.category, count(*)::int AS n
         FROM complaints k JOIN applications a ON a.id = k.application_id
        WHERE k.created_at >= $1 AND k.created_at <= $2 AND ${s.where}
        GROUP BY k.category`,
      s.params,
    );
    const counts = new Map(rows.map((r) => [r.category, r.n]));
    return COMPLAINT_CATEGORIES.map((category) => ({ category, count: counts.get(category) ?? 0 }));
  }

  /** Every month of the period, the empty ones too, so that the trend has no holes. */
  private monthlyTrend(decided: DecidedFigures, first: DateTime, now: Date): MonthlyTrendRow[] {
    const out: MonthlyTrendRow[] = [];
    const end = DateTime.fromJSDate(now, { zone: ZONE }).startOf('month');
    for (let m = first; m <= end; m = m.plus({ months: 1 })) {
      const month = m.toFormat('yyyy-MM');
      const r = decided.byMonth.get(month);
      out.push({
        month,
        decided: r?.decided ?? 0,
        onTime: r?.onTime ?? 0,
        onTimeRate: r && r.decided ? round(r.onTime / r.decided, 4) : null,
        medianWorkingDays: r?.median ?? null,
        breaches: r?.breaches ?? 0,
      });
    }
    return out;
  }

  /**
   * Agencies worst first: decided cases from the roll-ups; breaches in the period and the open
   * overdue cases now, counted per agency from the indexes the overdue list uses.
   */
  private async agencyRanking(s: Scope, decided: DecidedFigures, overdueByAgency: Map<string, number>): Promise<AgencyRankRow[]> {
    const breached = await this.replica.query<{ agency: string; n: number }[]>(
      `SELECT a.agency_code AS agency, count(*)::int AS n FROM applications a
        WHERE a.breached_at IS NOT NULL AND a.breached_at >= $1 AND a.breached_at <= $2 AND ${s.where} GROUP BY 1`,
      s.params,
    );
    const breaches = new Map(breached.map((r) => [r.agency, r.n]));
    const codes = new Set([...decided.byAgency.keys(), ...breaches.keys(), ...overdueByAgency.keys()]);
    const ranked = [...codes]
      .map((agency): AgencyRankRow => {
        const d = decided.byAgency.get(agency);
        return {
          agency,
          decided: d?.decided ?? 0,
          onTimeRate: d && d.decided ? round(d.onTime / d.decided, 4) : null,
          medianWorkingDays: d?.median ?? null,
          breaches: breaches.get(agency) ?? 0,
          openOverdue: overdueByAgency.get(agency) ?? 0,
        };
      })
      .filter((r) => r.decided > 0 || r.breaches > 0 || r.openOverdue > 0);
    // worst first: the lowest on-time rate (agencies with no decision last among equals), then the most overdue
    return ranked.sort((x, y) => (x.onTimeRate ?? 2) - (y.onTimeRate ?? 2) || y.openOverdue - x.openOverdue || x.agency.localeCompare(y.agency));
  }

  /**
   * Open cases past their statutory deadline now, by whole working days overdue, per agency:
   * as the overdue list counts them, an open case in its agency's calendar, against each
   * calendar's deadline thresholds for 1, 5 and 20 working days late (found once, by bisection),
   * read index-only from `idx_applications_overdue_open` and `idx_applications_due_unflagged`.
   */
  private async openOverdue(s: Scope, now: Date): Promise<{ buckets: BreachAgeBucket[]; byAgency: Map<string, number> }> {
    const [cals, agencies] = await Promise.all([this.calendars.list(), this.catalogue.listAgencies()]);
    const rows = cals.flatMap((cal) => agencies.filter((a) => a.calendarId === cal.id).map((a) => [a.code, cal] as const));
    const thresholds = rows.length
      ? `(VALUES ${rows.map(([code, cal]) => `(${s.p(code)}::text, ${[1, 5, 20].map((n) => `${s.p(latestDeadlineWithLate(cal, now, n))}::timestamptz`).join(', ')})`).join(', ')})`
      : `(SELECT NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz WHERE false)`;
    const nowParam = s.p(now);
    const late = `(CASE WHEN o.deadline > th.t1 THEN 0 WHEN o.deadline > th.t5 THEN 1 WHEN o.deadline > th.t20 THEN 5 ELSE 20 END)`;
    const counted = await this.replica.query<{ agency: string; lt1: number; d1: number; d5: number; d20: number }[]>(
      `SELECT o.agency,
              count(*) FILTER (WHERE ${late} < 1)::int AS lt1,
              count(*) FILTER (WHERE ${late} >= 1 AND ${late} < 5)::int AS d1,
              count(*) FILTER (WHERE ${late} >= 5 AND ${late} < 20)::int AS d5,
              count(*) FILTER (WHERE ${late} >= 20)::int AS d20
         FROM (SELECT a.agency_code AS agency, a.statutory_deadline_at AS deadline FROM applications a
                WHERE a.status = 'open' AND a.breached_at IS NOT NULL AND ${s.where}
               UNION ALL
               SELECT a.agency_code, a.statutory_deadline_at FROM applications a
                WHERE a.status = 'open' AND a.breached_at IS NULL AND a.statutory_deadline_at < ${nowParam} AND ${s.where}) o
         LEFT JOIN ${thresholds} AS th(agency, t1, t5, t20) ON th.agency = o.agency
        WHERE $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL
        GROUP BY 1`,
      s.params,
    );
    const sum = (f: (r: (typeof counted)[number]) => number): number => counted.reduce((t, r) => t + f(r), 0);
    return {
      buckets: [
        { bucket: 'lt1', minWorkingDays: 0, maxWorkingDays: 1, cases: sum((r) => r.lt1) },
        { bucket: '1to5', minWorkingDays: 1, maxWorkingDays: 5, cases: sum((r) => r.d1) },
        { bucket: '5to20', minWorkingDays: 5, maxWorkingDays: 20, cases: sum((r) => r.d5) },
        { bucket: 'gt20', minWorkingDays: 20, maxWorkingDays: null, cases: sum((r) => r.d20) },
      ],
      byAgency: new Map(counted.map((r) => [r.agency, r.lt1 + r.d1 + r.d5 + r.d20])),
    };
  }

  /** Deemed approvals awaiting post-issuance supervision, the oldest first (`idx_applications_deemed`). */
  private async deemedAwaiting(s: Scope): Promise<{ total: number; items: DeemedAwaitingRow[] }> {
    const where = `a.post_issuance_supervision AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND ${s.where}`;
    const [rows, counted] = await Promise.all([
      this.replica.query<{ id: string; reference: string | null; agency_code: string; permit_type_code: string; permit_number: string; issued_at: Date; statutory_deadline_at: Date | null }[]>(
        `SELECT a.id, a.reference, a.agency_code, a.permit_type_code, p.permit_number, p.issued_at, a.statutory_deadline_at
           FROM (SELECT a.id FROM applications a WHERE ${where} ORDER BY a.closed_at ASC, a.id LIMIT ${DEEMED_LIST_LIMIT}) d
           JOIN applications a ON a.id = d.id JOIN permits p ON p.application_id = a.id
          ORDER BY p.issued_at ASC, a.id`,
        s.params,
      ),
      this.replica.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM applications a WHERE ${where}`, s.params),
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
