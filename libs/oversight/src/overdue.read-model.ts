import { Injectable } from '@nestjs/common';
import { BusinessCalendar, DAY_MS as DAY } from '@tenggat/calendar';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService } from '@tenggat/catalogue';
import { Clock, pageOf, ReadReplica } from '@tenggat/platform';
import { clockMath } from '@tenggat/sla';
import { once } from 'node:events';
import { pipeline, Readable } from 'node:stream';
import { csvLine, csvLines } from './overdue-csv';
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

/** The row of each candidate (`u`: id, deadline, agency), with its case and its statutory clock. */
const DETAILS = `SELECT a.id, a.reference, a.agency_code, a.permit_type_code, a.permit_type_version, a.state, a.status, a.outcome,
  a.assignee_id, a.escalated_at, a.closed_at, a.submitted_at, a.deficiency_notices, a.post_issuance_supervision,
  c.deadline_at, c.calendar_id, c.stops, c.stopped_ms, c.consumed_ms, c.budget_ms, c.run_started_at, c.status AS clock_status, c.finished_at
  FROM applications a
  JOIN LATERAL (SELECT * FROM clocks c WHERE c.application_id = a.id AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1) c ON true`;

/** The overdue list exactly counts at most this many rows with closed cases (or when a filter needs the clocks). */
export const OVERDUE_COUNT_CAP = 10_000;

/**
 * The candidates of one query, as arms of a UNION ALL that each walk one partial index in
 * deadline order (Postgres merges them, stopping at the page): breached cases
 * (`idx_applications_overdue_open` for open ones, `idx_applications_breached` with closed ones)
 * and open cases past their deadline not flagged yet (`idx_applications_due_unflagged`: the
 * minute before the timer or the reconciler flags them).
 */
interface Candidates {
  arms: string[];
  params: unknown[];
  /** A condition needs the statutory clock: the count is capped. */
  clockBound: boolean;
  /** Closed cases are among the candidates: the count is capped. */
  closed: boolean;
  /** The index in `arms` of the open cases past due not flagged yet, if the query has it. */
  unflagged: number | null;
}

/**
 * Every open case past its statutory deadline and, on request, closed cases that were
 * breached. The statutory clocks are reached through the partial index
 * `idx_clocks_statutory_overdue`; working days overdue are computed per row with the
 * agency's calendar.
 */
@Injectable()
export class OverdueReadModel {
  constructor(
    private readonly calendars: CalendarRegistry,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly replica: ReadReplica,
  ) {}

  /** A heavy read: on the read replica when one is configured and caught up (see ReadReplica). */
  async page(q: OverdueQuery): Promise<OverduePage> {
    const now = this.clock.now();
    const cand = await this.candidates(q, now);
    const order = this.orderBy(q, 'u.');
    // each arm ordered and limited on its own: Postgres then merges the index walks (Merge Append)
    const arms = cand.arms.map((a) => `(${a} ORDER BY ${this.orderBy(q, '')} LIMIT ${q.offset + q.pageSize})`);
    const [rows, total] = await Promise.all([
      this.replica.query<RawRow[]>(
        `WITH u AS (SELECT * FROM (${arms.join(' UNION ALL ')}) u ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${q.offset})
         ${DETAILS} JOIN u ON u.id = a.id ORDER BY ${order}`,
        cand.params,
      ),
      this.count(cand),
    ]);
    // the policies and calendars once per page, not once per row
    const comp = await this.compensationPolicies();
    const items: OverdueRow[] = [];
    for (const r of rows) items.push(this.rowWith(r, now, await this.calendars.get(r.calendar_id), comp));
    return { ...pageOf(items, total.n, q), totalIsExact: total.exact };
  }

  /**
   * Exact for open cases (index-only counts of each arm: some 40k entries at 1M cases); capped at
   * OVERDUE_COUNT_CAP when closed cases are included (their arm walks every breached case ever:
   * 130k entries at 1M, a quarter of a second) or a condition needs the clocks.
   */
  private async count(cand: Candidates): Promise<{ n: number; exact: boolean }> {
    if (!cand.clockBound && !cand.closed) {
      // the arm of cases past due but not flagged yet (the minute before the timer or the reconciler
      // flags them) is counted in index order with the cap as limit: the planner cannot know that
      // few open cases are past due unflagged (the deadline's statistics are those of every case)
      // and, with a filter, preferred a bitmap scan of the agency's open cases (3 s at 1M, cold)
      // to the partial index (0.3 ms)
      const counts = cand.arms.map((a, i) =>
        i === cand.unflagged ? `(SELECT count(*) FROM (${a} ORDER BY a.statutory_deadline_at, a.id LIMIT ${OVERDUE_COUNT_CAP + 1}) x)` : `(SELECT count(*) FROM (${a}) x)`,
      );
      const [row] = await this.replica.query<{ n: number; unflagged: number }[]>(
        `SELECT (${counts.join(' + ')})::int AS n${cand.unflagged === null ? ', 0' : `, ${counts[cand.unflagged]}::int`} AS unflagged`,
        cand.params,
      );
      // more than the cap due and unflagged (timers down): a lower bound, like the capped counts
      return row.unflagged > OVERDUE_COUNT_CAP ? { n: OVERDUE_COUNT_CAP, exact: false } : { n: row.n, exact: true };
    }
    const [{ n }] = await this.replica.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${cand.arms.join(' UNION ALL ')}) u LIMIT ${OVERDUE_COUNT_CAP + 1}) x`,
      cand.params,
    );
    return n > OVERDUE_COUNT_CAP ? { n: OVERDUE_COUNT_CAP, exact: false } : { n, exact: true };
  }

  /**
   * The exact number of rows the list (and the export) has for `q`, however many: not on the
   * list's hot path (its `total` is capped with closed cases); for checks such as the benchmark's
   * "the CSV has exactly the list's rows".
   */
  async exactCount(q: OverdueQuery, now: Date = this.clock.now()): Promise<number> {
    return this.exactCountOf(await this.candidates(q, now));
  }

  private async exactCountOf(cand: Candidates): Promise<number> {
    const [{ n }] = await this.replica.query<{ n: number }[]>(`SELECT (${cand.arms.map((a) => `(SELECT count(*) FROM (${a}) x)`).join(' + ')})::int AS n`, cand.params);
    return n;
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
    const statement = await this.exportStatement(q, now);
    const cals = new Map<string, BusinessCalendar>();
    for (const c of await this.calendars.list()) cals.set(c.id, c);
    const comp = await this.compensationPolicies();
    if (signal?.aborted) return gone(signal.reason);
    let released = false;
    let giveBack = (): void => undefined;
    const release = (): void => {
      if (released) return;
      released = true;
      giveBack();
    };
    let source: Readable;
    try {
      const streamed = await this.replica.stream(statement.sql, statement.params, { batchSize: EXPORT_BATCH_ROWS });
      source = streamed.rows;
      giveBack = streamed.release;
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
    const late = new DaysLateMemo(now);
    const line = (r: RawRow): string => {
      const cal = cals.get(r.calendar_id);
      if (!cal) throw new Error(`calendar ${r.calendar_id} of case ${r.id} is not loaded`);
      const row = this.rowWith(r, now, cal, comp, late);
      return csvLine(OVERDUE_CSV_COLUMNS.map((k) => row[k]));
    };
    // one stage from rows to text, in chunks (see csvLines); pipeline destroys every stage when one
    // fails or the last is destroyed (the response closed): destroying the source closes the
    // cursor, and the connection is released once it has
    const out = pipeline(source, csvLines<RawRow>(OVERDUE_CSV_COLUMNS, line), release);
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

  /**
   * The export's statement (every matching row with its case and statutory clock, in the list's
   * order): what `csv` streams, and what the benchmark streams raw as the export's baseline.
   */
  async exportStatement(q: OverdueQuery, now: Date = this.clock.now()): Promise<{ sql: string; params: unknown[] }> {
    const cand = await this.candidates(q, now);
    return { sql: `${DETAILS} JOIN (${cand.arms.join(' UNION ALL ')}) u ON u.id = a.id ORDER BY ${this.orderBy(q, 'u.')}`, params: cand.params };
  }

  private async compensationPolicies(): Promise<Map<string, { perWorkingDay: number; cap: number; currency: string }>> {
    const map = new Map<string, { perWorkingDay: number; cap: number; currency: string }>();
    const items = await this.catalogue.all();
    for (const t of items) if (t.definition.delayCompensation) map.set(t.code, t.definition.delayCompensation);
    return map;
  }

  private rowWith(
    r: RawRow,
    now: Date,
    cal: BusinessCalendar,
    comp: Map<string, { perWorkingDay: number; cap: number; currency: string }>,
    memo?: DaysLateMemo,
  ): OverdueRow {
    const late = memo && r.deadline_at && !r.finished_at ? memo.get(cal, r.deadline_at, () => this.workingDaysLate(r, now, cal)) : this.workingDaysLate(r, now, cal);
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

  /**
   * Most overdue first = earliest deadline first (cases whose clock is stopped, with no deadline,
   * last). Descending orders walk the indexes backwards: no deadline first, ties by id descending.
   */
  private orderBy(q: OverdueQuery, u: string): string {
    const dir = (q.order ?? (q.sort === 'agency' ? 'asc' : q.sort === 'deadline' ? 'asc' : 'desc')).toUpperCase();
    const asc = `${u}deadline ASC NULLS LAST, ${u}id ASC`;
    const desc = `${u}deadline DESC NULLS FIRST, ${u}id DESC`;
    switch (q.sort ?? 'daysOverdue') {
      case 'agency':
        return `${u}agency_code ${dir}, ${asc}`;
      case 'deadline':
        return dir === 'DESC' ? desc : asc;
      case 'daysOverdue':
        return dir === 'DESC' ? asc : desc;
    }
  }

  /**
   * The arms of the candidates. The deadline is `applications.statutory_deadline_at`, which every
   * clock change keeps equal to the statutory clock's (null while it is stopped; kept when it
   * finishes). Open cases past it (flagged or not), and breached closed ones on request.
   */
  private async candidates(q: OverdueQuery, now: Date): Promise<Candidates> {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const conds: string[] = [];
    if (q.agency) conds.push(`a.agency_code = ${p(q.agency)}`);
    if (q.permitType) conds.push(`a.permit_type_code = ${p(q.permitType)}`);
    if (q.state) conds.push(`a.state = ${p(q.state)}`);
    if (q.deadlineFrom) conds.push(`a.statutory_deadline_at >= ${p(q.deadlineFrom)}::date`);
    if (q.deadlineTo) conds.push(`a.statutory_deadline_at < ${p(q.deadlineTo)}::date`);
    if (q.submittedFrom) conds.push(`a.submitted_at >= ${p(q.submittedFrom)}::date`);
    if (q.submittedTo) conds.push(`a.submitted_at < ${p(q.submittedTo)}::date`);
    let open = true;
    let closed = Boolean(q.includeClosed);
    switch (q.resolution) {
      case undefined:
        break;
      case 'open':
        conds.push(`a.escalated_at IS NULL`);
        closed = false;
        break;
      case 'escalated':
        conds.push(`a.escalated_at IS NOT NULL`);
        break;
      case 'deemed-approved':
        conds.push(`a.post_issuance_supervision`);
        [open, closed] = [false, true];
        break;
      case 'withdrawn':
        conds.push(`a.outcome = 'withdrawn'`);
        [open, closed] = [false, true];
        break;
      case 'decided-late':
        conds.push(`NOT a.post_issuance_supervision AND a.outcome <> 'withdrawn'`);
        [open, closed] = [false, true];
        break;
    }
    let clockBound = false;
    let openDays = '';
    let closedDays = '';
    if (q.minDaysOverdue !== undefined || q.maxDaysOverdue !== undefined) {
      const b = await this.daysOverdueBounds(q.minDaysOverdue, q.maxDaysOverdue, now, p, { open, closed });
      openDays = ` AND ${b.open}`;
      closedDays = ` AND ${b.closed}`;
      clockBound = closed;
    }
    const extra = conds.map((c) => ` AND ${c}`).join('');
    const cols = 'SELECT a.id, a.statutory_deadline_at AS deadline, a.agency_code FROM applications a WHERE';
    const arms: string[] = [];
    if (open && closed) arms.push(`${cols} a.breached_at IS NOT NULL AND ((a.status = 'open'${openDays}) OR (a.status = 'closed'${closedDays}))${extra}`);
    else if (open) arms.push(`${cols} a.status = 'open' AND a.breached_at IS NOT NULL${openDays}${extra}`);
    else if (closed) arms.push(`${cols} a.breached_at IS NOT NULL AND a.status = 'closed'${closedDays}${extra}`);
    if (open) arms.push(`${cols} a.status = 'open' AND a.breached_at IS NULL AND a.statutory_deadline_at < ${p(now)}${openDays}${extra}`);
    return { arms, params, clockBound, closed, unflagged: open ? arms.length - 1 : null };
  }

  /**
   * "At least N working days overdue" as a deadline bound per calendar (exact for open cases,
   * found by bisection over the calendar; an open case counts in its agency's calendar, the one
   * its statutory clock runs on); closed cases use their working time over budget.
   */
  private async daysOverdueBounds(
    min: number | undefined,
    max: number | undefined,
    now: Date,
    p: (v: unknown) => string,
    arms: { open: boolean; closed: boolean },
  ): Promise<{ open: string; closed: string }> {
    // only the parameters of the arms the query has (Postgres refuses unused ones)
    const open = arms.open ? await this.openDaysBound(min, max, now, p) : 'false';
    if (!arms.closed) return { open, closed: 'false' };
    const overMs = `(c.consumed_ms - c.budget_ms)`;
    const closedConds = [`c.application_id = a.id`, `c.kind = 'statutory'`];
    if (min !== undefined && min > 0) closedConds.push(`${overMs} > ${p((min - 1) * DAY)}`);
    if (max !== undefined) closedConds.push(`${overMs} <= ${p(max * DAY)}`);
    return { open, closed: `EXISTS (SELECT 1 FROM clocks c WHERE ${closedConds.join(' AND ')})` };
  }

  private async openDaysBound(min: number | undefined, max: number | undefined, now: Date, p: (v: unknown) => string): Promise<string> {
    const agencies = await this.catalogue.listAgencies();
    const perCalendar: string[] = [];
    for (const cal of await this.calendars.list()) {
      const codes = agencies.filter((a) => a.calendarId === cal.id).map((a) => a.code);
      if (codes.length === 0) continue;
      const conds = [`a.agency_code = ANY(${p(codes)}::text[])`];
      if (min !== undefined && min > 0) conds.push(`a.statutory_deadline_at <= ${p(latestDeadlineWithLate(cal, now, min))}`);
      if (max !== undefined) conds.push(`a.statutory_deadline_at > ${p(latestDeadlineWithLate(cal, now, max + 1))}`);
      perCalendar.push(`(${conds.join(' AND ')})`);
    }
    return perCalendar.length ? `(${perCalendar.join(' OR ')})` : 'false';
  }
}

/** Rows per round trip of the export's cursor (pg-query-stream's default is 100). */
const EXPORT_BATCH_ROWS = 1000;

/**
 * Working days late at `now` per (calendar, deadline) during one export: an open case's lateness
 * depends on nothing else, and deadlines fall at the end of working days, so the same few hundred
 * pairs recur across a hundred thousand rows. Bounded (cleared when full): constant memory.
 */
class DaysLateMemo {
  private readonly map = new Map<string, number>();
  constructor(readonly now: Date) {}

  get(cal: BusinessCalendar, deadline: Date, compute: () => number): number {
    const key = `${cal.id}|${deadline.getTime()}`;
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const v = compute();
    if (this.map.size >= 10_000) this.map.clear();
    this.map.set(key, v);
    return v;
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
