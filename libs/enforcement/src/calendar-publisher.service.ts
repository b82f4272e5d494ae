import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseEffects, CaseReader, CaseRepository } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { BusinessCalendar } from '@tenggat/calendar';
import { CalendarRecordRepository, CalendarRegistry } from '@tenggat/calendar-service';
import { AuthUser } from '@tenggat/identity';
import { Clock, DomainError } from '@tenggat/platform';
import { ClockRepository, ClockService, TimerQueue, TimerRequest } from '@tenggat/sla';
import { DataSource, EntityManager } from 'typeorm';
import { stringify } from 'yaml';
import { CalendarPublication } from './sla-http.dto';

interface Recomputed {
  clocks: number;
  moved: number;
  cases: number;
  timers: TimerRequest[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Publishes a calendar and recomputes, in the same transaction, every open deadline it
 * touches: the running, not yet breached working-day clocks (statutory and state SLAs) of the
 * changed calendars keep the working time they consumed, get a deadline on the new calendar and a new epoch,
 * and their cases' deadlines are refreshed; the new timers are armed after commit. The change
 * is on the `config` audit stream. A config reload at start (a shipped calendar file changed)
 * is recomputed the same way, by the system.
 */
@Injectable()
export class CalendarPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarPublisher.name);

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

  /** `doc` is the calendar document as JSON, in the shape of config/calendars/*.yaml. */
  async publish(admin: AuthUser, id: string, doc: unknown): Promise<CalendarPublication> {
    const text = this.toText(id, doc);
    const at = this.clock.now();
    const out = await this.db.transaction(async (m) => {
      // one publication at a time: each sees the one before it
      await this.records.lockPublications(m);
      const prepared = await this.registry.prepare(m, id, text);
      await this.registry.store(m, prepared, at);
      const r = await this.recompute(m, prepared.changed, prepared.calendars, at, `calendar ${id} revision ${prepared.revision} published`);
      const diff = this.diff(prepared.before, prepared.calendars.get(id) ?? null);
      const publication: CalendarPublication = {
        id,
        revision: prepared.revision,
        changedCalendars: [...prepared.changed],
        recomputedClocks: r.clocks,
        movedClocks: r.moved,
        cases: r.cases,
        addedNonWorkingDays: diff.added,
        removedNonWorkingDays: diff.removed,
      };
      await this.audit.append(m, {
        stream: 'config',
        actorId: admin.id,
        actorRole: 'admin',
        action: 'calendar.published',
        entityType: 'calendar',
        entityId: id,
        before: prepared.previous,
        after: { revision: prepared.revision, contentHash: prepared.contentHash },
        data: { ...publication },
        at,
      });
      return { publication, timers: r.timers, changed: prepared.changed };
    });
    await this.registry.published(out.changed);
    await this.timers.arm(out.timers);
    return out.publication;
  }

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

  private async recompute(
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
    for (const app of apps) shares.set(app.id, (await this.reader.permitType(app)).definition.warningAt);
    const timers: TimerRequest[] = [];
    const touched = new Set<string>();
    let moved = 0;
    for (const c of clocks) {
      const r = await this.clocks.recompute(m, c, at, reason, shares.get(c.applicationId), calendars?.get(c.calendarId));
      if (!r.moved) continue;
      moved++;
      touched.add(c.applicationId);
      timers.push(...r.timers);
    }
    for (const id of touched) await this.effects.refreshDeadlines(m, id);
    return { clocks: clocks.length, moved, cases: touched.size, timers };
  }

  private toText(id: string, doc: unknown): string {
    if (!isPlainObject(doc)) {
      throw new DomainError('invalid', 'invalid-calendar', 'Send the calendar document as a JSON object', {
        errors: [{ field: '(document)', message: 'must be a JSON object shaped like config/calendars/*.yaml' }],
      });
    }
    if (doc.id !== undefined && doc.id !== id) {
      throw new DomainError('invalid', 'calendar-id-mismatch', `The document's id must be "${id}"`, {
        errors: [{ field: 'id', message: `must be "${id}" (the id in the path)` }],
      });
    }
    return stringify({ ...doc, id }, { lineWidth: 0 });
  }

  private diff(before: BusinessCalendar | null, after: BusinessCalendar | null): { added: string[]; removed: string[] } {
    const days = (c: BusinessCalendar | null, years: number[]): Set<string> =>
      new Set(c ? years.flatMap((y) => c.nonWorkingDays(y).filter((d) => d.kind !== 'weekend').map((d) => d.date)) : []);
    const years = [...new Set([...(before?.years() ?? []), ...(after?.years() ?? [])])];
    const was = days(before, years);
    const now = days(after, years);
    return { added: [...now].filter((d) => !was.has(d)).sort(), removed: [...was].filter((d) => !now.has(d)).sort() };
  }
}
