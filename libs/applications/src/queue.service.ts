import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { CalendarRegistry } from '@tenggat/calendar-service';
import { CatalogueService, DeadlineTimingService } from '@tenggat/catalogue';
import { AuthUser, isSupervisor, officerRoles, UsersService } from '@tenggat/identity';
import { Clock, decodeCursor, DomainError, encodeCursor, pageOf, PageQuery, STATUS_BY_KIND } from '@tenggat/platform';
import { ClockEntity, ClockRepository, ClockService, clockMath } from '@tenggat/sla';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { QueueQuery } from './applications.dto';
import { BoardReadModel } from './board.read-model';
import { CaseQueueKey, CaseQueueRow, CaseRepository } from './case.repository';
import { caseNotFound } from './case-errors';
import { caseEvent } from './case-event';
import { CaseEvents } from './case-events';
import { CaseReader } from './case-reader';
import { mayHold, officerRolesFor, rolesWorkOn } from './case-roles';
import { Assignment, BoardCount, BoardWorkload, BulkAssignItem, BulkAssignResult, QueueItem, QueuePage, SupervisorBoard } from './applications.views';

export { Assignment, QueueItem };

const days = clockMath.toDays;

/**
 * The queue counts exactly up to this many cases (an index-only scan of at most this many
 * entries); a longer queue answers `total` = the cap with `totalIsExact: false`.
 */
export const QUEUE_COUNT_CAP = 10_000;

/** The queue position a cursor names (400 when it is not one). */
function queueKeyOf(cursor: string): CaseQueueKey {
  const [priority, deadline, id] = decodeCursor(cursor, ['number', 'date?', 'uuid']) as [number, string | null, string];
  return { priority, deadline, id };
}


type AssignmentKind = 'claimed' | 'released' | 'assigned';

/** The officer's queue, ordered by urgency, and claiming cases from it. */
@Injectable()
export class QueueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly boardCounts: BoardReadModel,
    private readonly clockRows: ClockRepository,
    private readonly catalogue: CatalogueService,
    private readonly reader: CaseReader,
    private readonly clocks: ClockService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timing: DeadlineTimingService,
    private readonly calendars: CalendarRegistry,
    private readonly caseEvents: CaseEvents,
  ) {}

  /**
   * The states of each of the agency's permit types that the caller's roles work on; null for
   * supervisors, who see the whole agency.
   */
  private async workedOn(user: AuthUser): Promise<Map<string, string[]> | null> {
    if (isSupervisor(user)) return null;
    const roles = officerRoles(user);
    const worked = new Map<string, string[]>();
    for (const def of await this.agencyDefinitions(user.agency ?? '')) {
      const states = Object.keys(def.states).filter((state) => rolesWorkOn(roles, def, state));
      if (states.length) worked.set(def.code, states);
    }
    return worked;
  }

  private async agencyDefinitions(agency: string): Promise<PermitTypeDefinition[]> {
    const out: PermitTypeDefinition[] = [];
    const q = Object.assign(new PageQuery(), { pageSize: 100 });
    for (let page = 1; ; page++) {
      q.page = page;
      const { items, total } = await this.catalogue.list(q);
      out.push(...items.map((t) => t.definition).filter((d) => d.agency === agency));
      if (items.length === 0 || page * q.pageSize >= total) return out;
    }
  }

  /**
   * The open cases of the caller's agency in the states the caller works on: escalated cases
   * first, then by the nearest deadline (statutory or state SLA), cases with no running clock
   * last. One scan of `idx_applications_queue` for the page, one count, one read of the page's
   * clocks for the remaining working time.
   */
  async queue(user: AuthUser, q: QueueQuery): Promise<QueuePage> {
    const after = q.after === undefined ? undefined : queueKeyOf(q.after);
    const { rows, total, totalIsExact } = await this.cases.queuePage({
      agency: user.agency,
      worked: await this.workedOn(user),
      permitType: q.permitType,
      state: q.state,
      ...(q.assigned === 'me' ? { assignee: user.id } : {}),
      unassigned: q.assigned === 'unassigned',
      flagged: q.flagged === 'any' ? undefined : q.flagged,
      ...(q.idleWorkingDays !== undefined ? { idleBefore: await this.idleSince(user.agency ?? '', q.idleWorkingDays) } : {}),
      ...(q.dueWithin !== undefined ? { dueBy: await this.dueBy(user.agency ?? '', q.dueWithin) } : {}),
      offset: q.offset,
      pageSize: q.pageSize,
      ...(after ? { after } : {}),
      countCap: QUEUE_COUNT_CAP,
    });
    const last = rows.length === q.pageSize ? rows[rows.length - 1] : undefined;
    const nextCursor = last ? encodeCursor([last.priority, last.next_deadline_at?.toISOString() ?? null, last.id]) : null;
    return { ...pageOf(await this.items(rows), total, q), totalIsExact, nextCursor };
  }

  /**
   * The latest deadline a case may have to pass the `dueWithin` filter: now for `overdue`, else the
   * end of the N-th working day after today in the agency's calendar.
   */
  private async dueBy(agency: string, dueWithin: 'overdue' | '2' | '5'): Promise<Date> {
    const now = this.clock.now();
    if (dueWithin === 'overdue') return now;
    const timing = await this.timing.ofAgency(agency);
    return (await this.calendars.get(timing.calendar)).deadline(now, Number(dueWithin)).deadline;
  }

  private async items(rows: CaseQueueRow[]): Promise<QueueItem[]> {
    if (rows.length === 0) return [];
    const now = this.clock.now();
    const names = await this.users.namesOf([...new Set(rows.flatMap((r) => (r.assignee_id ? [r.applicant_id, r.assignee_id] : [r.applicant_id])))]);
    const clocks = await this.clockRows.ofCases(
      rows.map((r) => r.id),
      ['statutory', 'state'],
    );
    return Promise.all(
      rows.map(async (r): Promise<QueueItem> => {
        const mine = clocks.filter((c) => c.applicationId === r.id);
        const statutory = mine.filter((c) => c.kind === 'statutory').pop();
        const stateClock = mine.filter((c) => c.kind === 'state' && c.stateName === r.state && c.status === 'running').pop();
        const running = [statutory, stateClock].filter((c): c is ClockEntity => c?.status === 'running' && c.deadlineAt !== null);
        const nearest = running.sort((x, y) => (x.deadlineAt as Date).getTime() - (y.deadlineAt as Date).getTime())[0];
        const def = r.permit_type_version === null ? null : (await this.catalogue.version(r.permit_type_code, r.permit_type_version)).definition;
        return {
          id: r.id,
          reference: r.reference,
          permitType: r.permit_type_code,
          state: r.state,
          stateLabel: def?.states[r.state]?.label ?? null,
          version: r.version,
          applicantName: names.get(r.applicant_id) ?? null,
          assigneeId: r.assignee_id,
          assigneeName: r.assignee_id ? (names.get(r.assignee_id) ?? null) : null,
          assignedAt: r.assigned_at?.toISOString() ?? null,
          submittedAt: r.submitted_at?.toISOString() ?? null,
          nextDeadline: r.next_deadline_at?.toISOString() ?? null,
          statutoryDeadline: r.statutory_deadline_at?.toISOString() ?? null,
          remainingWorkingDays: nearest ? days(await this.clocks.remainingMs(nearest, now)) : null,
          statutoryRemainingWorkingDays: statutory ? days(await this.clocks.remainingMs(statutory, now)) : null,
          deficiencyNotices: { sent: r.deficiency_notices, max: def?.deficiencyNotices.max ?? 0 },
          clockStopped: statutory?.status === 'stopped',
          warned: r.warned_at !== null,
          breached: r.breached_at !== null,
          stateSlaBreached: Boolean(stateClock?.breachedAt),
          escalated: r.escalated_at !== null,
        };
      }),
    );
  }

  /** Atomic: of two officers claiming at once, exactly one wins. Claiming a case you hold changes nothing. */
  async claim(user: AuthUser, id: string): Promise<Assignment> {
    const { app, def } = await this.openCase(user, id);
    if (!isSupervisor(user) && !mayHold(officerRoles(user), def, app.state)) {
      throw new DomainError('forbidden', 'not-in-your-queue', `Your roles do not work on cases in state "${app.state}"`, {
        state: app.state,
        roles: [...officerRolesFor(def, app.state)],
      });
    }
    if (app.assigneeId === user.id) return assignmentOf(app);
    if (app.assigneeId !== null) throw alreadyClaimed(app);
    return this.setAssignee(user, app, user.id, 'claimed');
  }

  /** The holder gives a case back to the queue; a supervisor may release any case of the agency. */
  async release(user: AuthUser, id: string): Promise<Assignment> {
    const { app } = await this.openCase(user, id);
    if (app.assigneeId === null || (app.assigneeId !== user.id && !isSupervisor(user))) {
      throw new DomainError('conflict', 'not-your-case', 'You can only release a case assigned to you', {
        assigneeId: app.assigneeId,
        currentVersion: app.version,
      });
    }
    return this.setAssignee(user, app, null, 'released');
  }

  /**
   * A supervisor reassigns many cases in one request: each is assigned on its own (its own guarded
   * write and audit event, the reason as its comment), and each answers for itself, a refusal as
   * the problem the single assignment would have given.
   */
  async bulkAssign(user: AuthUser, ids: string[], assigneeId: string, reason: string): Promise<BulkAssignResult> {
    const results: BulkAssignItem[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        results.push({ id, ok: true, assignment: await this.assign(user, id, assigneeId, reason), problem: null });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        results.push({ id, ok: false, assignment: null, problem: { status: STATUS_BY_KIND[e.kind], code: e.code, detail: e.message } });
      }
    }
    return { assigned: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
  }

  /**
   * The agency's open cases counted by permit type and state (with how many are warned, breached,
   * escalated, unassigned), and each staff member's workload: the supervisor board.
   */
  async board(user: AuthUser): Promise<SupervisorBoard> {
    const [rows, load] = await Promise.all([this.boardCounts.counts(user.agency), this.boardCounts.load(user.agency)]);
    const staff = await this.users.findStaff(user.agency ?? '');
    const byId = new Map(load.map((l) => [l.assignee_id, l]));
    const counts: BoardCount[] = [];
    for (const r of rows) {
      const def = r.permit_type_version === null ? null : (await this.catalogue.version(r.permit_type_code, r.permit_type_version)).definition;
      counts.push({
        permitType: r.permit_type_code,
        state: r.state,
        stateLabel: def?.states[r.state]?.label ?? null,
        open: r.open,
        warned: r.warned,
        breached: r.breached,
        escalated: r.escalated,
        unassigned: r.unassigned,
      });
    }
    const workload: BoardWorkload[] = staff.map((s) => {
      const l = byId.get(s.id);
      return { id: s.id, name: s.name, roles: s.roles, open: l?.open ?? 0, warned: l?.warned ?? 0, breached: l?.breached ?? 0, escalated: l?.escalated ?? 0 };
    });
    return { counts, workload };
  }

  /** The start of the local day N working days before today, in the agency's calendar: "no action since". */
  private async idleSince(agency: string, workingDays: number): Promise<Date> {
    const timing = await this.timing.ofAgency(agency);
    const cal = await this.calendars.get(timing.calendar);
    let day = cal.localDate(this.clock.now());
    for (let n = 0; n < workingDays; ) {
      const d = new Date(`${day}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() - 1);
      day = d.toISOString().slice(0, 10);
      if (cal.isWorkingDay(day)) n++;
    }
    return cal.startOfLocalDay(day);
  }

  /** A supervisor assigns a case to a staff member of the agency who may work on its state. */
  async assign(user: AuthUser, id: string, assigneeId: string, reason?: string): Promise<Assignment> {
    const { app, def } = await this.openCase(user, id);
    const staff = (await this.users.findStaff(user.agency ?? '')).find((s) => s.id === assigneeId);
    if (!staff) {
      throw new DomainError('unprocessable', 'unknown-assignee', 'The assignee must be an active staff member of your agency', {
        errors: [{ field: 'assigneeId', message: 'not a staff member of this agency' }],
      });
    }
    if (!mayHold(staff.roles, def, app.state)) {
      throw new DomainError('unprocessable', 'assignee-cannot-act', `${staff.name} has no role that works on cases in state "${app.state}"`, {
        errors: [{ field: 'assigneeId', message: `needs one of: ${[...officerRolesFor(def, app.state), 'supervisor'].join(', ')}` }],
      });
    }
    if (app.assigneeId === assigneeId) return assignmentOf(app);
    return this.setAssignee(user, app, assigneeId, 'assigned', reason);
  }

  private async openCase(user: AuthUser, id: string): Promise<{ app: ApplicationEntity; def: PermitTypeDefinition }> {
    const app = await this.reader.load(user, id);
    if (!app.isOpen() || app.agencyCode !== user.agency) {
      throw new DomainError('conflict', 'not-open', 'Only an open case of your agency can be claimed, released or assigned', {
        caseStatus: app.status,
      });
    }
    return { app, def: (await this.reader.permitType(app)).definition };
  }

  /**
   * Compare-and-set on the assignee the caller saw (and the state it was in), so the audit's
   * `before` is exact and a concurrent change answers 409 instead of being overwritten.
   */
  private async setAssignee(user: AuthUser, app: ApplicationEntity, to: string | null, kind: AssignmentKind, reason?: string): Promise<Assignment> {
    const now = this.clock.now();
    const from = app.assigneeId;
    const outcome = await this.db.transaction(async (m) => {
      const written = await this.cases.setAssignee(m, { id: app.id, state: app.state, from, to }, now);
      if (!written) return null;
      await this.audit.append(m, caseEvent(app.id, {
        actor: { id: user.id, role: isSupervisor(user) ? 'supervisor' : (officerRoles(user)[0] ?? 'staff') },
        ...(reason?.trim() ? { comment: reason.trim() } : {}),
        action: kind,
        before: { assigneeId: from, version: app.version },
        after: { assigneeId: to, version: written.version },
        data: { state: app.state },
        at: now,
      }));
      return { id: app.id, state: written.state, assigneeId: to, assignedAt: to === null ? null : now.toISOString(), version: written.version };
    });
    if (outcome) {
      this.caseEvents.publish({ id: app.id, agency: app.agencyCode, kind });
      return outcome;
    }
    // someone changed the case between our read and our write: say what it is now
    const current = await this.reader.byId(app.id);
    if (!current) throw caseNotFound(app.id);
    if (kind === 'claimed' && current.isOpen() && current.state === app.state && current.assigneeId === user.id) return assignmentOf(current);
    if (kind === 'claimed' && current.assigneeId !== null) throw alreadyClaimed(current);
    throw new DomainError('conflict', 'case-changed', 'The case changed while you were assigning it; read it again', {
      state: current.state,
      assigneeId: current.assigneeId,
      currentVersion: current.version,
    });
  }
}

const assignmentOf = (a: ApplicationEntity): Assignment => ({
  id: a.id,
  state: a.state,
  assigneeId: a.assigneeId,
  assignedAt: a.assignedAt?.toISOString() ?? null,
  version: a.version,
});

const alreadyClaimed = (a: ApplicationEntity): DomainError =>
  new DomainError('conflict', 'already-claimed', 'Someone else has already claimed this case', {
    assigneeId: a.assigneeId,
    currentVersion: a.version,
  });
