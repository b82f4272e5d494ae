import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseActionsService, caseEvent, CaseEventFacts, CaseReader, CaseRepository } from '@tenggat/applications';
import { AuditEntry, AuditService } from '@tenggat/audit';
import { Clock } from '@tenggat/platform';
import { ClockDuePayload, ClockEntity, ClockRepository, ClockService, TimerKind } from '@tenggat/sla';
import { DataSource, EntityManager } from 'typeorm';
import { chunked, forEachLimit } from './batches';
import { slaBreaches, slaWarnings, timerLag } from './sla-metrics';

export type DueSource = 'timer' | 'reconciler';

/** Clocks flagged per transaction: one guarded UPDATE, one INSERT of clock events, one of audit events, one UPDATE of case flags. */
export const FLAG_BATCH = 1_000;
/** Batches flagged side by side by one sweep. */
const FLAG_LANES = 3;
/** Policies that move a case (deemed approvals, lapsed response windows) run this many at a time, each in its own transaction. */
const POLICY_CONCURRENCY = 6;
/** Deemed approvals handed to one lane at a time (it commits them in chunks). */
const DEEMED_LANE_CHUNK = 500;
/** A batch that lost a deadlock to a concurrent transaction is tried again this many times. */
const DEADLOCK_RETRIES = 3;

export interface DueSweep {
  /** Clocks flagged by this call. */
  flagged: number;
  /** Batches (transactions) it took. */
  batches: number;
  /** Whether due clocks were left because an officer held their case: look again shortly (a clock that failed is left to the reconciler). */
  remaining: boolean;
}

const SYSTEM = { id: null, role: 'system' } as const;

/** What one flag phase did: the clocks it flagged whose policies may move their case. */
interface FlagPhase {
  flagged: number;
  batches: number;
  moved: ClockEntity[];
  /** Due clocks left because an officer held their case: the alarm looks again shortly. */
  skipped: number;
}

/** A month: the slack kept below a known event's time when looking up a stream's last link. */
const HEAD_SLACK_MS = 31 * 86_400_000;

/**
 * Per case stream, an instant no later than an event in it: a clock starts with an audited
 * change (submission, a transition, a notice) at the same instant, so the stream's last link is
 * at or after the clock's start; a month of slack is kept below it all the same.
 */
function streamsSince(clocks: readonly ClockEntity[]): Map<string, Date> {
  const since = new Map<string, Date>();
  for (const c of clocks) {
    const stream = `case:${c.applicationId}`;
    const at = new Date(c.startedAt.getTime() - HEAD_SLACK_MS);
    const known = since.get(stream);
    if (!known || at < known) since.set(stream, at);
  }
  return since;
}

/**
 * What happens when clocks' warning or deadline instants arrive, handled as sets: every clock due
 * at or before now is flagged in batches, each batch one transaction of a few set-based
 * statements (the guarded UPDATE ... RETURNING of the clocks, their clock events, their case
 * flags, escalations, and their hash-chained audit events), so a cliff of 20,000 deadlines at one
 * instant costs tens of statements, not 20,000 transactions. The guard is Postgres itself: a clock
 * is flagged only while running, unflagged and due, so a stale, duplicate or early alarm changes
 * nothing, two workers on one instant share the rows (SKIP LOCKED), and a batch that dies rolls
 * back whole and is taken again.
 */
@Injectable()
export class EnforcementService {
  private readonly logger = new Logger(EnforcementService.name);
  /** The flag phase under way per kind in this process, and the one queued after it. */
  private readonly phases = new Map<TimerKind, { current: Promise<FlagPhase>; next: Promise<FlagPhase> | null }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly cases: CaseRepository,
    private readonly actions: CaseActionsService,
    private readonly reader: CaseReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Flags every clock whose `kind` instant is at or before now, batch after batch, then carries
   * out the policies that move cases (deemed approvals, lapsed response windows).
   */
  async flagAllDue(kind: TimerKind, source: DueSource = 'timer'): Promise<DueSweep> {
    const { phase, mine } = this.joinFlagPhase(kind, source);
    const done = await phase;
    // the policies of what this call's phase flagged: by the caller that started it, once
    if (mine && done.moved.length) await this.afterBreachMany(done.moved);
    return { flagged: mine ? done.flagged : 0, batches: mine ? done.batches : 0, remaining: done.skipped > 0 };
  }

  /**
   * Alarms of one kind that arrive while this process is flagging share the work instead of each
   * running empty batches beside it (a stream of deadlines brings an alarm every millisecond):
   * with no phase running, a call starts one; with one running, which began before the call and
   * so may have passed clocks due since, the call waits for the next phase, started once the
   * running one ends and shared by every call that arrives meanwhile.
   */
  private joinFlagPhase(kind: TimerKind, source: DueSource): { phase: Promise<FlagPhase>; mine: boolean } {
    const running = this.phases.get(kind);
    if (!running) return { phase: this.startFlagPhase(kind, source), mine: true };
    if (running.next) return { phase: running.next, mine: false };
    const settled = running.current.then(
      () => undefined,
      () => undefined,
    );
    running.next = settled.then(() => this.startFlagPhase(kind, source));
    return { phase: running.next, mine: true };
  }

  private startFlagPhase(kind: TimerKind, source: DueSource): Promise<FlagPhase> {
    const entry: { current: Promise<FlagPhase>; next: Promise<FlagPhase> | null } = { current: this.flagPhase(kind, source), next: null };
    this.phases.set(kind, entry);
    const forget = (): void => {
      if (this.phases.get(kind) === entry && entry.next === null) this.phases.delete(kind);
    };
    entry.current.then(forget, forget);
    return entry.current;
  }

  /** Every clock due now flagged, batch after batch, in a few lanes. */
  private async flagPhase(kind: TimerKind, source: DueSource): Promise<FlagPhase> {
    let flagged = 0;
    let batches = 0;
    const moved: ClockEntity[] = [];
    const skipped = { clocks: 0 };
    const took = (rows: readonly ClockEntity[]): void => {
      batches++;
      flagged += rows.length;
      if (kind === 'deadline') moved.push(...rows.filter((c) => c.kind !== 'state'));
    };
    /** One batch; true when it was full (more may be due). */
    const batch = async (): Promise<boolean> => {
      let rows: ClockEntity[];
      try {
        rows = await this.flagBatch(kind, this.clock.now(), source, undefined, skipped);
      } catch (e) {
        // one bad row must not hold up every clock behind it: the batch's clocks one by one
        this.logger.error(`a ${kind} batch failed (${(e as Error).message}); flagging its clocks one by one`);
        for (const rows1 of await this.flagOneByOne(kind, source)) took(rows1);
        return false;
      }
      if (rows.length === 0) return false;
      took(rows);
      return rows.length === FLAG_BATCH;
    };
    // one batch first (most phases find a few clocks, or none: one transaction); after a full
    // one, a few lanes at once: SKIP LOCKED gives each batch rows of its own, and Postgres works
    // on them side by side
    if (await batch()) {
      // when one lane fails the others stop after their batch in hand, and the phase fails with it
      let failed = false;
      const lane = async (): Promise<void> => {
        try {
          while (!failed && (await batch()));
        } catch (e) {
          failed = true;
          throw e;
        }
      };
      const lanes = await Promise.allSettled(Array.from({ length: FLAG_LANES }, lane));
      const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
      if (failure) throw failure.reason;
    }
    return { flagged, batches, moved, skipped: skipped.clocks };
  }


  /** One clock (a per-clock timer, or a test playing the worker): true when this call set the flag (and wrote the events). */
  async onDue(p: ClockDuePayload, source: DueSource = 'timer'): Promise<boolean> {
    const flagged = await this.flagBatch(p.kind, this.clock.now(), source, p);
    if (flagged.length === 0) return false; // stale epoch, already flagged, finished, or not yet due
    await this.afterBreachMany(flagged.filter((c) => p.kind === 'deadline' && c.kind !== 'state'));
    return true;
  }

  /**
   * When a per-clock job fired before its instant: the time still to wait, if that clock epoch
   * is still current and unflagged. Null when there is nothing to wait for.
   */
  async pendingMs(p: ClockDuePayload): Promise<number | null> {
    const due = await this.clockRows.dueInstant(p);
    if (!due) return null;
    const wait = due.getTime() - this.clock.now().getTime();
    return wait > 0 ? wait : null;
  }

  /** Policies that move the case run after the flag is committed; the reconciler retries them. */
  async afterBreach(clock: ClockEntity, kind: 'warning' | 'deadline'): Promise<void> {
    if (kind === 'deadline') await this.afterBreachMany([clock]);
  }

  /**
   * The policies of breached clocks that move their case, after the flags are committed: a lapsed
   * response window takes its timeout transition; a breached statutory clock under deemed
   * approval approves the case by law and issues its permit. Each case in its own transaction
   * (a conflict with an officer acting meanwhile leaves that case alone), several at a time.
   */
  async afterBreachMany(clocks: readonly ClockEntity[]): Promise<void> {
    const responses = clocks.filter((c) => c.kind === 'response' && c.stateName);
    const statutory = clocks.filter((c) => c.kind === 'statutory');
    const deemed: string[] = [];
    for (const ids of chunked([...new Set(statutory.map((c) => c.applicationId))], FLAG_BATCH)) {
      for (const app of await this.cases.byIds(this.db.manager, ids)) {
        if (app.isOpen() && (await this.reader.permitType(app)).definition.onBreach === 'deemed-approval') deemed.push(app.id);
      }
    }
    await forEachLimit(responses, POLICY_CONCURRENCY, (c) => this.policy(() => this.actions.responseTimeout(c.applicationId, c.stateName as string), c.applicationId));
    // deemed approvals in batches (a transaction per chunk, permits numbered together), two lanes
    await forEachLimit(chunked(deemed, DEEMED_LANE_CHUNK), 2, (ids) => this.policy(() => this.deemBatch(ids), `${ids.length} cases from ${ids[0]}`));
  }

  /** A batch of deemed approvals; when the batch fails as a whole, each case on its own (so one bad case holds up none of the others). */
  private async deemBatch(ids: readonly string[]): Promise<boolean> {
    try {
      await this.actions.deemApproveMany(ids);
    } catch (e) {
      this.logger.warn(`a batch of ${ids.length} deemed approvals failed (${(e as Error).message}); approving them one by one`);
      for (const id of ids) await this.policy(() => this.actions.deemApprove(id), id);
    }
    return true;
  }

  private async policy(run: () => Promise<boolean>, caseId: string): Promise<void> {
    try {
      await run();
    } catch (e) {
      // left to the reconciler, which retries the policies of breached clocks still running
      this.logger.warn(`breach policy of case ${caseId} failed (the reconciler retries it): ${(e as Error).message}`);
    }
  }

  /**
   * After a failed batch: the clocks due now, each in its own transaction (the one that fails
   * again is logged and left, to the next look; the others are flagged). Answers what each flagged.
   */
  private async flagOneByOne(kind: TimerKind, source: DueSource): Promise<ClockEntity[][]> {
    const done: ClockEntity[][] = [];
    for (const due of await this.clockRows.dueNow(kind, this.clock.now(), FLAG_BATCH)) {
      try {
        const rows = await this.flagBatch(kind, this.clock.now(), source, { ...due, kind });
        if (rows.length) done.push(rows);
      } catch (e) {
        this.logger.error(`clock ${due.clockId} could not be flagged (${(e as Error).message}); left to the next look`);
      }
    }
    return done;
  }

  /** One batch in one transaction, tried again when it lost a deadlock. */
  private async flagBatch(kind: TimerKind, now: Date, source: DueSource, only?: ClockDuePayload, skipped?: { clocks: number }): Promise<ClockEntity[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((m) => this.flagBatchIn(m, kind, now, source, only, skipped));
      } catch (e) {
        if ((e as { code?: string }).code !== '40P01' || attempt > DEADLOCK_RETRIES) throw e;
        this.logger.warn(`a ${kind} batch lost a deadlock (attempt ${attempt}); trying again`);
      }
    }
  }

  private async flagBatchIn(m: EntityManager, kind: TimerKind, now: Date, source: DueSource, only?: ClockDuePayload, skipped?: { clocks: number }): Promise<ClockEntity[]> {
    const picked = await this.clockRows.pickDue(m, kind, now, FLAG_BATCH, only);
    if (picked.length === 0) return [];
    // the cases' rows next, before their audit streams, as an officer's action takes them (case
    // row, clocks, stream): a case an officer holds is skipped (its clocks are left for the next
    // look, 500 ms on), so a batch never waits on an officer who waits on its clocks. A clock
    // whose case row does not exist is flagged all the same (nothing to wait for).
    const pickedCases = [...new Set(picked.map((p) => p.applicationId))];
    const takenCases = new Set(await this.cases.lockAvailable(m, pickedCases));
    if (takenCases.size < pickedCases.length) {
      const exist = new Set(await this.cases.existing(m, pickedCases.filter((id) => !takenCases.has(id))));
      for (const id of pickedCases) if (!takenCases.has(id) && !exist.has(id)) takenCases.add(id);
    }
    const take = picked.filter((p) => takenCases.has(p.applicationId));
    if (skipped && take.length < picked.length) skipped.clocks += picked.length - take.length;
    const flagged = await this.clockRows.flagPicked(m, kind, now, take.map((p) => p.id));
    if (flagged.length === 0) return [];
    const caseIds = [...new Set(flagged.map((c) => c.applicationId))];
    // then the streams, in a fixed order (two batches never hold clocks of one case: SKIP LOCKED)
    await this.audit.lockStreams(m, caseIds.map((id) => `case:${id}`));
    const apps = new Map((await this.cases.factsOf(m, caseIds)).map((a) => [a.id, a]));
    const policyOf = new Map<string, string>();
    for (const app of apps.values()) policyOf.set(app.id, (await this.reader.permitType(app)).definition.onBreach);
    for (const c of flagged) {
      if (!apps.has(c.applicationId)) this.logger.warn(`clock ${c.id} is due but belongs to no case: flagged, with no case to mark`);
      const due = (kind === 'warning' ? c.warnAt : c.deadlineAt) as Date;
      timerLag.observe({ kind, source }, Math.max(0, now.getTime() - due.getTime()) / 1000);
    }
    await this.clocks.recordEvents(m, flagged, kind === 'warning' ? 'warning' : 'breach', now, SYSTEM, null);
    const entries: AuditEntry[] = [];
    if (kind === 'warning') {
      await this.cases.markWarnedMany(m, flagged.filter((c) => c.kind !== 'response').map((c) => c.applicationId), now);
      for (const c of flagged) {
        slaWarnings.inc({ agency: c.agencyCode, permit_type: c.permitTypeCode, clock: c.kind });
        entries.push(
          caseEvent(c.applicationId, {
            actor: SYSTEM,
            action: 'sla.warning',
            entityType: 'clock',
            entityId: c.id,
            data: { clock: c.kind, state: c.stateName, warnAt: c.warnAt?.toISOString(), deadline: c.deadlineAt?.toISOString() },
            at: now,
          }),
        );
      }
      await this.audit.appendMany(m, entries, { notBefore: streamsSince(flagged), locked: true, subjects: apps });
      return flagged;
    }
    // a response window's lapse is not a breach: its timeout transition is the record
    const breached = flagged.filter((c) => c.kind !== 'response');
    for (const c of breached) {
      slaBreaches.inc({ agency: c.agencyCode, permit_type: c.permitTypeCode, clock: c.kind });
      const deadline = c.deadlineAt as Date;
      entries.push(
        caseEvent(c.applicationId, {
          actor: SYSTEM,
          action: c.kind === 'statutory' ? 'sla.breached' : 'sla.state-breached',
          entityType: 'clock',
          entityId: c.id,
          data: {
            clock: c.kind,
            state: c.stateName,
            deadline: deadline.toISOString(),
            lateMs: now.getTime() - deadline.getTime(), // as flagPicked stored it (breach_late_ms)
            policy: c.kind === 'statutory' ? (policyOf.get(c.applicationId) ?? 'flag') : 'flag',
          },
          at: now,
        }),
      );
    }
    const escalate = breached
      .filter((c) => c.kind === 'statutory' && policyOf.get(c.applicationId) === 'escalate')
      .map((c) => apps.get(c.applicationId))
      .filter((a): a is CaseEventFacts => a !== undefined);
    // each case's escalation follows its breach in its stream: one INSERT for both; the escalation
    // marks its case breached in the same row update, the other cases are marked after it
    entries.push(...(await this.actions.escalateMany(m, escalate, now)));
    await this.cases.markBreachedMany(m, breached.filter((c) => c.kind === 'statutory').map((c) => c.applicationId), now);
    await this.audit.appendMany(m, entries, { notBefore: streamsSince(flagged), locked: true, subjects: apps });
    return flagged;
  }
}
