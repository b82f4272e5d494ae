import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PermitTypeDefinition } from '@tenggat/workflow';
import { DataSource, EntityManager } from 'typeorm';
import { AgencyEntity, PermitTypeEntity, PermitTypeVersionEntity } from './catalogue.entities';

/** The one owner of the `agencies`, `permit_types` and `permit_type_versions` tables. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async upsertAgencies(rows: AgencyEntity[]): Promise<void> {
    await this.db.getRepository(AgencyEntity).upsert(rows, ['code']);
  }

  async agencyCodes(): Promise<string[]> {
    return (await this.db.getRepository(AgencyEntity).find({ select: { code: true } })).map((a) => a.code);
  }

  async agency(code: string): Promise<AgencyEntity | null> {
    return this.db.getRepository(AgencyEntity).findOneBy({ code });
  }

  async agencies(): Promise<AgencyEntity[]> {
    return this.db.getRepository(AgencyEntity).find({ order: { code: 'ASC' } });
  }

  /** Serialises publications of one permit type until the caller's transaction ends. */
  async lockPermitType(m: EntityManager, code: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`permit-type:${code}`]);
  }

  async versionWithHash(m: EntityManager, code: string, hash: string): Promise<PermitTypeVersionEntity | null> {
    return m.findOneBy(PermitTypeVersionEntity, { code, contentHash: hash });
  }

  /** Stores the next immutable version (1, 2, 3 ... per code) and makes it the current one; answers its number. */
  async publishVersion(m: EntityManager, v: { code: string; name: string; agencyCode: string; hash: string; definition: PermitTypeDefinition; source: string }, at: Date): Promise<number> {
    const [{ max }] = await m.query<{ max: number }[]>('SELECT COALESCE(MAX(version), 0)::int AS max FROM permit_type_versions WHERE code = $1', [v.code]);
    const version = max + 1;
    await m.insert(PermitTypeVersionEntity, { code: v.code, version, contentHash: v.hash, definition: v.definition, source: v.source, publishedAt: at });
    await m.upsert(PermitTypeEntity, { code: v.code, name: v.name, agencyCode: v.agencyCode, currentVersion: version, updatedAt: at }, ['code']);
    return version;
  }

  async types(): Promise<PermitTypeEntity[]> {
    return this.db.getRepository(PermitTypeEntity).find({ order: { code: 'ASC' } });
  }

  async type(code: string): Promise<PermitTypeEntity | null> {
    return this.db.getRepository(PermitTypeEntity).findOneBy({ code });
  }

  async version(code: string, version: number): Promise<PermitTypeVersionEntity | null> {
    return this.db.getRepository(PermitTypeVersionEntity).findOneBy({ code, version });
  }

  /** Every version of a permit type, newest first (without their definitions). */
  async versionsOf(code: string): Promise<Pick<PermitTypeVersionEntity, 'version' | 'contentHash' | 'publishedAt'>[]> {
    return this.db
      .getRepository(PermitTypeVersionEntity)
      .find({ where: { code }, order: { version: 'DESC' }, select: { version: true, contentHash: true, publishedAt: true } });
  }
}
