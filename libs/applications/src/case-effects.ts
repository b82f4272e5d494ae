import { Injectable } from '@nestjs/common';
import { CatalogueService } from '@tenggat/catalogue';
import { ClockActor, ClockOwner, ClockService, TimerRequest } from '@tenggat/sla';
import { Effect, PermitTypeDefinition } from '@tenggat/workflow';
import { EntityManager } from 'typeorm';
import { ApplicationEntity } from './application.entity';
import { clockUnitOf } from './case-views';

/**
 * Carries out a transition's clock effects inside the case transaction and returns the timers
 * to arm after commit. Also keeps the case's denormalised deadlines (for the queue) current.
 */
@Injectable()
export class CaseEffects {
  constructor(
    private readonly clocks: ClockService,
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

  /** next_deadline_at = the nearest running statutory or state deadline (the queue's order). */
  async refreshDeadlines(m: EntityManager, applicationId: string): Promise<void> {
    await m.query(
      `UPDATE applications a SET
         next_deadline_at = (SELECT MIN(c.deadline_at) FROM clocks c WHERE c.application_id = a.id AND c.status = 'running' AND c.kind IN ('statutory','state')),
         statutory_deadline_at = (SELECT c.deadline_at FROM clocks c WHERE c.application_id = a.id AND c.kind = 'statutory' ORDER BY c.started_at DESC LIMIT 1)
       WHERE a.id = $1`,
      [applicationId],
    );
  }
}
