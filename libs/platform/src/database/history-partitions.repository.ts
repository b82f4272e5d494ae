import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A history table partitioned by month (native range partitioning on a time column), as its
 * owning module declares it (audit: audit_events, sla: clock_events, notifications: the outbox).
 * Partitions are named `<table>_YYYY_MM` and cover [first instant of the month, first of the
 * next) in UTC; `<table>_default` catches any row outside them, so no write is ever refused.
 */
export interface MonthlyPartitionedTable {
  /** The partitioned parent. */
  readonly table: string;
  /** The time column it is partitioned by. */
  readonly column: string;
  /** The primary key's leading column: the order of an export. */
  readonly orderBy: string;
  /** A statement-level trigger function every partition carries too (e.g. the audit log's append-only guard). */
  readonly statementTrigger?: string;
}

/** One monthly partition: its name and the instants it covers. */
export interface MonthPartition {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
}

/** One archived partition, as the archive manifest keeps it. */
export interface ArchivedPartition {
  parentTable: string;
  partition: string;
  rangeFrom: Date;
  rangeTo: Date;
  rows: number;
  sha256: string;
  file: string;
  archivedAt: Date;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
};

/** The first instant of the UTC month of `at`, moved by `add` months. */
export function monthStart(at: Date, add = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + add, 1));
}

/** `<table>_YYYY_MM`. */
export function partitionName(table: string, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month a partition name covers (null for the default partition or a foreign name). */
export function partitionMonth(table: string, name: string): MonthPartition | null {
  const m = new RegExp(`^${table}_(\\d{4})_(\\d{2})$`).exec(name);
  if (!m) return null;
  const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return { name, from, to: monthStart(from, 1) };
}

/**
 * The generic SQL of monthly partitions, for every owner's table: create a month (moving any
 * of its rows out of the default partition first), list, stream for export, detach and drop,
 * and the archive manifest (`history_archives`, owned here).
 */
export class HistoryPartitionsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Creates the month's partition unless it exists. The new table is filled with the rows the
   * default partition already holds for that month (deleted there in the same transaction),
   * then attached: writes to other months never wait, and none is refused meanwhile (the
   * default partition is locked against inserts only while its rows move). Answers whether it
   * created the partition and how many rows it moved.
   */
  async ensureMonth(t: MonthlyPartitionedTable, month: Date): Promise<{ created: boolean; moved: number }> {
    const from = monthStart(month);
    const to = monthStart(from, 1);
    const name = partitionName(t.table, from);
    const parent = ident(t.table);
    const part = ident(name);
    const def = ident(`${t.table}_default`);
    const col = ident(t.column);
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tenggat:partitions:${t.table}`]);
      const [{ exists }] = await m.query<{ exists: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS exists', [name]);
      if (exists) return { created: false, moved: 0 };
      await m.query(`CREATE TABLE ${part} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      let moved = 0;
      const [{ hasDefault }] = await m.query<{ hasDefault: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS "hasDefault"', [`${t.table}_default`]);
      if (hasDefault) {
        await m.query(`LOCK TABLE ${def} IN EXCLUSIVE MODE`);
        const [{ n }] = await m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${def} WHERE ${col} >= $1 AND ${col} < $2`, [from, to]);
        if (n > 0) {
          // the default partition carries the owner's statement trigger (append-only for the audit log): a move is not a change
          if (t.statementTrigger) await m.query(`ALTER TABLE ${def} DISABLE TRIGGER ${ident(t.statementTrigger)}`);
          await m.query(
            `WITH moved AS (DELETE FROM ${def} WHERE ${col} >= $1 AND ${col} < $2 RETURNING *) INSERT INTO ${part} SELECT * FROM moved`,
            [from, to],
          );
          if (t.statementTrigger) await m.query(`ALTER TABLE ${def} ENABLE TRIGGER ${ident(t.statementTrigger)}`);
          moved = n;
        }
      }
      await m.query(`ALTER TABLE ${parent} ATTACH PARTITION ${part} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`);
      if (t.statementTrigger) await this.addStatementTrigger(m, name, t.statementTrigger);
      return { created: true, moved };
    });
  }

  /** The owner's statement-level trigger on one partition (BEFORE UPDATE OR DELETE OR TRUNCATE). */
  private async addStatementTrigger(m: EntityManager, partition: string, fn: string): Promise<void> {
    await m.query(
      `CREATE TRIGGER ${ident(fn)} BEFORE UPDATE OR DELETE OR TRUNCATE ON ${ident(partition)} FOR EACH STATEMENT EXECUTE FUNCTION ${ident(fn)}()`,
    );
  }

  /** The monthly partitions attached to the table, oldest first (the default partition is not one). */
  async months(t: MonthlyPartitionedTable): Promise<MonthPartition[]> {
    const rows = await this.db.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass($1) ORDER BY c.relname`,
      [t.table],
    );
    return rows.map((r) => partitionMonth(t.table, r.name)).filter((p): p is MonthPartition => p !== null);
  }

  /** Rows in the default partition (0 when there is none): rows outside every month. */
  async defaultRows(t: MonthlyPartitionedTable): Promise<number> {
    const [{ present }] = await this.db.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [`${t.table}_default`]);
    if (!present) return 0;
    const [{ n }] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${ident(`${t.table}_default`)}`);
    return n;
  }

  async rowCount(partition: string): Promise<number> {
    const [{ n }] = await this.db.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM ${ident(partition)}`);
    return Number(n);
  }

  /** Each row of the partition as one JSON text, in primary key order, through a server-side cursor. */
  async *jsonLines(t: MonthlyPartitionedTable, partition: string): AsyncGenerator<string> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let stream: Readable | undefined;
    try {
      stream = await runner.stream(`SELECT row_to_json(p)::text AS line FROM ${ident(partition)} p ORDER BY ${ident(t.orderBy)}`);
      for await (const row of stream) yield (row as { line: string }).line;
    } finally {
      stream?.destroy();
      await runner.release();
    }
  }

  /**
   * Detaches and drops the partition and records it in the archive manifest, in one transaction
   * with whatever `before` records (the owner's boundary, the audit event). Answers false when
   * the partition is already gone (another run archived it).
   */
  async detachAndDrop(t: MonthlyPartitionedTable, entry: ArchivedPartition, before: (m: EntityManager) => Promise<void>): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tenggat:partitions:${t.table}`]);
      const [{ present }] = await m.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [entry.partition]);
      if (!present) return false;
      const [{ n }] = await m.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM ${ident(entry.partition)}`);
      if (Number(n) !== entry.rows) throw new Error(`${entry.partition} holds ${n} rows, the verified export ${entry.rows}: not detached`);
      await before(m);
      await m.query(`ALTER TABLE ${ident(t.table)} DETACH PARTITION ${ident(entry.partition)}`);
      await m.query(`DROP TABLE ${ident(entry.partition)}`);
      await m.query(
        `INSERT INTO history_archives (partition, parent_table, range_from, range_to, rows, sha256, file, archived_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [entry.partition, entry.parentTable, entry.rangeFrom, entry.rangeTo, entry.rows, entry.sha256, entry.file, entry.archivedAt],
      );
      return true;
    });
  }

  /** The archive manifest, oldest range first. */
  async archived(parentTable?: string): Promise<ArchivedPartition[]> {
    const rows = await this.db.query<
      { partition: string; parent_table: string; range_from: Date; range_to: Date; rows: string; sha256: string; file: string; archived_at: Date }[]
    >(
      `SELECT partition, parent_table, range_from, range_to, rows::text, sha256, file, archived_at FROM history_archives
        WHERE $1::text IS NULL OR parent_table = $1 ORDER BY range_from, partition`,
      [parentTable ?? null],
    );
    return rows.map((r) => ({
      partition: r.partition,
      parentTable: r.parent_table,
      rangeFrom: r.range_from,
      rangeTo: r.range_to,
      rows: Number(r.rows),
      sha256: r.sha256,
      file: r.file,
      archivedAt: r.archived_at,
    }));
  }
}
