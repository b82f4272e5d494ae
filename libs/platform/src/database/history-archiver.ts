import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { EntityManager } from 'typeorm';
import { ArchivedPartition, HistoryPartitionsRepository, monthStart, MonthlyPartitionedTable, MonthPartition } from './history-partitions.repository';

/** What an export's manifest file says (`<partition>.manifest.json`, beside `<partition>.ndjson.gz`). */
export interface ExportManifest {
  table: string;
  partition: string;
  from: string;
  to: string;
  rows: number;
  /** SHA-256 of the NDJSON (uncompressed): one `row_to_json` text per row, in primary key order, each ending in a newline. */
  sha256: string;
  format: 'ndjson+gzip';
  exportedAt: string;
}

/** One history table to archive, and what its owner records in the archiving transaction. */
export interface ArchiveTable {
  table: MonthlyPartitionedTable;
  /** E.g. the audit log's per-stream archived boundary, the outbox's once-only keys of the month. */
  beforeDetach?: (m: EntityManager, partition: MonthPartition, at: Date) => Promise<unknown>;
}

export interface ArchiveOptions {
  /** Partitions whose month ended before the first instant of the month `olderThanMonths` before `now` are archived. */
  olderThanMonths: number;
  outDir: string;
  dryRun: boolean;
  /** Export and verify only, leave the partitions attached (e.g. to copy the files away first). */
  exportOnly?: boolean;
  now: Date;
  /** Progress, one line at a time. */
  log: (line: string) => void;
  /** Told of each archived partition in its archiving transaction (the audit event). */
  onArchived?: (m: EntityManager, archived: ArchivedPartition) => Promise<unknown>;
}

export interface ArchiveReport {
  cutoff: Date;
  archived: ArchivedPartition[];
  /** Partitions exported and verified but left attached (export only). */
  exported: string[];
  /** Partitions that would be archived (dry run). */
  planned: { partition: string; rows: number }[];
  /** Partitions whose export did not verify: left attached. */
  refused: { partition: string; reason: string }[];
}

/** The export of a partition does not match the table: it is not detached. */
export class ExportMismatch extends Error {}

const sha256Lines = async (lines: AsyncIterable<string>): Promise<{ rows: number; sha256: string }> => {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const line of lines) {
    hash.update(`${line}\n`);
    rows++;
  }
  return { rows, sha256: hash.digest('hex') };
};

async function* fileLines(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

/**
 * Archives the monthly partitions of the history tables older than the retention: for each, an
 * export (gzipped NDJSON and a manifest with the row count and SHA-256), then a verification of
 * the export (the file re-read: its rows counted and hashed, against the manifest and against
 * the table read again), and only then DETACH PARTITION and DROP, with the archive manifest row
 * and the owner's records in one transaction. A partition whose month is not wholly past the
 * retention is never touched. Idempotent: an archived partition is gone; an export left by an
 * interrupted run is verified like a fresh one (never trusted), and a bad one refuses.
 */
export class HistoryArchiver {
  constructor(private readonly partitions: HistoryPartitionsRepository) {}

  async archive(tables: readonly ArchiveTable[], o: ArchiveOptions): Promise<ArchiveReport> {
    const cutoff = monthStart(o.now, -o.olderThanMonths);
    const report: ArchiveReport = { cutoff, archived: [], exported: [], planned: [], refused: [] };
    o.log(`archiving monthly partitions that ended by ${cutoff.toISOString()} (older than ${o.olderThanMonths} months)${o.dryRun ? ' [dry run]' : ''}`);
    if (!o.dryRun) await mkdir(o.outDir, { recursive: true });
    for (const t of tables) {
      const months = await this.partitions.months(t.table);
      const due = months.filter((p) => p.to.getTime() <= cutoff.getTime());
      o.log(`${t.table.table}: ${months.length} monthly partition(s), ${due.length} past the retention`);
      for (const p of due) {
        const rows = await this.partitions.rowCount(p.name);
        if (o.dryRun) {
          report.planned.push({ partition: p.name, rows });
          o.log(`  ${p.name}: ${rows} row(s) would be exported, verified, detached and dropped`);
          continue;
        }
        try {
          const archived = await this.archiveOne(t, p, o);
          if (archived === 'exported') report.exported.push(p.name);
          else if (archived) report.archived.push(archived);
        } catch (e) {
          if (!(e instanceof ExportMismatch)) throw e;
          report.refused.push({ partition: p.name, reason: e.message });
          o.log(`  ${p.name}: REFUSED, not detached: ${e.message}`);
        }
      }
    }
    return report;
  }

  private async archiveOne(t: ArchiveTable, p: MonthPartition, o: ArchiveOptions): Promise<ArchivedPartition | 'exported' | null> {
    const file = resolve(join(o.outDir, `${p.name}.ndjson.gz`));
    const manifestFile = resolve(join(o.outDir, `${p.name}.manifest.json`));
    let manifest: ExportManifest;
    if (existsSync(file) && existsSync(manifestFile)) {
      o.log(`  ${p.name}: an export is already there (an earlier run): verifying it`);
      manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as ExportManifest;
    } else {
      manifest = await this.export(t.table, p, file, manifestFile, o.now);
      o.log(`  ${p.name}: exported ${manifest.rows} row(s) to ${file} (sha256 ${manifest.sha256})`);
    }
    await this.verify(t.table, p, file, manifest);
    o.log(`  ${p.name}: export verified (file and table: ${manifest.rows} row(s), sha256 ${manifest.sha256})`);
    if (o.exportOnly) return 'exported';
    const entry: ArchivedPartition = {
      parentTable: t.table.table,
      partition: p.name,
      rangeFrom: p.from,
      rangeTo: p.to,
      rows: manifest.rows,
      sha256: manifest.sha256,
      file,
      archivedAt: o.now,
    };
    const done = await this.partitions.detachAndDrop(t.table, entry, async (m) => {
      if (t.beforeDetach) await t.beforeDetach(m, p, o.now);
      if (o.onArchived) await o.onArchived(m, entry);
    });
    o.log(done ? `  ${p.name}: detached and dropped` : `  ${p.name}: already archived by another run`);
    return done ? entry : null;
  }

  private async export(t: MonthlyPartitionedTable, p: MonthPartition, file: string, manifestFile: string, now: Date): Promise<ExportManifest> {
    const tmp = `${file}.partial`;
    const hash = createHash('sha256');
    let rows = 0;
    const lines = this.partitions.jsonLines(t, p.name);
    const counted = async function* (): AsyncGenerator<string> {
      for await (const line of lines) {
        const text = `${line}\n`;
        hash.update(text);
        rows++;
        yield text;
      }
    };
    await pipeline(Readable.from(counted()), createGzip(), createWriteStream(tmp));
    await rename(tmp, file);
    const manifest: ExportManifest = {
      table: t.table,
      partition: p.name,
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      rows,
      sha256: hash.digest('hex'),
      format: 'ndjson+gzip',
      exportedAt: now.toISOString(),
    };
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  /** The file re-read against its manifest, and the table read again against both. */
  private async verify(t: MonthlyPartitionedTable, p: MonthPartition, file: string, manifest: ExportManifest): Promise<void> {
    if (manifest.partition !== p.name || manifest.table !== t.table) throw new ExportMismatch(`the manifest describes ${manifest.partition} of ${manifest.table}`);
    let inFile: { rows: number; sha256: string };
    try {
      inFile = await sha256Lines(fileLines(file));
    } catch (e) {
      throw new ExportMismatch(`the export cannot be read back (${(e as Error).message}); delete ${file} and its manifest to export again`);
    }
    const inTable = await sha256Lines(this.partitions.jsonLines(t, p.name));
    const problems: string[] = [];
    if (inFile.rows !== manifest.rows || inFile.sha256 !== manifest.sha256)
      problems.push(`the file holds ${inFile.rows} row(s) (sha256 ${inFile.sha256}), its manifest says ${manifest.rows} (sha256 ${manifest.sha256})`);
    if (inTable.rows !== inFile.rows || inTable.sha256 !== inFile.sha256)
      problems.push(`the table holds ${inTable.rows} row(s) (sha256 ${inTable.sha256}), the file ${inFile.rows} (sha256 ${inFile.sha256})`);
    if (problems.length) throw new ExportMismatch(`${problems.join('; ')}; delete ${file} and its manifest to export again`);
  }
}
