import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, entityFromRow, SqlStatement } from '@tenggat/platform';
import { DataSource, EntityManager, In } from 'typeorm';
import type { BatchedWrites } from './clock-batch.types';
import { ClockEntity, ClockEventEntity, ClockKind, ClockStatus } from './clock.entity';
import { ClockDuePayload, TimerKind } from './sla.queues';

/** The instant a timer of each kind is due at, and the flag it sets: the one map of them. */
export const DUE_COLUMNS: Readonly<Record<TimerKind, { readonly instant: 'warn_at' | 'deadline_at'; readonly flag: 'warned_at' | 'breached_at' }>> = {
  warning: { instant: 'warn_at', flag: 'warned_at' },
  deadline: { instant: 'deadline_at', flag: 'breached_at' },
};

/** The columns a clock's lifecycle (start, stop, resume, finish, recompute, adjust) writes; never the flags. */
type Lifecycle = Pick<
  ClockEntity,
  'consumedMs' | 'runStartedAt' | 'status' | 'deadlineAt' | 'warnAt' | 'provisional' | 'epoch' | 'stops' | 'stoppedMs' | 'stoppedAt' | 'finishedAt'
>;

/** The statuses each lifecycle step may leave. */
const LEAVES: Record<'stop' | 'resume' | 'finish' | 'rearm', readonly ClockStatus[]> = {
  stop: ['running'],
  resume: ['stopped'],
  finish: ['running', 'stopped'],
  rearm: ['running'],
};

/** A row of `clocks` as Postgres returns it. */
interface ClockRow {
  id: string;
  application_id: string;
  agency_code: string;
  permit_type_code: string;
  kind: ClockKind;
  state_name: string | null;
  calendar_id: string;
  budget_ms: string;
  consumed_ms: string;
  status: ClockStatus;
  run_started_at: Date | null;
  deadline_at: Date | null;
  warn_at: Date | null;
  provisional: boolean;
  epoch: number;
  warned_at: Date | null;
  breached_at: Date | null;
  breach_late_ms: string | null;
  started_at: Date;
  finished_at: Date | null;
  stops: number;
  stopped_ms: string;
  stopped_at: Date | null;
  on_timeout: string | null;
}

/** A returned row as the entity (what `find` would give, without a second query). */
function clockFromRow(r: ClockRow): ClockEntity {
  return Object.assign(new ClockEntity(), {
    id: r.id,
    applicationId: r.application_id,
    agencyCode: r.agency_code,
    permitTypeCode: r.permit_type_code,
    kind: r.kind,
    stateName: r.state_name,
    calendarId: r.calendar_id,
    budgetMs: Number(r.budget_ms),
    consumedMs: Number(r.consumed_ms),
    status: r.status,
    runStartedAt: r.run_started_at,
    deadlineAt: r.deadline_at,
    warnAt: r.warn_at,
    provisional: r.provisional,
    epoch: r.epoch,
    warnedAt: r.warned_at,
    breachedAt: r.breached_at,
    breachLateMs: r.breach_late_ms === null ? null : Number(r.breach_late_ms),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    stops: r.stops,
    stoppedMs: Number(r.stopped_ms),
    stoppedAt: r.stopped_at,
    onTimeout: r.on_timeout,
  });
}

/** A clock changed (a new epoch) between the read and the write: try again. */
export const clockChanged = (clockId: string): DomainError =>
  new DomainError('conflict', 'clock-changed', `Clock ${clockId} changed meanwhile (a calendar was published, or a timer fired); try again`);

/**
 * The one owner of the `clocks` and `clock_events` tables. Lifecycle writes are guarded by the
 * epoch the caller read (and the status they leave): a write on a clock another transaction has
 * moved on answers 409 `clock-changed` instead of overwriting it. Flags (warned, breached) are
 * set by `flagDue` alone, on the exact epoch a timer was armed for, and never move the epoch:
 * a timer that fires while an officer acts does not make the officer's write fail.
 *
 * Methods that take an EntityManager run inside the caller's transaction.
 */
@Injectable()
export class ClockRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- reads ------------------------------------------------------------------------------

  /** Every clock of a case, oldest first. */
  async ofCase(caseId: string, m: EntityManager = this.db.manager): Promise<ClockEntity[]> {
    return m.find(ClockEntity, { where: { applicationId: caseId }, order: { startedAt: 'ASC' } });
  }

  /** The clocks of these kinds of several cases, oldest first. */
  async ofCases(caseIds: readonly string[], kinds: readonly ClockKind[]): Promise<ClockEntity[]> {
    if (caseIds.length === 0) return [];
    return this.db.manager.find(ClockEntity, { where: { applicationId: In([...caseIds]), kind: In([...kinds]) }, order: { startedAt: 'ASC' } });
  }

  /** Every event of every clock of a case, in order. */
  async eventsOfCase(caseId: string): Promise<ClockEventEntity[]> {
    return this.db.manager.find(ClockEventEntity, { where: { applicationId: caseId }, order: { id: 'ASC' } });
  }

  /**
   * The latest clock of this kind (and state): the statutory clock in any status, the others
   * only while running.
   */
  async latest(m: EntityManager, caseId: string, kind: ClockKind, stateName: string | null): Promise<ClockEntity | null> {
    return m.findOne(ClockEntity, {
      where: { applicationId: caseId, kind, stateName: stateName ?? undefined, status: kind === 'statutory' ? undefined : 'running' },
      order: { startedAt: 'DESC' },
    });
  }

  /**
   * The case's denormalised deadlines: the nearest running statutory or state deadline (the
   * queue's order) and the latest statutory clock's deadline.
   */
  async deadlinesOf(m: EntityManager, caseId: string): Promise<{ next: Date | null; statutory: Date | null }> {
    const [row] = await m.query<{ next: Date | null; statutory: Date | null }[]>(
      `SELECT (SELECT MIN(c.deadline_at) FROM clocks c WHERE c.application_id = $1 AND c.status = 'running' AND c.kind IN ('statutory','state')) AS next,
              (SELECT c.deadline_at FROM clocks c WHERE c.application_id = $1 AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1) AS statutory`,
      [caseId],
    );
    return { next: row?.next ?? null, statutory: row?.statutory ?? null };
  }

  /** `deadlinesOf` for many cases in one query. */
  async deadlinesOfMany(m: EntityManager, caseIds: readonly string[]): Promise<{ id: string; next: Date | null; statutory: Date | null }[]> {
    if (caseIds.length === 0) return [];
    return m.query<{ id: string; next: Date | null; statutory: Date | null }[]>(
      `SELECT x.id,
              (SELECT MIN(c.deadline_at) FROM clocks c WHERE c.application_id = x.id AND c.status = 'running' AND c.kind IN ('statutory','state')) AS next,
              (SELECT c.deadline_at FROM clocks c WHERE c.application_id = x.id AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1) AS statutory
         FROM unnest($1::uuid[]) AS x(id)`,
      [[...new Set(caseIds)]],
    );
  }

  /**
   * A subselect of every clock of the case `caseIdSql` names (a column of the caller's query),
   * oldest first, as one jsonb array: for a read that loads the case with its clocks in one
   * statement. `fromJson` makes the entities of it.
   */
  ofCaseJsonSql(caseIdSql: string): string {
    return `(SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.started_at), '[]'::jsonb) FROM clocks c WHERE c.application_id = ${caseIdSql})`;
  }

  /** The clocks of an `ofCaseJsonSql` array. */
  fromJson(rows: readonly Record<string, unknown>[]): ClockEntity[] {
    return rows.map((r) => entityFromRow(this.db, ClockEntity, r));
  }

  /**
   * The case's denormalised deadlines (as `deadlinesOf`) once `batch` is written, as two SQL
   * expressions for the case's own UPDATE: the clocks the batch does not touch as the statement
   * sees them, those it touches as the batch leaves them.
   */
  deadlinesAfter(s: SqlStatement, batch: BatchedWrites): { next: string; statutory: string } {
    const touched = batch.touched();
    const rows = s.param(
      JSON.stringify(touched.map((c) => ({ kind: c.kind, status: c.status, deadline_at: c.deadlineAt, started_at: c.startedAt }))),
      'jsonb',
    );
    const clocks = `(SELECT kind, status, deadline_at, started_at FROM clocks
                      WHERE application_id = ${s.param(batch.caseId, 'uuid')} AND id <> ALL(${s.param(touched.map((c) => c.id), 'uuid[]')})
                     UNION ALL
                     SELECT kind, status, deadline_at, started_at
                       FROM jsonb_to_recordset(${rows}) AS t(kind text, status text, deadline_at timestamptz, started_at timestamptz))`;
    return {
      next: `(SELECT MIN(k.deadline_at) FROM ${clocks} k WHERE k.status = 'running' AND k.kind IN ('statutory','state'))`,
      statutory: `(SELECT k.deadline_at FROM ${clocks} k WHERE k.kind = 'statutory' ORDER BY k.started_at DESC LIMIT 1)`,
    };
  }

  /**
   * When a timer's instant is still ahead: the instant, if that clock epoch is still current and
   * unflagged; null otherwise.
   */
  async dueInstant(p: ClockDuePayload): Promise<Date | null> {
    const { instant, flag } = DUE_COLUMNS[p.kind];
    const rows = await this.db.query<{ due: Date | null }[]>(
      `SELECT ${instant} AS due FROM clocks WHERE id = $1 AND epoch = $2 AND status = 'running' AND ${flag} IS NULL`,
      [p.clockId, p.epoch],
    );
    return rows[0]?.due ?? null;
  }

  /** Running clocks whose `kind` instant is at or before `at` and not yet flagged, most overdue first. */
  async dueBefore(kind: TimerKind, at: Date, limit: number): Promise<{ id: string; epoch: number }[]> {
    const { instant, flag } = DUE_COLUMNS[kind];
    return this.db.query<{ id: string; epoch: number }[]>(
      `SELECT id, epoch FROM clocks WHERE status = 'running' AND ${flag} IS NULL AND ${instant} <= $1 ORDER BY ${instant} LIMIT ${Number(limit)}`,
      [at],
    );
  }

  /**
   * The same as whole clocks (to re-arm their timers). ORDER BY the indexed column: the planner
   * misjudges the range (it counts finished clocks' past deadlines) and would scan the table; in
   * index order it stops at the horizon. One query per partial index (idx_clocks_warning_due,
   * idx_clocks_deadline_due): an OR of the two is a full scan.
   */
  async unflaggedDueBefore(kind: TimerKind, at: Date, limit: number): Promise<ClockEntity[]> {
    const { instant, flag } = DUE_COLUMNS[kind];
    return this.db
      .getRepository(ClockEntity)
      .createQueryBuilder('c')
      .where(`c.status = 'running' AND c.${flag} IS NULL AND c.${instant} <= :at`, { at })
      .orderBy(`c.${instant}`)
      .limit(limit)
      .getMany();
  }

  /** Breached clocks still running whose policy moves the case: response windows, and statutory clocks of these permit types. */
  async breachedRunning(statutoryOf: readonly string[], limit: number): Promise<ClockEntity[]> {
    return this.db
      .getRepository(ClockEntity)
      .createQueryBuilder('c')
      .where(`c.status = 'running' AND c.breached_at IS NOT NULL`)
      .andWhere(`(c.kind = 'response' OR (c.kind = 'statutory' AND c.permit_type_code = ANY(:codes)))`, { codes: [...statutoryOf] })
      .limit(limit)
      .getMany();
  }

  /**
   * Locks the running, unbreached clocks of these calendars: statutory, state SLAs and response
   * windows (the caller leaves out the windows given in calendar days, which no calendar moves).
   */
  async lockRunningOfCalendars(m: EntityManager, calendarIds: readonly string[]): Promise<ClockEntity[]> {
    if (calendarIds.length === 0) return [];
    return m
      .createQueryBuilder(ClockEntity, 'c')
      .setLock('pessimistic_write')
      .where(`c.status = 'running' AND c.breached_at IS NULL AND c.kind IN ('statutory', 'state', 'response')`)
      .andWhere('c.calendar_id IN (:...ids)', { ids: [...calendarIds] })
      .orderBy('c.id')
      .getMany();
  }

  /** Locks the case's latest running clock of this kind. */
  async lockRunning(m: EntityManager, caseId: string, kind: ClockKind): Promise<ClockEntity | null> {
    return m
      .createQueryBuilder(ClockEntity, 'c')
      .setLock('pessimistic_write')
      .where('c.application_id = :caseId AND c.kind = :kind AND c.status = :running', { caseId, kind, running: 'running' })
      .orderBy('c.started_at', 'DESC')
      .getOne();
  }

  // ---- writes -----------------------------------------------------------------------------

  /** A new clock (its id is filled in). */
  async start(m: EntityManager, clock: ClockEntity): Promise<ClockEntity> {
    return m.save(clock);
  }

  async stop(m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    await this.advance(m, clock, fromEpoch, 'stop');
  }

  async resume(m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    await this.advance(m, clock, fromEpoch, 'resume');
  }

  async finish(m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    await this.advance(m, clock, fromEpoch, 'finish');
  }

  /** A running clock with a new deadline (a calendar change, the demo clock). */
  async rearm(m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    await this.advance(m, clock, fromEpoch, 'rearm');
  }

  /** A clock with a new budget (a definition migration): guarded by the epoch read, running or stopped. */
  async rebudget(m: EntityManager, clock: ClockEntity, fromEpoch: number): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(ClockEntity)
      .set({
        budgetMs: clock.budgetMs,
        consumedMs: clock.consumedMs,
        runStartedAt: clock.runStartedAt,
        deadlineAt: clock.deadlineAt,
        warnAt: clock.warnAt,
        provisional: clock.provisional,
        epoch: clock.epoch,
      })
      .where('id = :id AND epoch = :epoch AND status IN (:...leaves)', { id: clock.id, epoch: fromEpoch, leaves: ['running', 'stopped'] })
      .execute();
    if (res.affected !== 1) throw clockChanged(clock.id);
  }

  /**
   * Sets the warning or breach flag of the exact epoch a timer was armed for, if it is still
   * running, unflagged and due at `now` (a breach also records how late it was flagged, except
   * for a response window's lapse). Answers the flagged clock, or null when there was nothing to
   * flag: a stale, duplicate or early timer changes nothing.
   */
  async flagDue(m: EntityManager, p: ClockDuePayload, now: Date): Promise<ClockEntity | null> {
    const { instant, flag } = DUE_COLUMNS[p.kind];
    const lateness =
      p.kind === 'deadline' ? `, breach_late_ms = CASE WHEN kind = 'response' THEN NULL ELSE round(extract(epoch FROM ($3::timestamptz - deadline_at)) * 1000)::bigint END` : '';
    const [rows] = await m.query<[{ id: string }[], number]>(
      `UPDATE clocks SET ${flag} = $3${lateness}
       WHERE id = $1 AND epoch = $2 AND status = 'running' AND ${flag} IS NULL AND ${instant} <= $3
       RETURNING id`,
      [p.clockId, p.epoch, now],
    );
    if (rows.length === 0) return null;
    return m.findOneByOrFail(ClockEntity, { id: p.clockId });
  }

  /** The running, unflagged clocks due by `now` (a plain read, oldest instant first): their ids and epochs. */
  async dueNow(kind: TimerKind, now: Date, limit: number): Promise<{ clockId: string; epoch: number }[]> {
    const { instant, flag } = DUE_COLUMNS[kind];
    const rows = await this.db.query<{ id: string; epoch: number }[]>(
      `SELECT id, epoch FROM clocks WHERE status = 'running' AND ${flag} IS NULL AND ${instant} <= $1 ORDER BY ${instant} LIMIT $2`,
      [now, Number(limit)],
    );
    return rows.map((r) => ({ clockId: r.id, epoch: r.epoch }));
  }

  /**
   * The running, unflagged clocks whose `kind` instant is at or before `now`, oldest instant
   * first, locked for this transaction (rows another transaction holds are skipped; `only`: that
   * clock at that epoch, waited for). Answers them with their cases, for the caller to lock the
   * case rows before it flags them (`flagPicked`).
   */
  async pickDue(m: EntityManager, kind: TimerKind, now: Date, limit: number, only?: ClockDuePayload): Promise<{ id: string; applicationId: string }[]> {
    const { instant, flag } = DUE_COLUMNS[kind];
    const rows = await m.query<{ id: string; application_id: string }[]>(
      `SELECT id, application_id FROM clocks WHERE status = 'running' AND ${flag} IS NULL AND ${instant} <= $1 ` +
        (only ? 'AND id = $2 AND epoch = $3 FOR UPDATE' : `ORDER BY ${instant} LIMIT $2 FOR UPDATE SKIP LOCKED`),
      only ? [now, only.clockId, only.epoch] : [now, Number(limit)],
    );
    return rows.map((r) => ({ id: r.id, applicationId: r.application_id }));
  }

  /** Flags these (picked, locked) clocks, each still running, unflagged and due (guarded): answers those flagged. */
  async flagPicked(m: EntityManager, kind: TimerKind, now: Date, ids: readonly string[]): Promise<ClockEntity[]> {
    if (ids.length === 0) return [];
    const { instant, flag } = DUE_COLUMNS[kind];
    const lateness =
      kind === 'deadline' ? `, breach_late_ms = CASE WHEN c.kind = 'response' THEN NULL ELSE round(extract(epoch FROM ($1::timestamptz - c.deadline_at)) * 1000)::bigint END` : '';
    const [rows] = await m.query<[ClockRow[], number]>(
      `UPDATE clocks c SET ${flag} = $1${lateness}
        WHERE c.id = ANY($2::uuid[]) AND c.status = 'running' AND c.${flag} IS NULL AND c.${instant} <= $1
        RETURNING c.*`,
      [now, [...ids]],
    );
    return rows.map(clockFromRow);
  }


  /**
   * The distinct instants at which running, unflagged clocks fall due in (after, until], soonest
   * first: the alarms that should be armed. Served by the partial index on the instant.
   */
  async dueInstants(kind: TimerKind, after: Date, until: Date, limit: number): Promise<Date[]> {
    const { instant, flag } = DUE_COLUMNS[kind];
    const rows = await this.db.query<{ at: Date }[]>(
      `SELECT DISTINCT ${instant} AS at FROM clocks WHERE status = 'running' AND ${flag} IS NULL AND ${instant} > $1 AND ${instant} <= $2
        ORDER BY 1 LIMIT ${Number(limit)}`,
      [after, until],
    );
    return rows.map((r) => r.at);
  }

  /** Many entries of clocks' histories in one statement. */
  async recordEvents(m: EntityManager, events: readonly Omit<ClockEventEntity, 'id'>[]): Promise<void> {
    if (events.length === 0) return;
    const col = <T>(f: (e: Omit<ClockEventEntity, 'id'>) => T): T[] => events.map(f);
    const cols = 'clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at';
    await m.query(
      `INSERT INTO clock_events (${cols})
       SELECT ${cols} FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::uuid[], $8::text[], $9::text[],
         $10::bigint[], $11::bigint[], $12::timestamptz[]) WITH ORDINALITY AS x(${cols}, n)
       ORDER BY n`,
      [
        col((e) => e.clockId),
        col((e) => e.applicationId),
        col((e) => e.clockKind),
        col((e) => e.stateName),
        col((e) => e.at.toISOString()),
        col((e) => e.kind),
        col((e) => e.actorId),
        col((e) => e.actorRole),
        col((e) => e.reason),
        col((e) => String(e.consumedMs)),
        col((e) => String(e.remainingMs)),
        col((e) => e.deadlineAt?.toISOString() ?? null),
      ],
    );
  }

  /** One entry of a clock's history. */
  async recordEvent(m: EntityManager, event: Omit<ClockEventEntity, 'id'>): Promise<void> {
    await m.insert(ClockEventEntity, event);
  }

  /**
   * Everything a `ClockWriteBatch` kept, in one statement: the lifecycle steps (each guarded by
   * the epoch it read and the statuses it may leave, as `stop`, `resume` and `finish` are), the
   * new clocks, and the clock events in the order they happened. Answers every clock of the case
   * as the statement leaves it, oldest first (flags set meanwhile included); a step whose clock
   * moved on answers 409 `clock-changed` (roll back). An empty batch writes nothing and answers
   * null.
   */
  async writeBatch(m: EntityManager, batch: BatchedWrites): Promise<ClockEntity[] | null> {
    if (batch.isEmpty()) return null;
    const s = new SqlStatement();
    const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
    const rowOf = (c: ClockEntity): Record<string, unknown> => ({
      id: c.id,
      application_id: c.applicationId,
      agency_code: c.agencyCode,
      permit_type_code: c.permitTypeCode,
      kind: c.kind,
      state_name: c.stateName,
      calendar_id: c.calendarId,
      budget_ms: c.budgetMs,
      consumed_ms: c.consumedMs,
      status: c.status,
      run_started_at: iso(c.runStartedAt),
      deadline_at: iso(c.deadlineAt),
      warn_at: iso(c.warnAt),
      provisional: c.provisional,
      epoch: c.epoch,
      warned_at: iso(c.warnedAt),
      breached_at: iso(c.breachedAt),
      breach_late_ms: c.breachLateMs,
      started_at: iso(c.startedAt),
      finished_at: iso(c.finishedAt),
      stops: c.stops,
      stopped_ms: c.stoppedMs,
      stopped_at: iso(c.stoppedAt),
      on_timeout: c.onTimeout,
    });
    const written: string[] = [];
    if (batch.advanced.length) {
      const steps = batch.advanced.map((a) => ({ ...rowOf(a.clock), from_epoch: a.fromEpoch, leaves: LEAVES[a.step] }));
      written.push(
        s.with(
          s.name('clock_steps'),
          `UPDATE clocks c SET consumed_ms = n.consumed_ms, run_started_at = n.run_started_at, status = n.status, deadline_at = n.deadline_at,
                  warn_at = n.warn_at, provisional = n.provisional, epoch = n.epoch, stops = n.stops, stopped_ms = n.stopped_ms,
                  stopped_at = n.stopped_at, finished_at = n.finished_at
             FROM jsonb_to_recordset(${s.param(JSON.stringify(steps), 'jsonb')})
                    AS n(id uuid, from_epoch int, leaves text[], consumed_ms bigint, run_started_at timestamptz, status text, deadline_at timestamptz,
                         warn_at timestamptz, provisional boolean, epoch int, stops int, stopped_ms bigint, stopped_at timestamptz, finished_at timestamptz)
            WHERE c.id = n.id AND c.epoch = n.from_epoch AND c.status = ANY(n.leaves)
           RETURNING c.*`,
        ),
      );
    }
    if (batch.started.length) {
      written.push(
        s.with(
          s.name('clock_starts'),
          `INSERT INTO clocks SELECT * FROM jsonb_populate_recordset(NULL::clocks, ${s.param(JSON.stringify(batch.started.map(rowOf)), 'jsonb')}) RETURNING *`,
        ),
      );
    }
    if (batch.events.length) {
      const events = batch.events.map((e) => ({
        clock_id: e.clockId,
        application_id: e.applicationId,
        clock_kind: e.clockKind,
        state_name: e.stateName,
        at: iso(e.at),
        kind: e.kind,
        actor_id: e.actorId,
        actor_role: e.actorRole,
        reason: e.reason,
        consumed_ms: e.consumedMs,
        remaining_ms: e.remainingMs,
        deadline_at: iso(e.deadlineAt),
      }));
      const columns = 'clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at';
      s.with(
        s.name('clock_events_written'),
        `INSERT INTO clock_events (${columns})
         SELECT ${columns} FROM jsonb_populate_recordset(NULL::clock_events, ${s.param(JSON.stringify(events), 'jsonb')}) WITH ORDINALITY AS e ORDER BY e.ordinality
         RETURNING id`,
      );
    }
    const touched = batch.touched().map((c) => c.id);
    const rows = await m.query<Record<string, unknown>[]>(
      s.text(
        [
          ...written.map((w) => `SELECT * FROM ${w}`),
          `SELECT * FROM clocks WHERE application_id = ${s.param(batch.caseId, 'uuid')} AND id <> ALL(${s.param(touched, 'uuid[]')})`,
        ].join(' UNION ALL '),
      ),
      s.params,
    );
    const clocks = rows.map((r) => entityFromRow(this.db, ClockEntity, r));
    const missing = batch.advanced.find((a) => !clocks.some((c) => c.id === a.clock.id));
    if (missing) throw clockChanged(missing.clock.id);
    return clocks.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  /** Writes the lifecycle columns if the clock is still at `fromEpoch` in a status `step` may leave. */
  private async advance(m: EntityManager, clock: ClockEntity, fromEpoch: number, step: keyof typeof LEAVES): Promise<void> {
    const next: Lifecycle = {
      consumedMs: clock.consumedMs,
      runStartedAt: clock.runStartedAt,
      status: clock.status,
      deadlineAt: clock.deadlineAt,
      warnAt: clock.warnAt,
      provisional: clock.provisional,
      epoch: clock.epoch,
      stops: clock.stops,
      stoppedMs: clock.stoppedMs,
      stoppedAt: clock.stoppedAt,
      finishedAt: clock.finishedAt,
    };
    const res = await m
      .createQueryBuilder()
      .update(ClockEntity)
      .set(next)
      .where('id = :id AND epoch = :epoch AND status IN (:...leaves)', { id: clock.id, epoch: fromEpoch, leaves: LEAVES[step] })
      .execute();
    if (res.affected !== 1) throw clockChanged(clock.id);
  }
}
