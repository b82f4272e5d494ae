import 'reflect-metadata';
import { AUDIT_HISTORY, AuditService } from '@tenggat/audit';
import { HISTORY_TABLES } from '@tenggat/enforcement';
import { OUTBOX_HISTORY, OutboxRepository } from '@tenggat/notifications';
import { ArchiveTable, HistoryArchiver, HistoryPartitionsRepository, validateEnv } from '@tenggat/platform';
import { dataSourceOptions } from '@tenggat/schema';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { runCli } from './run-cli';

const USAGE = 'usage: npm run history:archive -- --older-than-months <n> --out <dir> [--dry-run | --export-only]';

/**
 * `npm run history:archive -- --older-than-months 24 --out /archive [--dry-run]`: exports every
 * monthly partition of audit_events, clock_events and outbox_events whose month ended more than
 * n months ago (gzipped NDJSON and a manifest with row count and SHA-256), verifies the export
 * against the table, then detaches and drops the partition, records it in history_archives and
 * on the audit log (stream `history`); the audit log keeps each stream's archived boundary and
 * the outbox forgets the month's once-only keys. `--export-only` stops after the verified export. Idempotent. Exit 0 when every due partition was archived,
 * 1 when an export did not verify (that partition stays attached), 2 on bad arguments or errors.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'older-than-months': { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'export-only': { type: 'boolean', default: false },
    },
  });
  const months = Number(values['older-than-months']);
  if (!Number.isInteger(months) || months < 1 || values.out === undefined || values.out === '') {
    console.error(USAGE);
    return 2;
  }
  const env = validateEnv(process.env);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await db.initialize();
  try {
    const audit = new AuditService(db);
    const outbox = new OutboxRepository(db);
    const owners: Record<string, ArchiveTable['beforeDetach']> = {
      [AUDIT_HISTORY.table]: (m, p, at) => audit.recordArchivedHeads(m, p.name, at),
      [OUTBOX_HISTORY.table]: (m, p) => outbox.forgetDedupeKeys(m, p.from, p.to),
    };
    const tables: ArchiveTable[] = HISTORY_TABLES.map((table) => ({ table, beforeDetach: owners[table.table] }));
    const report = await new HistoryArchiver(new HistoryPartitionsRepository(db)).archive(tables, {
      olderThanMonths: months,
      outDir: values.out,
      dryRun: values['dry-run'] ?? false,
      exportOnly: values['export-only'] ?? false,
      now: new Date(),
      log: (line) => console.log(line),
      onArchived: (m, a) =>
        audit.append(m, {
          stream: 'history',
          actorId: null,
          actorRole: 'system',
          action: 'history.partition-archived',
          entityType: 'partition',
          entityId: a.partition,
          data: { table: a.parentTable, from: a.rangeFrom, to: a.rangeTo, rows: a.rows, sha256: a.sha256, file: a.file },
          at: a.archivedAt,
        }),
    });
    const planned = report.planned.length ? `, ${report.planned.length} would be` : '';
    const exported = report.exported.length ? `, ${report.exported.length} exported and verified (left attached)` : '';
    console.log(`${report.archived.length} partition(s) archived${planned}${exported}, ${report.refused.length} refused`);
    return report.refused.length ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

runCli(main);
