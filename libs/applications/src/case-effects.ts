import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { SqlStatement } from '@tenggat/platform';
import { ClockActor, ClockEntity, ClockOwner, ClockRepository, ClockService, ClockWriteBatch, TimerRequest } from '@tenggat/sla';
import { Effect, PermitTypeDefinition } from '@tenggat/workflow';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { CaseRepository } from './case.repository';
import { clockUnitOf } from './case-views';

/**
 * Carries out a transition's clock effects inside the case transaction and returns the timers
 * to arm after commit. Also keeps the case's denormalised deadlines (for the queue) current.
 */
@Injectable()
export class CaseEffects {
  constructor(
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly cases: CaseRepository,
    private readonly catalogue: CatalogueService,
  ) {}

  async owner(app: ApplicationEntity, def: PermitTypeDefinition): Promise<ClockOwner> {
    const agency = await this.catalogue.agency(app.agencyCode);
    return {
      applicationId: app.id,
      agencyCode: app.agencyCode,
      permitTypeCode: app.permitTypeCode,
      calendarId: agency.calendarId,
      warningShare: def.warningAt,
    };
  }

  async apply(
    m: EntityManager,
    app: ApplicationEntity,
    def: PermitTypeDefinition,
    effects: readonly Effect[],
    at: Date,
    actor: ClockActor,
    reason: string | null,
  ): Promise<TimerRequest[]> {
    const timers = await this.steps(this.clocks, m, app, def, effects, at, actor, reason);
    await this.refreshDeadlines(m, app.id);
    return timers;
  }

  /**
   * The same clock effects as `apply`, computed now and kept in `batch` (made with the case's
   * clocks as loaded) instead of written: `write` sends them in one statement, each step guarded
   * by the epoch it read, and `deadlinesAfter` gives the case's UPDATE its deadlines as the batch
   * leaves them. Answers the timers to arm (and the stale ones to remove) after commit.
   */
  async plan(
    batch: ClockWriteBatch,
    m: EntityManager,
    app: ApplicationEntity,
    def: PermitTypeDefinition,
    effects: readonly Effect[],
    at: Date,
    actor: ClockActor,
    reason: string | null,
  ): Promise<TimerRequest[]> {
    return this.steps(this.clocks.deferringTo(batch), m, app, def, effects, at, actor, reason);
  }

  /** Sends what `plan` kept, in the caller's transaction; answers every clock of the case after it (null: nothing to write). */
  async write(m: EntityManager, batch: ClockWriteBatch): Promise<ClockEntity[] | null> {
    return this.clockRows.writeBatch(m, batch);
  }

  /** The case's denormalised deadlines once `batch` is written, as SQL for the case's own UPDATE (see ClockRepository.deadlinesAfter). */
  deadlinesAfter(s: SqlStatement, batch: ClockWriteBatch): { next: string; statutory: string } {
    return this.clockRows.deadlinesAfter(s, batch);
  }

  private async steps(
    clocks: ClockService,
    m: EntityManager,
    app: ApplicationEntity,
    def: PermitTypeDefinition,
    effects: readonly Effect[],
    at: Date,
    actor: ClockActor,
    reason: string | null,
  ): Promise<TimerRequest[]> {
    const owner = await this.owner(app, def);
    const timers: TimerRequest[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'statutory-clock': {
          if (e.op === 'start') {
            timers.push(...(await clocks.startWorkingDays(m, owner, 'statutory', null, e.workingDays, at, actor)));
            break;
          }
          const statutory = await clocks.find(m, app.id, 'statutory', null);
          if (!statutory) break;
          // stop and finish return the stale timers, removed after commit
          if (e.op === 'stop') timers.push(...(await clocks.stop(m, statutory, at, actor, reason ?? `the case entered ${e.state}`)));
          else if (e.op === 'resume') timers.push(...(await clocks.resume(m, statutory, at, actor, reason ?? `the case left ${e.state}`, def.warningAt)));
          else timers.push(...(await clocks.finish(m, statutory, at, actor, reason)));
          break;
        }
        case 'state-clock': {
          if (e.op === 'start') {
            timers.push(...(await clocks.startWorkingDays(m, owner, 'state', e.state, e.workingDays, at, actor)));
          } else {
            const c = await clocks.find(m, app.id, 'state', e.state);
            if (c) timers.push(...(await clocks.finish(m, c, at, actor, reason)));
          }
          break;
        }
        case 'response-window': {
          if (e.op === 'start') {
            timers.push(
              ...(e.calendarDays !== undefined
                ? await clocks.startCalendarDays(m, owner, e.state, e.calendarDays, at, actor, e.onTimeout)
                : await clocks.startWorkingDays(m, owner, 'response', e.state, e.workingDays, at, actor, e.onTimeout)),
            );
          } else {
            const c = await clocks.find(m, app.id, 'response', e.state);
            if (c) timers.push(...(await clocks.finish(m, c, at, actor, reason, clockUnitOf(def, c.kind, c.stateName))));
          }
          break;
        }
        case 'deficiency-notice':
        case 'decision':
          break; // carried by the case row itself
      }
    }
    return timers;
  }

  /**
   * The case's denormalised deadlines from its clocks: next_deadline_at (the nearest running
   * statutory or state deadline, the queue's order) and statutory_deadline_at. Bookkeeping: the
   * case's version does not change.
   */
  /** Every clock of these cases (a batch about to plan their steps in one ClockWriteBatch). */
  async clocksOf(caseIds: readonly string[]): Promise<ClockEntity[]> {
    return this.clockRows.ofCases(caseIds, ['statutory', 'state', 'response']);
  }

  /** The denormalised deadlines of many cases from their clocks, in two statements (a batch). */
  async refreshDeadlinesOf(m: EntityManager, caseIds: readonly string[]): Promise<void> {
    await this.cases.setDeadlinesMany(m, await this.clockRows.deadlinesOfMany(m, caseIds));
  }

  async refreshDeadlines(m: EntityManager, applicationId: string): Promise<void> {
    await this.cases.setDeadlines(m, applicationId, await this.clockRows.deadlinesOf(m, applicationId));
  }
}
