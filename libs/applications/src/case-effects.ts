import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { ClockActor, ClockOwner, ClockRepository, ClockService, TimerRequest } from '@tenggat/sla';
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
    const owner = await this.owner(app, def);
    const timers: TimerRequest[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'statutory-clock': {
          if (e.op === 'start') {
            timers.push(...(await this.clocks.startWorkingDays(m, owner, 'statutory', null, e.workingDays, at, actor)));
            break;
          }
          const statutory = await this.clocks.find(m, app.id, 'statutory', null);
          if (!statutory) break;
          // stop and finish return the stale timers, removed after commit
          if (e.op === 'stop') timers.push(...(await this.clocks.stop(m, statutory, at, actor, reason ?? `the case entered ${e.state}`)));
          else if (e.op === 'resume') timers.push(...(await this.clocks.resume(m, statutory, at, actor, reason ?? `the case left ${e.state}`, def.warningAt)));
          else timers.push(...(await this.clocks.finish(m, statutory, at, actor, reason)));
          break;
        }
        case 'state-clock': {
          if (e.op === 'start') {
            timers.push(...(await this.clocks.startWorkingDays(m, owner, 'state', e.state, e.workingDays, at, actor)));
          } else {
            const c = await this.clocks.find(m, app.id, 'state', e.state);
            if (c) timers.push(...(await this.clocks.finish(m, c, at, actor, reason)));
          }
          break;
        }
        case 'response-window': {
          if (e.op === 'start') {
            timers.push(
              ...(e.calendarDays !== undefined
                ? await this.clocks.startCalendarDays(m, owner, e.state, e.calendarDays, at, actor, e.onTimeout)
                : await this.clocks.startWorkingDays(m, owner, 'response', e.state, e.workingDays, at, actor, e.onTimeout)),
            );
          } else {
            const c = await this.clocks.find(m, app.id, 'response', e.state);
            if (c) timers.push(...(await this.clocks.finish(m, c, at, actor, reason, clockUnitOf(def, c.kind, c.stateName))));
          }
          break;
        }
        case 'deficiency-notice':
        case 'decision':
          break; // carried by the case row itself
      }
    }
    await this.refreshDeadlines(m, app.id);
    return timers;
  }

  /**
   * The case's denormalised deadlines from its clocks: next_deadline_at (the nearest running
   * statutory or state deadline, the queue's order) and statutory_deadline_at. Bookkeeping: the
   * case's version does not change.
   */
  async refreshDeadlines(m: EntityManager, applicationId: string): Promise<void> {
    await this.cases.setDeadlines(m, applicationId, await this.clockRows.deadlinesOf(m, applicationId));
  }
}
