import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntry, AuditService } from '@tenggat/audit';
import { AuthUser, isSupervisor, UsersService } from '@tenggat/identity';
import { Clock, DomainError } from '@tenggat/platform';
import { ClockWriteBatch, TimerQueue, TimerRequest } from '@tenggat/sla';
import {
  ActionError,
  ActionErrorCode,
  applyAction,
  clockStopped,
  deemedApproval,
  listActions,
  noticeRecord,
  PermitTypeDefinition,
  TransitionSuccess,
  timeoutTransition,
  transitionOf,
} from '@tenggat/workflow';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationEntity, CaseOutcome } from './application.entity';
import { ActionDto } from './applications.dto';
import { CaseRepository } from './case.repository';
import { DecisionRollupRepository } from './decision-rollup.repository';
import { DocumentRepository } from './document.repository';
import { readOnly, staleVersion } from './case-errors';
import { CaseEffects } from './case-effects';
import { caseEvent } from './case-event';
import { CaseEvents } from './case-events';
import { CaseReader, LoadedCase } from './case-reader';
import { AvailableAction, heldByOther, mayHold, withClaims } from './case-roles';
import { CaseView } from './case-views';
import { PermitIssuer } from './permit-issuer';
import { WrittenCase } from './written-case';

const KIND_BY_ACTION_ERROR: Record<ActionErrorCode, DomainError['kind']> = {
  UNKNOWN_ACTION: 'unprocessable',
  WRONG_STATE: 'conflict',
  CASE_CLOSED: 'conflict',
  FORBIDDEN_ROLE: 'forbidden',
  MISSING_REQUIREMENT: 'unprocessable',
  INVALID_DOCUMENTS: 'unprocessable',
  DEFICIENCY_CAP_REACHED: 'conflict',
  FEE_UNPAID: 'conflict',
  DOCUMENTS_NOT_REPLACED: 'unprocessable',
};

const FIELD_MESSAGES: Record<string, string> = {
  comment: 'a comment is required for this action',
  missingDocuments: 'name the missing documents (requirement codes)',
  feePaid: 'the fee must be paid or waived first',
};

/** The body fields a refused action names (a missing comment or list of documents, unknown documents), as problem `errors`. */
export function fieldErrorsOf(error: ActionError): { errors?: { field: string; message: string }[] } {
  if ((error.code === 'MISSING_REQUIREMENT' || error.code === 'FEE_UNPAID') && Array.isArray(error.details?.missing)) {
    const fields = error.details.missing.filter((f): f is string => typeof f === 'string');
    return { errors: fields.map((field) => ({ field, message: FIELD_MESSAGES[field] ?? `${field} is required` })) };
  }
  if (error.code === 'INVALID_DOCUMENTS') return { errors: [{ field: 'missingDocuments', message: error.message }] };
  if (error.code === 'DOCUMENTS_NOT_REPLACED' && Array.isArray(error.details?.missingDocuments)) {
    const missing = error.details.missingDocuments as { code: string; name: string }[];
    return { errors: missing.map((m) => ({ field: `documents.${m.code}`, message: `${m.name}: upload it anew (the deficiency notice asked for it)` })) };
  }
  return {};
}

export interface TransitionActor {
  id: string | null;
  role: string;
}

export interface AvailableActions {
  state: string;
  version: number;
  assigneeId: string | null;
  actions: AvailableAction[];
}

/** The audit entry of a transition (one case's, or each of a batch's): the one shape of it. */
function transitionEntry(
  app: ApplicationEntity,
  t: TransitionSuccess,
  actor: TransitionActor,
  expectedVersion: number,
  input: { comment: string | null; deemed?: boolean },
  w: { outcome: CaseOutcome | null; unassign: boolean; missingDocuments: readonly string[]; permitNumber?: string },
  now: Date,
): AuditEntry {
  return caseEvent(app.id, {
    actor,
    action: t.action,
    before: { state: t.from, version: expectedVersion, ...(w.unassign ? { assigneeId: app.assigneeId } : {}) },
    after: { state: t.to, version: expectedVersion + 1, ...(w.outcome ? { outcome: w.outcome } : {}), ...(w.unassign ? { assigneeId: null } : {}) },
    comment: input.comment,
    data: {
      effects: t.effects.map((e) => `${e.kind}${'op' in e ? `:${e.op}` : ''}`),
      ...(w.missingDocuments.length ? { missingDocuments: [...w.missingDocuments] } : {}),
      ...(input.deemed ? { deemedApproval: true } : {}),
      ...(w.permitNumber ? { permitNumber: w.permitNumber } : {}),
    },
    at: now,
  });
}

/** A month: the slack kept below a known event's time when looking up a case stream's last link. */
const HEAD_SLACK_MS = 31 * 86_400_000;

const DEEMED_REASON = 'statutory processing time exceeded: approved by law (deemed approval)';
/** Deemed approvals per transaction in a batch. */
const DEEMED_CHUNK = 100;

/** Officers' and applicants' actions on a case, and the system's own (timeouts, breaches). */
@Injectable()
export class CaseActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly reader: CaseReader,
    private readonly effects: CaseEffects,
    private readonly permits: PermitIssuer,
    private readonly timers: TimerQueue,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly caseEvents: CaseEvents,
    private readonly rollups: DecisionRollupRepository,
    private readonly documents: DocumentRepository,
  ) {}

  async available(user: AuthUser, id: string): Promise<AvailableActions> {
    const app = await this.reader.load(user, id);
    const def = (await this.reader.permitType(app)).definition;
    const options = app.isOpen() ? listActions(def, app.machineState(), this.reader.actorOf(user, app)) : [];
    const actions = withClaims(user, app, options);
    return { state: app.state, version: app.version, assigneeId: app.assigneeId, actions };
  }

  /**
   * Checks the definition, applies the state machine, and writes the new state, the audit
   * event and the clock effects in one transaction guarded by the case version.
   */
  async act(user: AuthUser, id: string, dto: ActionDto, expectedVersion: number | undefined): Promise<CaseView> {
    if (user.roles.includes('ombudsman')) throw readOnly();
    // the case with its clocks, documents and permit: one read; the answer is built from it and from what the transaction writes
    const loaded = await this.reader.loadWhole(user, id);
    const app = loaded.app;
    if (app.isDraft()) throw new DomainError('conflict', 'not-submitted', 'Submit the application before acting on it');
    if (expectedVersion === undefined) {
      throw new DomainError('invalid', 'version-required', 'Send the case version in If-Match or expectedVersion', {
        errors: [{ field: 'expectedVersion', message: 'required (or an If-Match header)' }],
      });
    }
    if (Number.isNaN(expectedVersion)) throw new DomainError('invalid', 'bad-if-match', 'If-Match must be the case version number');
    if (expectedVersion !== app.version) throw staleVersion(app.version);
    const def = (await this.reader.permitType(app)).definition;
    // while the clock is stopped, what the deficiency notice asked for must have been uploaded anew
    const current = clockStopped(def, app.state) ? loaded.documents : undefined;
    const result = applyAction(def, app.machineState(current?.map((d) => ({ id: d.id, requirement: d.requirementCode }))), this.reader.actorOf(user, app), dto);
    if (!result.ok) {
      throw new DomainError(KIND_BY_ACTION_ERROR[result.error.code], result.error.code.toLowerCase().replace(/_/g, '-'), result.error.message, {
        ...(result.error.details ?? {}),
        ...fieldErrorsOf(result.error),
        state: app.state,
        currentVersion: app.version,
      });
    }
    const role = this.actingRole(user, app, def, result);
    const transitionRoles = transitionOf(def, result.action, result.from)?.roles ?? [];
    if (heldByOther(user, app, transitionRoles)) {
      throw new DomainError('conflict', 'claimed-by-other', 'A colleague has claimed this case; ask them or a supervisor to release it', {
        assigneeId: app.assigneeId,
        state: app.state,
        currentVersion: app.version,
      });
    }
    const written = await this.transitionOf(user, loaded, def, result, { id: user.id, role }, expectedVersion, { comment: dto.comment?.trim() || null });
    return this.reader.viewOf(user, written);
  }

  /** The response window lapsed: apply the definition's outcome as the system. */
  async responseTimeout(applicationId: string, state: string): Promise<boolean> {
    const app = await this.reader.byId(applicationId);
    if (!app || !app.isOpen() || app.state !== state) return false;
    const def = (await this.reader.permitType(app)).definition;
    const t = timeoutTransition(def, state);
    if (!t) return false;
    return this.systemTransition(app, def, t, 'the applicant did not answer the deficiency notice in time');
  }

  /** Fiktif positif: approve by law as the system, mark the permit deemed, supervise after issue. */
  async deemApprove(applicationId: string): Promise<boolean> {
    const app = await this.reader.byId(applicationId);
    if (!app || !app.isOpen()) return false;
    const def = (await this.reader.permitType(app)).definition;
    const t = deemedApproval(def, app.machineState());
    if (!t.ok) return false;
    return this.systemTransition(app, def, t, DEEMED_REASON, true);
  }

  /**
   * Fiktif positif for a batch of cases (a deadline cliff): `DEEMED_CHUNK` cases per transaction,
   * each with the same guarded transition, clock effects and audit entry as `deemApprove`, their
   * audit events in one INSERT and their permits issued together (PermitIssuer.issueMany: the
   * permit numbers reserved at once). A case someone acted on meanwhile (a 409) is left alone,
   * the rest of its chunk goes on. Answers the number approved.
   */
  async deemApproveMany(ids: readonly string[]): Promise<number> {
    let approved = 0;
    for (let i = 0; i < ids.length; i += DEEMED_CHUNK) approved += await this.deemApproveChunk(ids.slice(i, i + DEEMED_CHUNK));
    return approved;
  }

  private async deemApproveChunk(ids: readonly string[]): Promise<number> {
    const actor: TransitionActor = { id: null, role: 'system' };
    const work: { app: ApplicationEntity; def: PermitTypeDefinition; t: TransitionSuccess; unassign: boolean }[] = [];
    // in the order of their ids: two chunks (or a chunk and a flag batch) lock case rows in one order
    for (const app of (await this.cases.byIds(this.db.manager, ids)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (!app.isOpen()) continue;
      const def = (await this.reader.permitType(app)).definition;
      const t = deemedApproval(def, app.machineState());
      if (!t.ok) continue;
      const unassign = app.assigneeId !== null && (await this.assigneeAfter(app, def, t.to)) === null;
      work.push({ app, def, t, unassign });
    }
    if (work.length === 0) return 0;
    const now = this.clock.now();
    const timers: TimerRequest[] = [];
    const done: ApplicationEntity[] = [];
    // the chunk's clocks read at once; their steps computed per case, written in one statement
    // (each guarded by the epoch it was read at: a clock changed meanwhile fails the chunk, whose
    // cases are then approved one by one)
    const batch = new ClockWriteBatch(this.db, work[0].app.id, await this.effects.clocksOf(work.map((w) => w.app.id)));
    await this.db.transaction(async (m) => {
      const moved: { app: ApplicationEntity; def: PermitTypeDefinition; t: TransitionSuccess; unassign: boolean }[] = [];
      for (const { app, def, t, unassign } of work) {
        try {
          await this.cases.transition(m, { id: app.id, expectedVersion: app.version, from: t.from, to: t.to, deficiencyNotice: null, outcome: 'approved', deemed: true, unassign }, now);
        } catch (e) {
          if (e instanceof DomainError && (e.kind === 'conflict' || e.kind === 'not-found')) continue; // someone acted first
          throw e;
        }
        timers.push(...(await this.effects.plan(batch, m, app, def, t.effects, now, actor, DEEMED_REASON)));
        moved.push({ app, def, t, unassign });
        done.push(app);
      }
      await this.effects.write(m, batch);
      await this.effects.refreshDeadlinesOf(m, done.map((a) => a.id));
      // as for one case: the roll-ups after the clocks finished, the permits before the events that name them
      await this.rollups.record(m, done.map((a) => a.id));
      const permits = await this.permits.issueMany(m, moved, now, { deemed: true, comment: DEEMED_REASON, actor });
      await this.audit.appendMany(
        m,
        moved.map(({ app, t, unassign }, i) =>
          transitionEntry(app, t, actor, app.version, { comment: DEEMED_REASON, deemed: true }, { outcome: 'approved', unassign, missingDocuments: [], permitNumber: permits[i].permitNumber }, now),
        ),
        // each stream holds its submission: its last link is not older than that (less a month of slack)
        { notBefore: new Map(moved.filter(({ app }) => app.submittedAt).map(({ app }) => [`case:${app.id}`, new Date((app.submittedAt as Date).getTime() - HEAD_SLACK_MS)])) },
      );
    });
    await this.timers.arm(timers);
    for (const app of done) this.caseEvents.publish({ id: app.id, agency: app.agencyCode, kind: 'action' });
    return done.length;
  }

  /** Escalation: the case goes to the agency's supervisors and to the top of their queue. */
  async escalate(m: EntityManager, app: ApplicationEntity, at: Date): Promise<void> {
    const supervisors = await this.users.findSupervisors(app.agencyCode, m);
    const to = supervisors[0]?.id ?? null;
    // already escalated, or closed meanwhile: nothing to record
    if (!(await this.cases.escalate(m, app.id, to, at))) return;
    await this.audit.append(m, caseEvent(app.id, {
      actor: { id: null, role: 'system' },
      action: 'escalated',
      before: { assigneeId: app.assigneeId },
      after: { assigneeId: to, supervisors: supervisors.map((s) => s.id) },
      at,
    }));
  }

  /**
   * Escalation of a batch of breached cases, inside the caller's transaction (which holds their
   * audit streams' locks): one guarded UPDATE for all of them. Cases already escalated or closed
   * are left alone. Answers the audit entries of those escalated, for the caller to append with
   * the rest of its batch (one INSERT).
   */
  async escalateMany(m: EntityManager, apps: readonly Pick<ApplicationEntity, 'id' | 'agencyCode'>[], at: Date): Promise<AuditEntry[]> {
    if (apps.length === 0) return [];
    const supervisorsOf = new Map<string, { id: string }[]>();
    for (const agency of new Set(apps.map((a) => a.agencyCode))) supervisorsOf.set(agency, await this.users.findSupervisors(agency, m));
    const done = await this.cases.escalateMany(
      m,
      apps.map((a) => ({ id: a.id, to: supervisorsOf.get(a.agencyCode)?.[0]?.id ?? null })),
      at,
    );
    const agencyOf = new Map(apps.map((a) => [a.id, a.agencyCode]));
    return done.map((d) =>
      caseEvent(d.id, {
        actor: { id: null, role: 'system' },
        action: 'escalated',
        before: { assigneeId: d.before },
        after: { assigneeId: d.to, supervisors: (supervisorsOf.get(agencyOf.get(d.id) ?? '') ?? []).map((s) => s.id) },
        at,
      }),
    );
  }

  private async systemTransition(app: ApplicationEntity, def: PermitTypeDefinition, t: TransitionSuccess, reason: string, deemed = false): Promise<boolean> {
    try {
      await this.transition(app, def, t, { id: null, role: 'system' }, app.version, { comment: reason, deemed });
      return true;
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'conflict') return false; // someone acted first
      throw e;
    }
  }

  private async transition(
    app: ApplicationEntity,
    def: PermitTypeDefinition,
    t: TransitionSuccess,
    actor: TransitionActor,
    expectedVersion: number,
    input: { comment: string | null; deemed?: boolean },
  ): Promise<void> {
    const now = this.clock.now();
    const decision = t.effects.find((e) => e.kind === 'decision');
    const deficiency = t.effects.find((e) => e.kind === 'deficiency-notice');
    const outcome: CaseOutcome | null = decision?.kind === 'decision' ? decision.outcome : null;
    const missingDocuments = deficiency?.kind === 'deficiency-notice' ? deficiency.missingDocuments : [];
    // a case moving to a state its holder does not work on goes back to the queue
    const assignee = await this.assigneeAfter(app, def, t.to);
    const unassign = app.assigneeId !== null && assignee === null;
    let timers: TimerRequest[] = [];
    await this.db.transaction(async (m) => {
      // the notice keeps the document each named requirement has now: the answer is a new upload
      const notice = deficiency ? noticeRecord(missingDocuments, (await this.documents.currentOf(app.id, m)).map((d) => ({ id: d.id, requirement: d.requirementCode })), now) : null;
      await this.cases.transition(m, { id: app.id, expectedVersion, from: t.from, to: t.to, deficiencyNotice: notice, outcome, deemed: input.deemed === true, unassign }, now);
      timers = await this.effects.apply(m, app, def, t.effects, now, actor, input.comment);
      // the decision's figures join their month's roll-up in the same transaction (after the clocks finished)
      if (outcome) await this.rollups.record(m, [app.id]);
      // issued before the event is recorded, so the event (and its notifications) name the permit
      const permit = outcome === 'approved' ? await this.permits.issue(m, app, def, now, { deemed: input.deemed === true, comment: input.comment, actor }) : null;
      await this.audit.append(m, transitionEntry(app, t, actor, expectedVersion, input, { outcome, unassign, missingDocuments, permitNumber: permit?.permitNumber }, now));
    });
    await this.timers.arm(timers);
    this.caseEvents.publish({ id: app.id, agency: app.agencyCode, kind: 'action' });
  }

  /**
   * `transition` for a person's action on a case loaded whole (`CaseReader.loadWhole`), in as
   * few statements as the same rules allow: the clock steps are computed before the transaction
   * from the clocks loaded (each write guarded by the epoch it read); inside it, the guarded
   * UPDATE of the case carries its new deadlines, the clock steps and events are one statement,
   * and the audit event and its outbox row are appended about the case as written (lock and
   * head, then one INSERT for both). Answers the case as the transaction left it.
   */
  private async transitionOf(
    user: AuthUser,
    loaded: LoadedCase,
    def: PermitTypeDefinition,
    t: TransitionSuccess,
    actor: TransitionActor,
    expectedVersion: number,
    input: { comment: string | null },
  ): Promise<LoadedCase> {
    const app = loaded.app;
    const now = this.clock.now();
    const decision = t.effects.find((e) => e.kind === 'decision');
    const deficiency = t.effects.find((e) => e.kind === 'deficiency-notice');
    const outcome: CaseOutcome | null = decision?.kind === 'decision' ? decision.outcome : null;
    const missingDocuments = deficiency?.kind === 'deficiency-notice' ? deficiency.missingDocuments : [];
    const assignee = app.assigneeId === user.id ? this.actorHolds(user, app, def, t.to) : await this.assigneeAfter(app, def, t.to);
    const unassign = app.assigneeId !== null && assignee === null;
    const batch = new ClockWriteBatch(this.db, app.id, loaded.clocks);
    const timers = await this.effects.plan(batch, this.db.manager, app, def, t.effects, now, actor, input.comment);
    const written = await this.db.transaction(async (m): Promise<LoadedCase> => {
      const notice = deficiency ? noticeRecord(missingDocuments, (await this.documents.currentOf(app.id, m)).map((d) => ({ id: d.id, requirement: d.requirementCode })), now) : null;
      const w = { id: app.id, expectedVersion, from: t.from, to: t.to, deficiencyNotice: notice, outcome, deemed: false, unassign };
      const event = caseEvent(app.id, {
        actor,
        action: t.action,
        before: { state: t.from, version: expectedVersion, ...(unassign ? { assigneeId: app.assigneeId } : {}) },
        after: { state: t.to, version: expectedVersion + 1, ...(outcome ? { outcome } : {}), ...(unassign ? { assigneeId: null } : {}) },
        comment: input.comment,
        data: {},
        at: now,
      });
      // the case's audit stream is locked with the case row (after it, as every append does), so the head read later is exact
      const updated = await this.cases.transitionReturning(
        m,
        w,
        now,
        (s) => this.effects.deadlinesAfter(s, batch),
        (s) => this.audit.streamLockSql(s, event.stream),
      );
      const clocks = (await this.effects.write(m, batch)) ?? loaded.clocks;
      if (outcome) await this.rollups.record(m, [app.id]);
      const permit = outcome === 'approved' ? await this.permits.issue(m, app, def, now, { deemed: false, comment: input.comment, actor }) : loaded.permit;
      const data = {
        effects: t.effects.map((e) => `${e.kind}${'op' in e ? `:${e.op}` : ''}`),
        ...(missingDocuments.length ? { missingDocuments } : {}),
        ...(outcome === 'approved' && permit ? { permitNumber: permit.permitNumber } : {}),
      };
      await this.audit.appendAbout(m, { ...event, data }, new WrittenCase(updated, clocks), {
        lockedEarlier: true,
        // the stream holds the submission: its head is not older than that (less a month of slack)
        notBefore: app.submittedAt ? new Date(app.submittedAt.getTime() - HEAD_SLACK_MS) : undefined,
      });
      return { app: updated, clocks, documents: loaded.documents, permit };
    });
    await this.timers.arm(timers);
    this.caseEvents.publish({ id: app.id, agency: app.agencyCode, kind: 'action' });
    return written;
  }

  /** `assigneeAfter` when the holder is the acting user (read by the guard in this request): no read. */
  private actorHolds(user: AuthUser, app: ApplicationEntity, def: PermitTypeDefinition, to: string): string | null {
    return user.agency === app.agencyCode && mayHold(user.roles, def, to) ? user.id : null;
  }

  /** Who holds the case once it is in `to`: the holder while they may work on it there, else nobody. */
  private async assigneeAfter(app: ApplicationEntity, def: PermitTypeDefinition, to: string): Promise<string | null> {
    if (app.assigneeId === null) return null;
    const holder = await this.users.findById(app.assigneeId);
    if (!holder || !holder.active || holder.agencyCode !== app.agencyCode) return null;
    return mayHold(holder.roles, def, to) ? holder.id : null;
  }

  /** The role under which the actor took the transition (for the record). */
  private actingRole(user: AuthUser, app: ApplicationEntity, def: PermitTypeDefinition, t: TransitionSuccess): string {
    const allowed = transitionOf(def, t.action, t.from)?.roles ?? [];
    if (user.id === app.applicantId && allowed.includes('applicant')) return 'applicant';
    return user.roles.find((r) => allowed.includes(r)) ?? (isSupervisor(user) ? 'supervisor' : (user.roles[0] ?? 'unknown'));
  }
}
