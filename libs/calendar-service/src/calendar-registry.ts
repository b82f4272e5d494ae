import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { BusinessCalendar, calendarsFromTexts, CalendarSetFault, parseCalendar, ResolvedCalendar } from '@tenggat/calendar';
import { AppConfig, Clock, DomainError } from '@tenggat/platform';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { EntityManager, Repository } from 'typeorm';
import { CalendarRecordEntity } from './calendar-record.entity';

export interface CalendarChange {
  readonly calendarIds: readonly string[];
  readonly at: Date;
}

/** A calendar text checked against the whole set, ready to store (see `prepare`). */
export interface PreparedCalendar {
  readonly id: string;
  readonly text: string;
  readonly contentHash: string;
  readonly revision: number;
  readonly previous: { revision: number; contentHash: string } | null;
  /** Calendars whose effective data change: this one and any that extend it (same fingerprint: none). */
  readonly changed: readonly string[];
  /** The calendars as they will be once stored, for computing with before the registry reloads. */
  readonly calendars: ReadonlyMap<string, BusinessCalendar>;
  /** The calendar as it is now (null when it is new). */
  readonly before: BusinessCalendar | null;
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
  private configChanged: string[] = [];
  private static readonly REFRESH_MS = 30_000;
  readonly changes$ = new Subject<CalendarChange>();

  constructor(
    @InjectRepository(CalendarRecordEntity) private readonly records: Repository<CalendarRecordEntity>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const before = await this.fingerprints();
    await this.seedFromConfig();
    await this.reload();
    // calendars whose effective data a changed config file altered: open deadlines to recompute
    this.configChanged = [...this.calendars.values()].filter((c) => before.has(c.id) && before.get(c.id) !== c.fingerprint).map((c) => c.id);
  }

  /** Fingerprints of the calendars as stored (before this process seeds anything). */
  private async fingerprints(): Promise<Map<string, string>> {
    const rows = await this.records.find();
    const result = calendarsFromTexts(rows.map((r) => r.source));
    return result.ok ? new Map(result.calendars.map((c) => [c.id, c.fingerprint])) : new Map();
  }

  /**
   * Calendars whose data changed when this process seeded the shipped files at start (a config
   * reload), handed out once: the SLA module recomputes their open deadlines.
   */
  takeConfigChanges(): string[] {
    const ids = this.configChanged;
    this.configChanged = [];
    return ids;
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

  private refreshing: Promise<void> | null = null;

  /**
   * Stale-while-revalidate: a stale registry answers from memory and reloads in the background,
   * so a caller inside a transaction never waits for a second pooled connection.
   */
  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt <= CalendarRegistry.REFRESH_MS) return;
    this.refreshing ??= this.reload()
      .catch((e: Error) => this.logger.warn(`calendar reload failed, keeping the loaded calendars: ${e.message}`))
      .finally(() => {
        this.refreshing = null;
      });
    if (this.calendars.size === 0) await this.refreshing;
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
   * Validates a new text for calendar `id` against the whole set as `m` sees it (children and
   * parents must still resolve). Throws an `invalid` DomainError with the path of every fault.
   * Nothing is stored: see `store`.
   */
  async prepare(m: EntityManager, id: string, text: string): Promise<PreparedCalendar> {
    const rows = await m.find(CalendarRecordEntity);
    const others = rows.filter((r) => r.id !== id);
    const result = calendarsFromTexts([...others.map((r) => r.source), text]);
    if (!result.ok) {
      throw new DomainError('invalid', 'invalid-calendar', 'The calendar is not valid', {
        errors: result.faults.map((f) => ({ field: f.path || '(document)', message: f.message })),
      });
    }
    if (!result.calendars.some((c) => c.id === id)) {
      throw new DomainError('invalid', 'calendar-id-mismatch', `The document's id must be "${id}"`, {
        errors: [{ field: 'id', message: `must be "${id}"` }],
      });
    }
    const current = rows.length ? calendarsFromTexts(rows.map((r) => r.source)) : null;
    const was = new Map(current?.ok ? current.calendars.map((c) => [c.id, c]) : []);
    const existing = rows.find((r) => r.id === id);
    const calendars = new Map(result.calendars.map((c) => [c.id, new BusinessCalendar(c)]));
    const before = was.get(id);
    return {
      id,
      text,
      contentHash: sha256(text),
      revision: (existing?.revision ?? 0) + 1,
      previous: existing ? { revision: existing.revision, contentHash: existing.contentHash } : null,
      changed: result.calendars.filter((c) => was.has(c.id) && was.get(c.id)?.fingerprint !== c.fingerprint).map((c) => c.id),
      calendars,
      before: before ? new BusinessCalendar(before) : null,
    };
  }

  /** Stores a prepared calendar in the caller's transaction, as published by an admin. */
  async store(m: EntityManager, p: PreparedCalendar, at: Date): Promise<void> {
    await m.save(CalendarRecordEntity, { id: p.id, source: p.text, contentHash: p.contentHash, origin: 'admin', revision: p.revision, updatedAt: at });
  }

  /** After the commit: this process computes with the new calendars at once and says which changed. */
  async published(changed: readonly string[]): Promise<void> {
    await this.reload();
    if (changed.length) this.changes$.next({ calendarIds: [...changed], at: this.clock.now() });
  }
}
