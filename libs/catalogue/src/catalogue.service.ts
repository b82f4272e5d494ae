import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { Clock, DomainError, PageQuery } from '@tenggat/platform';
import { contentHash, Fault, initialState, parseDefinition, PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource } from 'typeorm';
import { AgencyEntity } from './catalogue.entities';
import { CatalogueRepository } from './catalogue.repository';

export interface AgencyConfig {
  code: string;
  name: string;
  calendar: string;
  timeZone: string;
  level?: string;
}

export type PublishResult =
  | { ok: true; code: string; version: number; hash: string; published: boolean }
  | { ok: false; faults: readonly Fault[] };

export interface PinnedPermitType {
  code: string;
  version: number;
  hash: string;
  publishedAt: Date;
  definition: PermitTypeDefinition;
}

/** How long the public catalogue list is served from memory before it is read again (see `list`). */
export const CATALOGUE_LIST_MAX_AGE_MS = 5_000;

/** Permit types and their immutable versions; agencies and their calendars. */
@Injectable()
export class CatalogueService {
  /** Versions never change, so they are cached forever once read. */
  private readonly versionCache = new Map<string, PinnedPermitType>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: CatalogueRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upsertAgencies(list: AgencyConfig[]): Promise<void> {
    this.agencyCache.clear();
    await this.repo.upsertAgencies(list.map((a) => ({ code: a.code, name: a.name, calendarId: a.calendar, timeZone: a.timeZone, level: a.level ?? null })));
  }

  async agencyCodes(): Promise<string[]> {
    return this.repo.agencyCodes();
  }

  /**
   * Agencies change only with the configuration, so they are cached: callers inside a case
   * transaction must not take a second pooled connection (at 20 concurrent actions that
   * exhausted the pool and deadlocked).
   */
  private readonly agencyCache = new Map<string, AgencyEntity>();

  async agency(code: string): Promise<AgencyEntity> {
    const cached = this.agencyCache.get(code);
    if (cached) return cached;
    const a = await this.repo.agency(code);
    if (!a) throw new DomainError('not-found', 'agency-not-found', `Agency ${code} was not found`);
    this.agencyCache.set(code, a);
    return a;
  }

  async listAgencies(): Promise<AgencyEntity[]> {
    return this.repo.agencies();
  }

  /**
   * Publishes a definition if its content is new: one immutable version per content hash,
   * numbered 1, 2, 3 ... per code. Serialised per code by an advisory lock; audited.
   */
  async publish(text: string, meta: { source: string; actorId?: string }): Promise<PublishResult> {
    try {
      return await this.publishVersion(text, meta);
    } finally {
      this.listCache = null; // the list shows what was published at once (in this process)
    }
  }

  private async publishVersion(text: string, meta: { source: string; actorId?: string }): Promise<PublishResult> {
    const parsed = parseDefinition(text, { agencies: await this.agencyCodes() });
    if (!parsed.ok) return { ok: false, faults: parsed.faults };
    // the initial state is made explicit so that no reader depends on key order
    const def: PermitTypeDefinition = { ...parsed.definition, initial: initialState(parsed.definition) };
    const hash = contentHash(parsed.definition);
    return this.db.transaction(async (m) => {
      await this.repo.lockPermitType(m, def.code);
      const same = await this.repo.versionWithHash(m, def.code, hash);
      if (same) return { ok: true as const, code: def.code, version: same.version, hash, published: false };
      const now = this.clock.now();
      const version = await this.repo.publishVersion(m, { code: def.code, name: def.name, agencyCode: def.agency, hash, definition: def, source: text }, now);
      await this.audit.append(m, {
        stream: 'config',
        actorId: meta.actorId ?? null,
        actorRole: meta.actorId ? 'admin' : 'system',
        action: 'permit-type.published',
        entityType: 'permit-type',
        entityId: def.code,
        after: { code: def.code, version, hash, source: meta.source },
        at: now,
      });
      return { ok: true as const, code: def.code, version, hash, published: true };
    });
  }

  /**
   * One page of the permit types at their current versions, from memory: the public catalogue
   * list is read far more often than permit types are published. The list is read again when
   * this process publishes, and otherwise at most every CATALOGUE_LIST_MAX_AGE_MS (a version
   * published by another instance or the CLI shows within that time).
   */
  async list(q: PageQuery): Promise<{ items: PinnedPermitType[]; total: number }> {
    const all = await this.currentList();
    return { items: all.slice(q.offset, q.offset + q.pageSize), total: all.length };
  }

  private listCache: { at: number; list: Promise<PinnedPermitType[]> } | null = null;

  private currentList(): Promise<PinnedPermitType[]> {
    const now = Date.now();
    if (this.listCache && now - this.listCache.at < CATALOGUE_LIST_MAX_AGE_MS) return this.listCache.list;
    const list = this.all();
    const entry = { at: now, list };
    this.listCache = entry;
    // a failed read is not kept: the next request tries again
    list.catch(() => {
      if (this.listCache === entry) this.listCache = null;
    });
    return list;
  }

  /** Every permit type at its current version (a handful; used to map roles, policies and caps). */
  async all(): Promise<PinnedPermitType[]> {
    const rows = await this.repo.types();
    return Promise.all(rows.map((r) => this.version(r.code, r.currentVersion)));
  }

  async current(code: string): Promise<PinnedPermitType> {
    const t = await this.repo.type(code);
    if (!t) throw new DomainError('not-found', 'permit-type-not-found', `Permit type ${code} was not found`);
    return this.version(code, t.currentVersion);
  }

  async version(code: string, version: number): Promise<PinnedPermitType> {
    const key = `${code}@${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const v = await this.repo.version(code, version);
    if (!v) throw new DomainError('not-found', 'permit-type-not-found', `Permit type ${code} version ${version} was not found`);
    const pinned = { code, version, hash: v.contentHash, publishedAt: v.publishedAt, definition: v.definition };
    this.versionCache.set(key, pinned);
    return pinned;
  }

  async versionsOf(code: string): Promise<{ version: number; hash: string; publishedAt: Date; current: boolean }[]> {
    const current = await this.current(code);
    const rows = await this.repo.versionsOf(code);
    return rows.map((r) => ({ version: r.version, hash: r.contentHash, publishedAt: r.publishedAt, current: r.version === current.version }));
  }
}
