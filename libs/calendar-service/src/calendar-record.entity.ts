import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A calendar as published: the YAML text and where it came from. Shipped files seed it at
 * start; an admin's PUT replaces it and is audited.
 */
@Entity('calendars')
export class CalendarRecordEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  source: string;

  @Column('char', { name: 'content_hash', length: 64 })
  contentHash: string;

  /** `config` (a shipped file) or `admin` (published through the API; config no longer overrides it). */
  @Column('text')
  origin: 'config' | 'admin';

  @Column('int', { default: 1 })
  revision: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
