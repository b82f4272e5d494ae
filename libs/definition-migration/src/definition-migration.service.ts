import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationEntity, CaseEffects, caseEvent, CaseRepository, clockUnitOf } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { CatalogueService, PinnedPermitType } from '@tenggat/catalogue';
import { AuthUser, isAdmin } from '@tenggat/identity';
import { Clock, DomainError } from '@tenggat/platform';
import { ClockActor, ClockEntity, ClockOwner, ClockRepository, ClockService, TimerQueue, TimerRequest } from '@tenggat/sla';
import { DataSource, EntityManager } from 'typeorm';
import {
  ApplyMigrationDto,
  ApplyView,
  CreateMigrationPlanDto,
  DryRunCaseView,
  DryRunView,
  MigrationPlanView,
  MigrationResultsView,
  MigrationResultView,
  TimerView,
} from './definition-migration.dto';
import { ClockChange, MigrationPlanEntity, MigrationResultEntity } from './migration.entities';
import { MigrationRepository } from './migration.repository';
import { CaseSnapshot, ClockStep, DAY_MS, decideMove, effectiveMap, MoveDecision, planFaults } from './migration-rules';

const DEFAULT_BATCH = 50;
const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const planNotFound = (id: string): DomainError => new DomainError('not-found', 'migration-plan-not-found', `Migration plan ${id} was not found`);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const days = (ms: number): number => Math.round((ms / DAY_MS) * 1000) / 1000;

/** One case as a plan sees it: the decision, and what it does to each clock. */
interface Evaluation {
  app: ApplicationEntity;
  decision: MoveDecision;
  clocks: ClockChange[];
  timers: TimerView[];
}

/**
 * Definition migration: moves open cases of a permit type from one published version to a newer
 * one, deliberately, with a plan and a record. A plan names the versions, a state map (identity
 * where names match) and which cases; a dry run shows per case the new state, the clocks' new
 * deadlines and the timers to arm, or why it cannot move; applying moves each case in its own
 * transaction guarded by its version, state and permit-type version, writes an audit event naming
 * the plan and a result line, and arms the timers after commit (through the TimerQueue port).
 * Re-applying a finished plan changes nothing: moved cases are no longer on the from-version.
 */
@Injectable()
export class DefinitionMigrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: MigrationRepository,
    private readonly catalogue: CatalogueService,
    private readonly cases: CaseRepository,
    private readonly effects: CaseEffects,
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly timers: TimerQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, code: string, dto: CreateMigrationPlanDto): Promise<MigrationPlanView> {
    await this.catalogue.current(code); // 404 for an unknown permit type
    if (dto.toVersion <= dto.fromVersion) {
      throw new DomainError('unprocessable', 'to-version-not-newer', 'toVersion must be newer than fromVersion', {
        errors: [{ field: 'toVersion', message: 'must be greater than fromVersion' }],
      });
    }
    const from = await this.versionOrFault(code, dto.fromVersion, 'fromVersion');
    const to = await this.versionOrFault(code, dto.toVersion, 'toVersion');
    const stateMap = dto.stateMap ?? {};
    const bad = Object.entries(stateMap as Record<string, unknown>).filter(([k, v]) => !SLUG.test(k) || typeof v !== 'string' || !SLUG.test(v));
    if (bad.length) {
      throw new DomainError('invalid', 'invalid-state-map', 'stateMap maps state names to state names', {
        errors: bad.map(([k]) => ({ field: `stateMap.${k}`, message: 'keys and values must be state names' })),
      });
    }
    const faults = planFaults(from.definition, to.definition, stateMap);
    for (const s of dto.filter?.states ?? []) if (!from.definition.states[s]) faults.push({ field: 'filter.states', message: `${s} is not a state of the from-version` });
    if (faults.length) throw new DomainError('unprocessable', 'invalid-migration-plan', 'The plan does not fit the two versions', { errors: faults });
    const at = this.clock.now();
    const filter = { ...(dto.filter?.states?.length ? { states: dto.filter.states } : {}), ...(dto.filter?.caseIds?.length ? { caseIds: dto.filter.caseIds } : {}) };
    const plan = await this.db.transaction(async (m) => {
      const saved = await this.repo.insertPlan(m, {
          permitTypeCode: code,
          fromVersion: dto.fromVersion,
          toVersion: dto.toVersion,
          stateMap,
          filter,
          reason: dto.reason?.trim() || null,
          status: 'planned',
          createdBy: user.id,
          createdAt: at,
        appliedAt: null,
      });
      await this.audit.append(m, {
        stream: 'config',
        actorId: user.id,
        actorRole: 'admin',
        action: 'permit-type.migration.planned',
        entityType: 'permit-type-migration',
        entityId: saved.id,
        after: { permitType: code, fromVersion: dto.fromVersion, toVersion: dto.toVersion, stateMap, filter },
        comment: saved.reason,
        at,
      });
      return saved;
    });
    return this.view(plan, from, to);
  }

  async list(user: AuthUser, code: string): Promise<MigrationPlanView[]> {
    await this.mayRead(user, code);
    const plans = await this.repo.plansOf(code);
    return Promise.all(plans.map(async (p) => this.view(p, await this.catalogue.version(code, p.fromVersion), await this.catalogue.version(code, p.toVersion))));
  }

  async get(user: AuthUser, code: string, id: string): Promise<MigrationPlanView> {
    const { plan, from, to } = await this.load(user, code, id);
    return this.view(plan, from, to);
  }

  async results(user: AuthUser, code: string, id: string): Promise<MigrationResultsView> {
    const { plan, from, to } = await this.load(user, code, id);
    return { plan: await this.view(plan, from, to), results: (await this.repo.results(plan.id)).map(resultView) };
  }

  /** What applying the plan now would do, case by case; writes nothing. */
  async dryRun(user: AuthUser, code: string, id: string): Promise<DryRunView> {
    const { plan, from, to } = await this.load(user, code, id);
    const at = this.clock.now();
    const cases: DryRunCaseView[] = [];
    await this.eachBatch(plan, DEFAULT_BATCH, async (batch) => {
      for (const app of batch) {
        const e = await this.evaluate(plan, from, to, app, await this.clockRows.ofCase(app.id), at);
        cases.push({
          caseId: app.id,
          reference: app.reference,
          state: app.state,
          newState: e.decision.ok ? e.decision.to : null,
          canMove: e.decision.ok,
          ...(e.decision.ok ? { statutoryRule: e.decision.statutory } : { reason: e.decision.reason, message: e.decision.message }),
          clocks: e.clocks,
          timers: e.timers,
        });
      }
    });
    const canMove = cases.filter((c) => c.canMove).length;
    return { plan: await this.view(plan, from, to), at: at.toISOString(), canMove, cannotMove: cases.length - canMove, cases };
  }

  /** Moves every case of the plan that can move, batch by batch, each in its own guarded transaction. */
  async apply(user: AuthUser, code: string, id: string, dto: ApplyMigrationDto): Promise<ApplyView> {
    const { plan, from, to } = await this.load(user, code, id);
    const actor: ClockActor = { id: user.id, role: 'admin' };
    const results: MigrationResultEntity[] = [];
    const batches = await this.eachBatch(plan, dto.batchSize ?? DEFAULT_BATCH, async (batch) => {
      for (const app of batch) results.push(await this.moveOne(plan, from, to, app, actor));
    });
    const at = this.clock.now();
    await this.repo.markApplied(plan.id, at);
    const count = (o: MigrationResultEntity['outcome']): number => results.filter((r) => r.outcome === o).length;
    await this.db.transaction(async (m) =>
      this.audit.append(m, {
        stream: 'config',
        actorId: user.id,
        actorRole: 'admin',
        action: 'permit-type.migration.applied',
        entityType: 'permit-type-migration',
        entityId: plan.id,
        data: { permitType: code, fromVersion: plan.fromVersion, toVersion: plan.toVersion, moved: count('moved'), blocked: count('blocked'), failed: count('failed') },
        at,
      }),
    );
    const fresh = (await this.repo.plan(code, plan.id)) ?? plan;
    return {
      plan: await this.view(fresh, from, to),
      moved: count('moved'),
      blocked: count('blocked'),
      failed: count('failed'),
      batches,
      results: results.map(resultView),
    };
  }

  // ---- one case ---------------------------------------------------------------------------

  private async moveOne(plan: MigrationPlanEntity, from: PinnedPermitType, to: PinnedPermitType, app: ApplicationEntity, actor: ClockActor): Promise<MigrationResultEntity> {
    const at = this.clock.now();
    const e = await this.evaluate(plan, from, to, app, await this.clockRows.ofCase(app.id), at);
    const base = { planId: plan.id, applicationId: app.id, reference: app.reference, fromState: app.state, clocks: e.clocks, at };
    if (!e.decision.ok) {
      const blocked: MigrationResultEntity = { ...base, outcome: 'blocked', reason: e.decision.reason, message: e.decision.message, toState: null };
      await this.repo.recordResult(blocked);
      return blocked;
    }
    const d = e.decision;
    const moved: MigrationResultEntity = { ...base, outcome: 'moved', reason: null, message: null, toState: d.to };
    const reason = `definition migration ${plan.id}: ${plan.permitTypeCode} version ${plan.fromVersion} -> ${plan.toVersion}`;
    const timers: TimerRequest[] = [];
    try {
      await this.db.transaction(async (m) => {
        await this.cases.migrateVersion(m, { id: app.id, expectedVersion: app.version, fromVersion: plan.fromVersion, toVersion: plan.toVersion, from: app.state, to: d.to }, at);
        const rows = new Map((await this.clockRows.ofCase(app.id, m)).map((c) => [c.id, c]));
        const owner = await this.effects.owner(app, to.definition);
        for (const step of d.steps) timers.push(...(await this.carryOut(m, step, rows, owner, from, to, at, actor, reason)));
        await this.effects.refreshDeadlines(m, app.id);
        await this.audit.append(
          m,
          caseEvent(app.id, {
            actor,
            action: 'definition.migrated',
            before: { state: app.state, version: app.version, permitTypeVersion: plan.fromVersion },
            after: { state: d.to, version: app.version + 1, permitTypeVersion: plan.toVersion },
            comment: plan.reason,
            data: { plan: plan.id, statutoryRule: d.statutory, clocks: e.clocks.map((c) => `${c.kind}${c.state ? `:${c.state}` : ''}:${c.op}`) },
            at,
          }),
        );
        await this.repo.recordResult(moved, m);
      });
    } catch (err) {
      if (!(err instanceof DomainError) || (err.kind !== 'conflict' && err.kind !== 'not-found')) throw err;
      const failed: MigrationResultEntity = { ...base, outcome: 'failed', reason: err.code, message: `${err.message}; apply the plan again`, toState: null };
      await this.repo.recordResult(failed);
      return failed;
    }
    await this.timers.arm(timers);
    return moved;
  }

  private async carryOut(
    m: EntityManager,
    step: ClockStep,
    rows: ReadonlyMap<string, ClockEntity>,
    owner: ClockOwner,
    from: PinnedPermitType,
    to: PinnedPermitType,
    at: Date,
    actor: ClockActor,
    reason: string,
  ): Promise<TimerRequest[]> {
    switch (step.op) {
      case 'keep':
        return [];
      case 'start':
        return this.clocks.startWorkingDays(m, owner, 'state', step.state, step.workingDays, at, actor);
      case 'rebudget': {
        const c = rows.get(step.clockId);
        return c ? this.clocks.rebudget(m, c, step.budgetMs, at, actor, reason, to.definition.warningAt) : [];
      }
      case 'finish': {
        const c = rows.get(step.clockId);
        return c ? this.clocks.finish(m, c, at, actor, reason, clockUnitOf(from.definition, c.kind, c.stateName)) : [];
      }
    }
  }

  /** The decision for one case and, clock by clock, what it changes (deadlines computed, nothing written). */
  private async evaluate(plan: MigrationPlanEntity, from: PinnedPermitType, to: PinnedPermitType, app: ApplicationEntity, clocks: ClockEntity[], at: Date): Promise<Evaluation> {
    const snapshot: CaseSnapshot = {
      state: app.state,
      status: app.status,
      permitTypeVersion: app.permitTypeVersion,
      assigneeId: app.assigneeId,
      clocks: clocks.map((c) => ({ id: c.id, kind: c.kind, stateName: c.stateName, status: c.status, budgetMs: c.budgetMs, breached: c.breachedAt !== null })),
    };
    const decision = decideMove(from.definition, to.definition, plan.fromVersion, plan.stateMap, snapshot);
    if (!decision.ok) return { app, decision, clocks: [], timers: [] };
    const changes: ClockChange[] = [];
    const timers: TimerView[] = [];
    const share = to.definition.warningAt;
    const byId = new Map(clocks.map((c) => [c.id, c]));
    for (const step of decision.steps) {
      if (step.op === 'start') {
        const owner = await this.effects.owner(app, to.definition);
        const p = await this.clocks.previewStart(owner.calendarId, step.workingDays, at, share);
        changes.push({ kind: 'state', state: step.state, op: 'start', budgetWorkingDaysBefore: null, budgetWorkingDaysAfter: step.workingDays, deadlineBefore: null, deadlineAfter: iso(p.deadline) });
        if (p.warnAt) timers.push({ clock: 'state', state: step.state, kind: 'warning', dueAt: p.warnAt.toISOString() });
        if (p.deadline) timers.push({ clock: 'state', state: step.state, kind: 'deadline', dueAt: p.deadline.toISOString() });
        continue;
      }
      const c = byId.get(step.clockId);
      if (!c) continue;
      const before = { budgetWorkingDaysBefore: days(c.budgetMs), deadlineBefore: iso(c.deadlineAt) };
      if (step.op === 'keep') changes.push({ kind: c.kind, state: c.stateName, op: 'keep', ...before, budgetWorkingDaysAfter: days(c.budgetMs), deadlineAfter: iso(c.deadlineAt) });
      else if (step.op === 'finish') changes.push({ kind: c.kind, state: c.stateName, op: 'finish', ...before, budgetWorkingDaysAfter: null, deadlineAfter: null });
      else {
        const p = await this.clocks.previewBudget(c, step.budgetMs, at, share);
        changes.push({ kind: c.kind, state: c.stateName, op: 'rebudget', ...before, budgetWorkingDaysAfter: days(step.budgetMs), deadlineAfter: iso(p.deadline) });
        if (p.warnAt && !c.warnedAt) timers.push({ clock: c.kind, state: c.stateName, kind: 'warning', dueAt: p.warnAt.toISOString() });
        if (p.deadline && !c.breachedAt) timers.push({ clock: c.kind, state: c.stateName, kind: 'deadline', dueAt: p.deadline.toISOString() });
      }
    }
    return { app, decision, clocks: changes, timers };
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Calls `fn` with each batch of the plan's candidates (open, still on the from-version), by id; answers how many batches. */
  private async eachBatch(plan: MigrationPlanEntity, size: number, fn: (batch: ApplicationEntity[]) => Promise<void>): Promise<number> {
    let after: string | null = null;
    let batches = 0;
    for (;;) {
      const batch = await this.cases.openOnVersion({
        code: plan.permitTypeCode,
        version: plan.fromVersion,
        states: plan.filter.states,
        ids: plan.filter.caseIds,
        afterId: after,
        limit: size,
      });
      if (batch.length === 0) return batches;
      batches++;
      await fn(batch);
      after = batch[batch.length - 1].id;
    }
  }

  private async load(user: AuthUser, code: string, id: string): Promise<{ plan: MigrationPlanEntity; from: PinnedPermitType; to: PinnedPermitType }> {
    await this.mayRead(user, code);
    const plan = await this.repo.plan(code, id);
    if (!plan) throw planNotFound(id);
    return { plan, from: await this.catalogue.version(code, plan.fromVersion), to: await this.catalogue.version(code, plan.toVersion) };
  }

  /** Admins read every plan; a supervisor those of their agency's permit types. */
  private async mayRead(user: AuthUser, code: string): Promise<void> {
    const type = await this.catalogue.current(code);
    if (isAdmin(user)) return;
    if (user.agency !== type.definition.agency) {
      throw new DomainError('forbidden', 'other-agency', `Migration plans of ${code} are for the supervisors of ${type.definition.agency}`);
    }
  }

  private async versionOrFault(code: string, version: number, field: string): Promise<PinnedPermitType> {
    try {
      return await this.catalogue.version(code, version);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not-found') {
        throw new DomainError('unprocessable', 'unknown-version', `${code} has no version ${version}`, { errors: [{ field, message: `${code} has no version ${version}` }] });
      }
      throw e;
    }
  }

  private async view(plan: MigrationPlanEntity, from: PinnedPermitType, to: PinnedPermitType): Promise<MigrationPlanView> {
    return {
      id: plan.id,
      permitType: plan.permitTypeCode,
      fromVersion: plan.fromVersion,
      toVersion: plan.toVersion,
      stateMap: plan.stateMap,
      effectiveMap: effectiveMap(from.definition, to.definition, plan.stateMap),
      filter: plan.filter,
      reason: plan.reason,
      status: plan.status,
      processingTimePolicy: to.definition.openCases?.processingTime ?? 'keep',
      processingWorkingDaysFrom: from.definition.processingTime.workingDays,
      processingWorkingDaysTo: to.definition.processingTime.workingDays,
      createdBy: plan.createdBy,
      createdAt: plan.createdAt.toISOString(),
      appliedAt: iso(plan.appliedAt),
      results: await this.repo.counts(plan.id),
    };
  }
}

function resultView(r: MigrationResultEntity): MigrationResultView {
  return {
    caseId: r.applicationId,
    reference: r.reference,
    outcome: r.outcome,
    reason: r.reason,
    message: r.message,
    fromState: r.fromState,
    toState: r.toState,
    clocks: r.clocks,
    at: r.at.toISOString(),
  };
}
