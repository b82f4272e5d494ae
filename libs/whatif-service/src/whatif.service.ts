import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import type { AuthUser } from '@tenggat/identity';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import type { WhatIfReport } from '@tenggat/whatif';
import { DataSource } from 'typeorm';
import { CreateWhatIfRunDto } from './whatif.dto';
import { WhatIfExecutor } from './whatif-executor';
import { WhatIfHistoryReadModel } from './whatif-history.read-model';
import { planRun } from './whatif-planner';
import { WhatIfRunEntity, WhatIfRunInput } from './whatif-run.entity';
import { WhatIfRunRepository } from './whatif-run.repository';
import { WhatIfReportView, WhatIfRunView } from './whatif.views';

/** A run that has not beaten for this long was interrupted (its process stopped). */
const INTERRUPTED_AFTER_MS = 10 * 60_000;

const notFound = (id: string): DomainError => new DomainError('not-found', 'whatif-run-not-found', `What-if run ${id} was not found`);

export function runView(r: WhatIfRunEntity): WhatIfRunView {
  const report = r.report as WhatIfReport | null;
  return {
    id: r.id,
    status: r.status,
    progress: { done: r.done, total: r.total },
    from: r.input.from,
    to: r.input.to,
    agencies: [...(r.input.agencies ?? [])],
    permitType: r.permitTypeCode,
    calendarChange: r.input.calendar !== undefined,
    warningShare: r.input.warningShare ?? null,
    asOf: r.asOf.toISOString(),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
    ...(report ? { totals: report.totals } : {}),
  };
}

/**
 * What-if runs for admins and the ombudsman. A run is a job worked by an in-process runner in
 * the API process; its row in Postgres is the truth (status, progress, report), so any API
 * process answers for it and a cancel (a guarded UPDATE) stops the runner at its next beat.
 * A run whose process stopped is marked failed at the next start.
 */
@Injectable()
export class WhatIfService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WhatIfService.name);
  private readonly active = new Map<string, Promise<unknown>>();
  private readonly executor: WhatIfExecutor;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: WhatIfRunRepository,
    private readonly history: WhatIfHistoryReadModel,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.executor = new WhatIfExecutor(runs, history, () => this.clock.now(), config.get('SLA_WARNING_SHARE'));
  }

  async onModuleInit(): Promise<void> {
    const now = this.clock.now();
    const n = await this.runs.failInterrupted(new Date(now.getTime() - INTERRUPTED_AFTER_MS), now);
    if (n > 0) this.logger.warn(`${n} what-if run(s) interrupted by a stop were marked failed`);
  }

  async onApplicationShutdown(): Promise<void> {
    const now = this.clock.now();
    for (const id of this.active.keys()) await this.runs.fail(id, 'interrupted: the API process stopped', now).catch(() => undefined);
    await Promise.allSettled(this.active.values());
  }

  /** Checks the input (202 only for a run that can be worked) and starts the job. */
  async create(user: AuthUser, dto: CreateWhatIfRunDto): Promise<WhatIfRunView> {
    const input: WhatIfRunInput = {
      from: dto.from,
      to: dto.to,
      ...(dto.agencies ? { agencies: [...new Set(dto.agencies)] } : {}),
      ...(dto.proposal !== undefined ? { proposal: dto.proposal } : {}),
      ...(dto.calendar ? { calendar: { calendar: dto.calendar.calendar, add: dto.calendar.add ?? [], remove: dto.calendar.remove ?? [] } } : {}),
      ...(dto.warningShare !== undefined ? { warningShare: dto.warningShare } : {}),
    };
    const now = this.clock.now();
    const plan = planRun(input, await this.history.published(), now, this.config.get('SLA_WARNING_SHARE'));
    const run = await this.runs.create(input, plan.permitTypeCode, user.id, now);
    await this.audit.append(this.db.manager, {
      stream: 'whatif',
      actorId: user.id,
      actorRole: user.roles.includes('admin') ? 'admin' : 'ombudsman',
      action: 'whatif.requested',
      entityType: 'whatif-run',
      entityId: run.id,
      data: { from: input.from, to: input.to, agencies: input.agencies ?? [], permitType: plan.permitTypeCode, calendar: input.calendar ?? null, warningShare: input.warningShare ?? null },
      at: now,
    });
    this.work(run.id);
    return runView(run);
  }

  async get(id: string): Promise<WhatIfRunView> {
    const run = await this.runs.byId(id);
    if (!run) throw notFound(id);
    return runView(run);
  }

  async report(id: string): Promise<WhatIfReportView> {
    const run = await this.runs.byId(id);
    if (!run) throw notFound(id);
    if (run.status !== 'done') {
      throw new DomainError('conflict', 'whatif-run-not-done', `The run is ${run.status}; its report exists once it is done`, { status: run.status, progress: { done: run.done, total: run.total } });
    }
    const report = run.report as WhatIfReport;
    return { run: runView(run), ...report } as WhatIfReportView;
  }

  async cancel(user: AuthUser, id: string): Promise<WhatIfRunView> {
    const now = this.clock.now();
    const run = await this.runs.byId(id);
    if (!run) throw notFound(id);
    if (!(await this.runs.cancel(id, now))) {
      const current = await this.runs.byId(id);
      throw new DomainError('conflict', 'whatif-run-finished', `The run is ${current?.status ?? run.status}: there is nothing to cancel`, { status: current?.status ?? run.status });
    }
    await this.audit.append(this.db.manager, {
      stream: 'whatif',
      actorId: user.id,
      actorRole: user.roles.includes('admin') ? 'admin' : 'ombudsman',
      action: 'whatif.cancelled',
      entityType: 'whatif-run',
      entityId: id,
      data: { done: run.done, total: run.total },
      at: now,
    });
    return this.get(id);
  }

  /** Resolves when the run's job has ended (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await this.active.get(id)?.catch(() => undefined);
  }

  private work(id: string): void {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.executor.execute(id))
      .catch((e: unknown) => this.logger.error(`what-if run ${id} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => this.active.delete(id));
    this.active.set(id, job);
  }
}
