import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BusinessCalendar, DAY_MS as DAY } from '@tenggat/calendar';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock, pageOf, ReadReplica } from '@tenggat/platform';
import { clockMath } from '@tenggat/sla';
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import { pipeline, Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { OverdueQuery, Resolution } from './oversight.dto';
import { OverduePage, OverdueRow } from './oversight.views';


export const OVERDUE_CSV_COLUMNS: (keyof OverdueRow)[] = [
  'id', 'reference', 'agency', 'permitType', 'state', 'status', 'resolution', 'holderId', 'submittedAt', 'deadline',
  'workingDaysOverdue', 'clockStops', 'stoppedCalendarDays', 'deficiencyNotices', 'escalated', 'deemedApproval', 'closedAt',
  'compensationOwed', 'compensationCurrency',
];

interface RawRow {
  id: string;
  reference: string | null;
  agency_code: string;
  permit_type_code: string;
  permit_type_version: number;
  state: string;
  status: string;
  outcome: string | null;
  assignee_id: string | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  submitted_at: Date | null;
  deficiency_notices: number;
  post_issuance_supervision: boolean;
  deadline_at: Date | null;
  calendar_id: string;
  stops: number;
  stopped_ms: string;
  consumed_ms: string;
  budget_ms: string;
  run_started_at: Date | null;
  clock_status: string;
  finished_at: Date | null;
}

const SELECT = `SELECT a.id, a.reference, a.agency_code, a.permit_type_code, a.permit_type_version, a.state, a.status, a.outcome,
  a.assignee_id, a.escalated_at, a.closed_at, a.submitted_at, a.deficiency_notices, a.post_issuance_supervision,
  c.deadline_at, c.calendar_id, c.stops, c.stopped_ms, c.consumed_ms, c.budget_ms, c.run_started_at, c.status AS clock_status, c.finished_at
  FROM clocks c JOIN applications a ON a.id = c.application_id`;

/**
 * Every open case past its statutory deadline and, on request, closed cases that were
 * breached. The statutory clocks are reached through the partial index
 * `idx_clocks_statutory_overdue`; working days overdue are computed per row with the
 * agency's calendar.
 */
@Injectable()
export class OverdueReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarRegistry,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly replica: ReadReplica,
  ) {}

  /** A heavy read: on the read replica when one is configured and caught up (see ReadReplica). */
  async page(q: OverdueQuery): Promise<OverduePage> {
    const now = this.clock.now();
    const { where, params } = await this.filters(q, now);
    const order = this.orderBy(q);
    const [rows, count] = await Promise.all([
      this.replica.query<RawRow[]>(`${SELECT} WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${q.offset}`, params),
      this.replica.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM clocks c JOIN applications a ON a.id = c.application_id WHERE ${where}`, params),
    ]);
    // the policies and calendars once per page, not once per row
    const comp = await this.compensationPolicies();
    const items: OverdueRow[] = [];
    for (const r of rows) items.push(this.rowWith(r, now, await this.calendars.get(r.calendar_id), comp));
    return pageOf(items, count[0].n, q);
  }

  /**
   * The same rows as CSV, streamed from a server-side cursor: constant memory at any size.
   * Everything that can fail runs before the stream is handed back (filters, calendars, the
   * query itself up to its first row), so a failure answers problem+json, never a truncated
   * CSV. When the stream is destroyed (the client left: `signal`, or the response closed) the
   * cursor is closed and the connection goes back to the pool at once.
   */
  async csv(q: OverdueQuery, signal?: AbortSignal): Promise<Readable> {
    const now = this.clock.now();
    const { where, params } = await this.filters(q, now);
    const cals = new Map<string, BusinessCalendar>();
    for (const c of await this.calendars.list()) cals.set(c.id, c);
    const comp = await this.compensationPolicies();
    if (signal?.aborted) return gone(signal.reason);
    const runner = this.db.createQueryRunner();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      void runner.release().catch(() => undefined);
    };
    let source: Readable;
    try {
      await runner.connect();
      source = await runner.stream(`${SELECT} WHERE ${where} ORDER BY ${this.orderBy(q)}`, params);
    } catch (e) {
      release();
      throw e;
    }
    // a failed query never waits for its cursor to close (pg-cursor may never call back after an
    // error); the client stays busy until the server is ready again, so releasing early is safe
    source.once('error', release);
    try {
      // the first row (or the end): a query that fails, fails here, before any byte is sent
      await once(source, 'readable', { signal });
    } catch (e) {
      source.destroy();
      release();
      if (signal?.aborted) return gone(signal.reason);
      throw e;
    }
    const toRow = (r: RawRow): OverdueRow => {
      const cal = cals.get(r.calendar_id);
      if (!cal) throw new Error(`calendar ${r.calendar_id} of case ${r.id} is not loaded`);
      return this.rowWith(r, now, cal, comp);
    };
    const mapper = new Transform({
      objectMode: true,
      transform: (raw: RawRow, _enc, done) => {
        try {
          const row = toRow(raw);
          done(null, OVERDUE_CSV_COLUMNS.map((k) => row[k]));
        } catch (e) {
          done(e as Error);
        }
      },
    });
    const csv = stringify({ header: true, columns: OVERDUE_CSV_COLUMNS, cast: { boolean: (b) => (b ? 'true' : 'false') } });
    // pipeline destroys every stage when one fails or the last is destroyed (the response closed):
    // destroying the source closes the cursor, and the connection is released once it has
    const out = pipeline(source, mapper, csv, release);
    if (signal) {
      const abort = (): void => {
        out.destroy();
        release();
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    }
    return out;
  }

  private async compensationPolicies(): Promise<Map<string, { perWorkingDay: number; cap: number; currency: string }>> {
    const map = new Map<string, { perWorkingDay: number; cap: number; currency: string }>();
    const items = await this.catalogue.all();
    for (const t of items) if (t.definition.delayCompensation) map.set(t.code, t.definition.delayCompensation);
    return map;
  }

  private rowWith(r: RawRow, now: Date, cal: BusinessCalendar, comp: Map<string, { perWorkingDay: number; cap: number; currency: string }>): OverdueRow {
    const late = this.workingDaysLate(r, now, cal);
    const policy = comp.get(r.permit_type_code);
    return {
      id: r.id,
      reference: r.reference,
      agency: r.agency_code,
      permitType: r.permit_type_code,
      state: r.state,
      status: r.status,
      resolution: resolutionOf(r),
      holderId: r.assignee_id,
      submittedAt: r.submitted_at?.toISOString() ?? null,
      deadline: r.deadline_at?.toISOString() ?? null,
      workingDaysOverdue: late,
      clockStops: r.stops,
      stoppedCalendarDays: clockMath.toDays(Number(r.stopped_ms)),
      deficiencyNotices: r.deficiency_notices,
      escalated: r.escalated_at !== null,
      deemedApproval: r.post_issuance_supervision,
      closedAt: r.closed_at?.toISOString() ?? null,
      compensationOwed: clockMath.compensationOwed(late, policy),
      compensationCurrency: policy?.currency ?? null,
    };
  }

  /** Whole working days past the deadline: at `now` for open cases, at closing for closed ones. */
  private workingDaysLate(r: RawRow, now: Date, cal: BusinessCalendar): number {
    if (r.deadline_at) return clockMath.workingDaysLate(cal, r.deadline_at, r.finished_at ?? now);
    // stopped after the deadline passed: the consumed working time beyond the budget
    const over = Number(r.consumed_ms) - Number(r.budget_ms);
    return over > 0 ? Math.ceil(over / DAY) : 0;
  }

  private orderBy(q: OverdueQuery): string {
    const dir = (q.order ?? (q.sort === 'agency' ? 'asc' : q.sort === 'deadline' ? 'asc' : 'desc')).toUpperCase();
    switch (q.sort ?? 'daysOverdue') {
      case 'agency':
        return `a.agency_code ${dir}, c.deadline_at ASC, a.id ASC`;
      case 'deadline':
        return `c.deadline_at ${dir} NULLS LAST, a.id ASC`;
      case 'daysOverdue':
        // most overdue first = earliest deadline first
        return `c.deadline_at ${dir === 'DESC' ? 'ASC' : 'DESC'} NULLS LAST, a.id ASC`;
    }
  }

  private async filters(q: OverdueQuery, now: Date): Promise<{ where: string; params: unknown[] }> {
    const params: unknown[] = [now];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    // open cases past the deadline (flagged or not), and breached closed ones on request
    const open = `(a.status = 'open' AND (c.deadline_at < $1 OR a.breached_at IS NOT NULL))`;
    const closed = `(a.status = 'closed' AND a.breached_at IS NOT NULL)`;
    const parts = [
      `c.kind = 'statutory'`,
      `(c.status = 'running' OR c.breached_at IS NOT NULL OR c.status = 'stopped')`,
      q.includeClosed || (q.resolution && q.resolution !== 'open' && q.resolution !== 'escalated') ? `(${open} OR ${closed})` : open,
    ];
    if (q.agency) parts.push(`a.agency_code = ${p(q.agency)}`);
    if (q.permitType) parts.push(`a.permit_type_code = ${p(q.permitType)}`);
    if (q.state) parts.push(`a.state = ${p(q.state)}`);
    if (q.deadlineFrom) parts.push(`c.deadline_at >= ${p(q.deadlineFrom)}::date`);
    if (q.deadlineTo) parts.push(`c.deadline_at < ${p(q.deadlineTo)}::date`);
    if (q.submittedFrom) parts.push(`a.submitted_at >= ${p(q.submittedFrom)}::date`);
    if (q.submittedTo) parts.push(`a.submitted_at < ${p(q.submittedTo)}::date`);
    switch (q.resolution) {
      case undefined:
        break;
      case 'open':
        parts.push(`a.status = 'open' AND a.escalated_at IS NULL`);
        break;
      case 'escalated':
        parts.push(`a.escalated_at IS NOT NULL`);
        break;
      case 'deemed-approved':
        parts.push(`a.status = 'closed' AND a.post_issuance_supervision`);
        break;
      case 'withdrawn':
        parts.push(`a.status = 'closed' AND a.outcome = 'withdrawn'`);
        break;
      case 'decided-late':
        parts.push(`a.status = 'closed' AND NOT a.post_issuance_supervision AND a.outcome <> 'withdrawn'`);
        break;
    }
    if (q.minDaysOverdue !== undefined || q.maxDaysOverdue !== undefined) {
      parts.push(await this.daysOverdueBounds(q.minDaysOverdue, q.maxDaysOverdue, now, p));
    }
    return { where: parts.join(' AND '), params };
  }

  /**
   * "At least N working days overdue" as a deadline bound per calendar (exact for open cases,
   * found by bisection over the calendar); closed cases use their working time over budget.
   */
  private async daysOverdueBounds(min: number | undefined, max: number | undefined, now: Date, p: (v: unknown) => string): Promise<string> {
    const perCalendar: string[] = [];
    for (const cal of await this.calendars.list()) {
      const conds = [`c.calendar_id = ${p(cal.id)}`];
      if (min !== undefined && min > 0) conds.push(`c.deadline_at <= ${p(latestDeadlineWithLate(cal, now, min))}`);
      if (max !== undefined) conds.push(`c.deadline_at > ${p(latestDeadlineWithLate(cal, now, max + 1))}`);
      perCalendar.push(`(${conds.join(' AND ')})`);
    }
    const overMs = `(c.consumed_ms - c.budget_ms)`;
    const closedConds = [`TRUE`];
    if (min !== undefined && min > 0) closedConds.push(`${overMs} > ${p((min - 1) * DAY)}`);
    if (max !== undefined) closedConds.push(`${overMs} <= ${p(max * DAY)}`);
    return `((a.status = 'open' AND (${perCalendar.join(' OR ')})) OR (a.status = 'closed' AND ${closedConds.join(' AND ')}))`;
  }
}

/** The answer for a client that has left: nothing to send, nothing to log as a server error. */
function gone(reason: unknown): Readable {
  const r = new Readable({ read: () => undefined });
  r.on('error', () => undefined);
  r.destroy(reason instanceof Error ? reason : new Error('the client closed the connection'));
  return r;
}

function resolutionOf(r: RawRow): Resolution {
  if (r.status === 'open') return r.escalated_at ? 'escalated' : 'open';
  if (r.post_issuance_supervision) return 'deemed-approved';
  if (r.outcome === 'withdrawn') return 'withdrawn';
  return 'decided-late';
}

/** The latest deadline instant d for which workingDaysLate(d, now) >= n (bisection; monotone in d). */
export function latestDeadlineWithLate(cal: BusinessCalendar, now: Date, n: number): Date {
  let lo = now.getTime() - (n * 3 + 60) * DAY; // surely late enough
  let hi = now.getTime();
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (clockMath.workingDaysLate(cal, new Date(mid), now) >= n) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}
