import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PermitTypeDefinition } from '@tenggat/workflow';

/** A licensing agency and the business calendar its deadlines are counted in. */
@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'calendar_id' })
  calendarId: string;

  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('text', { nullable: true })
  level: string | null;
}

/** The permit type and its current version; the versions themselves are immutable rows. */
@Entity('permit_types')
export class PermitTypeEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'agency_code' })
  agencyCode: string;

  @Column('int', { name: 'current_version' })
  currentVersion: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** One published version of a permit type: never updated, never deleted. */
@Entity('permit_type_versions')
@Index('idx_permit_type_versions_hash', ['code', 'contentHash'], { unique: true })
@Index('idx_permit_type_versions_version', ['code', 'version'], { unique: true })
export class PermitTypeVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('int')
  version: number;

  @Column('char', { name: 'content_hash', length: 64 })
  contentHash: string;

  /** `json`, not `jsonb`: the order of states is part of the definition (the first is the initial one). */
  @Column('json')
  definition: PermitTypeDefinition;

  @Column('text')
  source: string;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;
}
