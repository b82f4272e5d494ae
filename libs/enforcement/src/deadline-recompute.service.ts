import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseEffects, CaseReader, CaseRepository, clockUnitOf } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { BusinessCalendar } from '@tenggat/calendar';
import { CalendarRecordRepository, CalendarRegistry } from '@tenggat/calendar-service';
import { Clock } from '@tenggat/platform';
import { ClockRepository, ClockService, TimerQueue, TimerRequest } from '@tenggat/sla';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource, EntityManager } from 'typeorm';

export interface Recomputed {
  clocks: number;
  moved: number;
  cases: number;
  timers: TimerRequest[];
}

/**
 * Open deadlines follow their calendar: when calendars change, the running, not yet breached
 * working-day clocks (statutory and state SLAs, and applicants' response windows given in working
 * days) on them keep the working time they consumed, get
 * a deadline on the new calendar and a new epoch, and their cases' deadlines are refreshed; the
 * caller arms the new timers after commit. A shipped calendar file that changed since the last
 * start is recomputed here, by the system, in whichever process (API or worker) starts first.
 */
@Injectable()
export class DeadlineRecompute implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlineRecompute.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: CalendarRegistry,
    private readonly records: CalendarRecordRepository,
    private readonly clocks: ClockService,
    private readonly clockRows: ClockRepository,
    private readonly cases: CaseRepository,
    private readonly effects: CaseEffects,
    private readonly reader: CaseReader,
    private readonly timers: TimerQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A shipped calendar file changed since the last start: recompute what it touches. */
  async onApplicationBootstrap(): Promise<void> {
    const changed = this.registry.takeConfigChanges();
    if (changed.length === 0) return;
    try {
      const at = this.clock.now();
      const timers = await this.db.transaction(async (m) => {
        await this.records.lockPublications(m);
        const r = await this.recompute(m, changed, null, at, `calendar file reloaded: ${changed.join(', ')}`);
        await this.audit.append(m, {
          stream: 'config',
          actorId: null,
          actorRole: 'system',
          action: 'calendar.reloaded',
          entityType: 'calendar',
          entityId: changed.join(','),
          data: { changedCalendars: changed, recomputedClocks: r.clocks, movedClocks: r.moved, cases: r.cases },
          at,
        });
        return r.timers;
      });
      await this.timers.arm(timers);
      this.logger.log(`calendars changed in config (${changed.join(', ')}): open deadlines recomputed`);
    } catch (e) {
      this.logger.error(`could not recompute deadlines after a calendar reload: ${(e as Error).message}`);
    }
  }

  /**
   * Inside the caller's transaction (which holds the publication lock): every open deadline on
   * these calendars, computed with `calendars` when they are not yet in the registry.
   */
  async recompute(
    m: EntityManager,
    calendarIds: readonly string[],
    calendars: ReadonlyMap<string, BusinessCalendar> | null,
    at: Date,
    reason: string,
  ): Promise<Recomputed> {
    if (calendarIds.length === 0) return { clocks: 0, moved: 0, cases: 0, timers: [] };
    const clocks = await this.clockRows.lockRunningOfCalendars(m, calendarIds);
    const apps = await this.cases.byIds(m, [...new Set(clocks.map((c) => c.applicationId))]);
    const shares = new Map<string, number | undefined>();
    const defs = new Map<string, PermitTypeDefinition>();
    for (const app of apps) {
      const def = (await this.reader.permitType(app)).definition;
      shares.set(app.id, def.warningAt);
      defs.set(app.id, def);
    }
    const timers: TimerRequest[] = [];
    const touched = new Set<string>();
    let moved = 0;
    let considered = 0;
    for (const c of clocks) {
      // a response window given in calendar days ends where it ends, whatever the working days
      const def = defs.get(c.applicationId);
      if (c.kind === 'response' && (!def || clockUnitOf(def, c.kind, c.stateName) !== 'working-days')) continue;
      considered++;
      const r = await this.clocks.recompute(m, c, at, reason, shares.get(c.applicationId), calendars?.get(c.calendarId));
      if (!r.moved) continue;
      moved++;
      touched.add(c.applicationId);
      timers.push(...r.timers);
    }
    for (const id of touched) await this.effects.refreshDeadlines(m, id);
    return { clocks: considered, moved, cases: touched.size, timers };
  }
}
