import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { BusinessCalendar } from '@tenggat/calendar';
import { CalendarRecordRepository, CalendarRegistry } from '@tenggat/calendar-service';
import { AuthUser } from '@tenggat/identity';
import { Clock, DomainError } from '@tenggat/platform';
import { DeadlineRecompute } from '@tenggat/enforcement';
import { TimerQueue } from '@tenggat/sla';
import { DataSource } from 'typeorm';
import { stringify } from 'yaml';
import { CalendarPublication } from './sla-http.dto';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An admin publishes a calendar; in the same transaction every open deadline it touches is
 * recomputed (DeadlineRecompute: the running, not yet breached working-day clocks of the changed
 * calendars keep the working time they consumed and get a deadline on the new calendar), and the
 * new timers are armed after commit. The change is on the `config` audit stream.
 */
@Injectable()
export class CalendarPublisher {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: CalendarRegistry,
    private readonly records: CalendarRecordRepository,
    private readonly deadlines: DeadlineRecompute,
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
      const r = await this.deadlines.recompute(m, prepared.changed, prepared.calendars, at, `calendar ${id} revision ${prepared.revision} published`);
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
