import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '@tenggat/audit';
import { Clock, DomainError, PageQuery } from '@tenggat/platform';
import { contentHash, Fault, initialState, parseDefinition, PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource, Repository } from 'typeorm';
import { AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity } from './catalogue.entities';

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

/** Permit types and their immutable versions; agencies and their calendars. */
@Injectable()
export class CatalogueService {
  /** Versions never change, so they are cached forever once read. */
  private readonly versionCache = new Map<string, PinnedPermitType>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>,
    @InjectRepository(PermitTypeEntity) private readonly types: Repository<PermitTypeEntity>,
    @InjectRepository(PermitTypeVersionEntity) private readonly versions: Repository<PermitTypeVersionEntity>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upsertAgencies(list: AgencyConfig[]): Promise<void> {
    this.agencyCache.clear();
    await this.agencies.upsert(
      list.map((a) => ({ code: a.code, name: a.name, calendarId: a.calendar, timeZone: a.timeZone, level: a.level ?? null })),
      ['code'],
    );
  }

  async agencyCodes(): Promise<string[]> {
    return (await this.agencies.find({ select: { code: true } })).map((a) => a.code);
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
    const a = await this.agencies.findOneBy({ code });
    if (!a) throw new DomainError('not-found', 'agency-not-found', `Agency ${code} was not found`);
    this.agencyCache.set(code, a);
    return a;
  }

  async listAgencies(): Promise<AgencyEntity[]> {
    return this.agencies.find({ order: { code: 'ASC' } });
  }

  /**
   * Publishes a definition if its content is new: one immutable version per content hash,
   * numbered 1, 2, 3 ... per code. Serialised per code by an advisory lock; audited.
   */
  async publish(text: string, meta: { source: string; actorId?: string }): Promise<PublishResult> {
    const parsed = parseDefinition(text, { agencies: await this.agencyCodes() });
    if (!parsed.ok) return { ok: false, faults: parsed.faults };
    // the initial state is made explicit so that no reader depends on key order
    const def: PermitTypeDefinition = { ...parsed.definition, initial: initialState(parsed.definition) };
    const hash = contentHash(parsed.definition);
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`permit-type:${def.code}`]);
      const same = await m.findOneBy(PermitTypeVersionEntity, { code: def.code, contentHash: hash });
      if (same) return { ok: true as const, code: def.code, version: same.version, hash, published: false };
      const [{ max }] = await m.query<{ max: number }[]>('SELECT COALESCE(MAX(version), 0)::int AS max FROM permit_type_versions WHERE code = $1', [
        def.code,
      ]);
      const version = max + 1;
      const now = this.clock.now();
      await m.insert(PermitTypeVersionEntity, { code: def.code, version, contentHash: hash, definition: def, source: text, publishedAt: now });
      await m.upsert(PermitTypeEntity, { code: def.code, name: def.name, agencyCode: def.agency, currentVersion: version, updatedAt: now }, ['code']);
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

  async list(q: PageQuery): Promise<{ items: PinnedPermitType[]; total: number }> {
    const [rows, total] = await this.types.findAndCount({ order: { code: 'ASC' }, skip: q.offset, take: q.pageSize });
    return { items: await Promise.all(rows.map((r) => this.version(r.code, r.currentVersion))), total };
  }

  /** Every permit type at its current version (a handful; used to map roles, policies and caps). */
  async all(): Promise<PinnedPermitType[]> {
    const rows = await this.types.find({ order: { code: 'ASC' } });
    return Promise.all(rows.map((r) => this.version(r.code, r.currentVersion)));
  }

  async current(code: string): Promise<PinnedPermitType> {
    const t = await this.types.findOneBy({ code });
    if (!t) throw new DomainError('not-found', 'permit-type-not-found', `Permit type ${code} was not found`);
    return this.version(code, t.currentVersion);
  }

  async version(code: string, version: number): Promise<PinnedPermitType> {
    const key = `${code}@${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const v = await this.versions.findOneBy({ code, version });
    if (!v) throw new DomainError('not-found', 'permit-type-not-found', `Permit type ${code} version ${version} was not found`);
    const pinned = { code, version, hash: v.contentHash, publishedAt: v.publishedAt, definition: v.definition };
    this.versionCache.set(key, pinned);
    return pinned;
  }

  async versionsOf(code: string): Promise<{ version: number; hash: string; publishedAt: Date; current: boolean }[]> {
    const current = await this.current(code);
    const rows = await this.versions.find({ where: { code }, order: { version: 'DESC' }, select: { version: true, contentHash: true, publishedAt: true } });
    return rows.map((r) => ({ version: r.version, hash: r.contentHash, publishedAt: r.publishedAt, current: r.version === current.version }));
  }
}
