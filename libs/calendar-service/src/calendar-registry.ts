import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { BusinessCalendar, calendarsFromTexts, CalendarSetFault, parseCalendar, ResolvedCalendar } from '@tenggat/calendar';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { Repository } from 'typeorm';
import { CalendarRecordEntity } from './calendar-record.entity';

export interface CalendarChange {
  readonly calendarIds: readonly string[];
  readonly at: Date;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const describe = (faults: readonly CalendarSetFault[]): string =>
  faults.map((f) => `${f.calendarId ?? '?'}: ${f.path || '(document)'}: ${f.message}`).join('\n');

/**
 * The business calendars in force, built from the `calendars` table (seeded from
 * `config/calendars/*.yaml`). `changes$` tells the SLA module which calendars changed so open
 * deadlines can be recomputed.
 */
@Injectable()
export class CalendarRegistry implements OnModuleInit {
  private readonly logger = new Logger(CalendarRegistry.name);
  private calendars = new Map<string, BusinessCalendar>();
  private resolved = new Map<string, ResolvedCalendar>();
  private loadedAt = 0;
  private static readonly REFRESH_MS = 30_000;
  readonly changes$ = new Subject<CalendarChange>();

  constructor(
    @InjectRepository(CalendarRecordEntity) private readonly records: Repository<CalendarRecordEntity>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seedFromConfig();
    await this.reload();
  }

  /** Shipped files seed or update calendars that an admin has not taken over. */
  private async seedFromConfig(): Promise<void> {
    const dir = join(this.config.get('CONFIG_DIR'), 'calendars');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    const result = calendarsFromTexts(texts);
    if (!result.ok) throw new Error(`Invalid calendars in ${dir}:\n${describe(result.faults)}`);
    const changed: string[] = [];
    for (const text of texts) {
      const parsed = parseCalendar(text);
      if (!parsed.ok) continue; // unreachable: the set was validated above
      const cal = parsed.calendar;
      const hash = sha256(text);
      const existing = await this.records.findOneBy({ id: cal.id });
      if (existing && (existing.origin === 'admin' || existing.contentHash === hash)) continue;
      await this.records.save({
        id: cal.id,
        source: text,
        contentHash: hash,
        origin: 'config',
        revision: (existing?.revision ?? 0) + 1,
        updatedAt: this.clock.now(),
      });
      if (existing) changed.push(cal.id);
    }
    if (changed.length) this.logger.log(`calendars updated from config: ${changed.join(', ')}`);
  }

  /** Rebuilds every calendar from the table; other processes pick up changes within REFRESH_MS. */
  async reload(): Promise<void> {
    const rows = await this.records.find({ order: { id: 'ASC' } });
    const result = calendarsFromTexts(rows.map((r) => r.source));
    if (!result.ok) throw new Error(`Invalid calendars in the database:\n${describe(result.faults)}`);
    this.calendars = new Map(result.calendars.map((c) => [c.id, new BusinessCalendar(c)]));
    this.resolved = new Map(result.calendars.map((c) => [c.id, c]));
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > CalendarRegistry.REFRESH_MS) await this.reload();
  }

  async get(id: string): Promise<BusinessCalendar> {
    await this.fresh();
    const cal = this.calendars.get(id);
    if (!cal) throw new DomainError('not-found', 'calendar-not-found', `Calendar ${id} was not found`);
    return cal;
  }

  async resolvedOf(id: string): Promise<ResolvedCalendar> {
    await this.get(id);
    return this.resolved.get(id) as ResolvedCalendar;
  }

  async list(): Promise<BusinessCalendar[]>  {
    await this.fresh();
    return [...this.calendars.values()];
  }

  async record(id: string): Promise<CalendarRecordEntity | null> {
    return this.records.findOneBy({ id });
  }

  /**
   * Validates a new text for calendar `id` against the whole set (children and parents must
   * still resolve), stores it, and announces which calendars changed (it and its descendants).
   */
  async publish(id: string, text: string): Promise<{ changed: string[]; revision: number }> {
    const rows = await this.records.find();
    const others = rows.filter((r) => r.id !== id).map((r) => r.source);
    const result = calendarsFromTexts([...others, text]);
    if (!result.ok) {
      throw new DomainError('invalid', 'invalid-calendar', 'The calendar is not valid', {
        errors: result.faults.map((f) => ({ field: f.path || '(document)', message: f.message })),
      });
    }
    const published = result.calendars.find((c) => c.id === id);
    if (!published) {
      throw new DomainError('invalid', 'calendar-id-mismatch', `The document's id must be "${id}"`);
    }
    const existing = rows.find((r) => r.id === id);
    const revision = (existing?.revision ?? 0) + 1;
    await this.records.save({ id, source: text, contentHash: sha256(text), origin: 'admin', revision, updatedAt: this.clock.now() });
    await this.reload();
    const changed = result.calendars.filter((c) => c.chain.includes(id)).map((c) => c.id);
    this.changes$.next({ calendarIds: changed, at: this.clock.now() });
    return { changed, revision };
  }
}
