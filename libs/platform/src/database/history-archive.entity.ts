import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The archive manifest: one row per monthly partition of a history table that
 * `npm run history:archive` exported, verified, detached and dropped (HistoryPartitionsRepository).
 */
@Entity('history_archives')
export class HistoryArchiveEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_history_archives' })
  partition: string;

  @Column('text', { name: 'parent_table' })
  parentTable: string;

  @Column('timestamptz', { name: 'range_from' })
  rangeFrom: Date;

  @Column('timestamptz', { name: 'range_to' })
  rangeTo: Date;

  @Column('bigint')
  rows: string;

  /** SHA-256 of the export's NDJSON (uncompressed). */
  @Column('character', { length: 64 })
  sha256: string;

  /** Where the export was written. */
  @Column('text')
  file: string;

  @Column('timestamptz', { name: 'archived_at' })
  archivedAt: Date;
}

export const PLATFORM_ENTITIES: Function[] = [HistoryArchiveEntity];
