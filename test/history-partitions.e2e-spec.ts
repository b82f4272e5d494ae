import { AUDIT_HISTORY, AuditEntry, AuditService } from '@tenggat/audit';
import { HISTORY_TABLES, HistoryPartitionsService } from '@tenggat/enforcement';
import { OutboxRepository } from '@tenggat/notifications';
import { AdjustableClock, AppConfig, HistoryPartitionsRepository, migrate } from '@tenggat/platform';
import { ALL_MIGRATIONS, dataSourceOptions, runMigrations } from '@tenggat/schema';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { dropDatabase } from './setup/global-setup';
import { ownDatabaseUrl } from './setup/test-env';
import { createTestApp, TestApp } from './support/test-app';
import { BullTimerQueue, SlaJob } from '@tenggat/sla';

/**
 * History partitioned by month (issue 16): the migration keeps existing rows, writes land in
 * their month, the worker creates months ahead, and the archive command exports, verifies,
 * detaches, and refuses an export that does not match. Its own database.
 */
describe('history partitioned by month (e2e)', () => {
  const url = ownDatabaseUrl('history');
  let db: DataSource;
  let audit: AuditService;
  let partitions: HistoryPartitionsRepository;
  const out = mkdtempSync(join(tmpdir(), 'tenggat-archive-test-'));

  const entry = (stream: string, at: string, n: number): AuditEntry => ({
    stream,
    actorId: null,
    actorRole: 'system',
    action: `test.step-${n}`,
    entityType: 'test',
    entityId: `${n}`,
    after: { n },
    at: new Date(at),
  });
  const append = (stream: string, at: string, n: number): Promise<{ seq: number }> => db.transaction((m) => audit.append(m, entry(stream, at, n)));
  /** Which table holds the row. */
  const holder = async (table: string, where: string, params: unknown[]): Promise<string[]> =>
    (await db.query<{ t: string }[]>(`SELECT tableoid::regclass::text AS t FROM ${table} WHERE ${where} ORDER BY 1`, params)).map((r) => r.t);
  const exists = async (name: string): Promise<boolean> => (await db.query<{ e: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS e', [name]))[0].e;
  const clockEvent = (applicationId: string, at: string): Promise<unknown> =>
    db.query(
      `INSERT INTO clock_events (clock_id, application_id, clock_kind, state_name, at, kind, actor_id, actor_role, reason, consumed_ms, remaining_ms, deadline_at)
       VALUES ($1, $2, 'statutory', NULL, $3, 'start', NULL, 'system', NULL, 0, 1000, NULL)`,
      [randomUUID(), applicationId, at],
    );
  const outboxEvent = (m: DataSource['manager'], at: string, dedupeKey: string | null): Promise<boolean> =>
    new OutboxRepository(db).insert(m, {
      type: 'application.submitted',
      schemaVersion: 1,
      caseId: null,
      agencyCode: 'test',
      applicantId: null,
      roles: [],
      occurredAt: new Date(at),
      data: {},
      dedupeKey,
    });
  const runCli = (...args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/history-archive.ts', ...args], {
      env: { ...process.env, DATABASE_URL: url, TS_NODE_PROJECT: 'tsconfig.json' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  const oldStream = `test:${randomUUID()}`;
  const oldCase = randomUUID();

  beforeAll(async () => {
    await dropDatabase(url);
    // the schema as it was before the partitioning migration, with rows in it
    const before = ALL_MIGRATIONS.filter((m) => m.name !== 'PartitionedHistory1796040000000');
    expect(before.length).toBe(ALL_MIGRATIONS.length - 1);
    await migrate({ ...dataSourceOptions(url), migrations: before });
    db = await new DataSource(dataSourceOptions(url)).initialize();
    audit = new AuditService(db);
    partitions = new HistoryPartitionsRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(url);
    rmSync(out, { recursive: true, force: true });
  });

  describe('the migration', () => {
    let seqsBefore: number[];
    beforeAll(async () => {
      seqsBefore = [];
      for (const [n, at] of ['2025-06-15T01:00:00Z', '2025-06-30T23:59:59.999Z', '2025-08-01T00:00:00Z'].entries())
        seqsBefore.push((await append(oldStream, at, n + 1)).seq);
      await clockEvent(oldCase, '2025-06-20T00:00:00Z');
      await clockEvent(oldCase, '2025-07-20T00:00:00Z');
      await db.query(
        `INSERT INTO outbox_events (id, type, schema_version, roles, occurred_at, data, dedupe_key)
         VALUES ($1, 'application.submitted', 1, '{}', '2025-07-02T00:00:00Z', '{}', 'reminder:old:1')`,
        [randomUUID()],
      );
      expect(await db.query(`SELECT relkind FROM pg_class WHERE relname = 'audit_events'`)).toEqual([{ relkind: 'r' }]);
      await runMigrations(url);
    });

    it('turns the three tables into partitioned tables, with monthly partitions from the oldest row and a default partition', async () => {
      for (const t of ['audit_events', 'clock_events', 'outbox_events']) {
        expect(await db.query(`SELECT relkind FROM pg_class WHERE relname = $1`, [t])).toEqual([{ relkind: 'p' }]);
        expect(await exists(`${t}_default`)).toBe(true);
      }
      expect(await exists('audit_events_2025_06')).toBe(true);
      expect(await exists('audit_events_2025_07')).toBe(true);
      expect(await exists('clock_events_2025_06')).toBe(true);
      expect(await exists('outbox_events_2025_07')).toBe(true);
      expect(await exists('outbox_events_2025_06')).toBe(false); // the outbox's oldest row is of July
      expect(await exists('audit_events_2025_05')).toBe(false);
    });

    it('keeps every row, in its month, and the chain still verifies and goes on', async () => {
      expect(await holder('audit_events', 'stream = $1', [oldStream])).toEqual(['audit_events_2025_06', 'audit_events_2025_06', 'audit_events_2025_08']);
      expect(await holder('clock_events', 'application_id = $1', [oldCase])).toEqual(['clock_events_2025_06', 'clock_events_2025_07']);
      expect(await holder('outbox_events', `dedupe_key = 'reminder:old:1'`, [])).toEqual(['outbox_events_2025_07']);
      await expect(audit.verify(oldStream)).resolves.toMatchObject({ ok: true, checked: 3 });
      const next = await append(oldStream, '2025-08-02T00:00:00Z', 4);
      expect(next.seq).toBeGreaterThan(Math.max(...seqsBefore)); // the id sequence was taken over
      await expect(audit.verify(oldStream)).resolves.toMatchObject({ ok: true, checked: 4 });
    });

    it('keeps a derived event once-only: a dedupe key written before the migration is still known', async () => {
      await expect(db.transaction((m) => outboxEvent(m, '2025-09-01T00:00:00Z', 'reminder:old:1'))).resolves.toBe(false);
      await expect(db.transaction((m) => outboxEvent(m, '2025-09-01T00:00:00Z', 'reminder:new:1'))).resolves.toBe(true);
      await expect(db.transaction((m) => outboxEvent(m, '2025-10-01T00:00:00Z', 'reminder:new:1'))).resolves.toBe(false);
      await expect(db.transaction((m) => outboxEvent(m, '2025-10-01T00:00:00Z', null))).resolves.toBe(true);
    });

    it('refuses an append outside READ COMMITTED (the partitioned unique key would not catch a fork)', async () => {
      await expect(db.transaction('REPEATABLE READ', (m) => audit.append(m, entry(oldStream, '2025-08-03T00:00:00Z', 5)))).rejects.toThrow(
        'audit: append runs at READ COMMITTED, not repeatable read',
      );
      await expect(audit.verify(oldStream)).resolves.toMatchObject({ ok: true, checked: 4 });
    });

    it('keeps the audit log append-only, on the parent and on each partition', async () => {
      await expect(db.query('DELETE FROM audit_events WHERE stream = $1', [oldStream])).rejects.toThrow('audit_events is append-only');
      await expect(db.query('UPDATE audit_events_2025_06 SET comment = $1', ['x'])).rejects.toThrow('audit_events is append-only');
      await expect(db.query('TRUNCATE audit_events_2025_06')).rejects.toThrow('audit_events is append-only');
    });
  });

  describe('writes and months', () => {
    it('lands writes in the partition of their month across a month boundary (injected time)', async () => {
      for (const t of HISTORY_TABLES) for (const m of ['2031-01-01', '2031-02-01']) await partitions.ensureMonth(t, new Date(`${m}T00:00:00Z`));
      const s = `test:${randomUUID()}`;
      const app = randomUUID();
      await append(s, '2031-01-31T23:59:59.999Z', 1);
      await append(s, '2031-02-01T00:00:00.000Z', 2);
      await clockEvent(app, '2031-01-31T23:59:59.999Z');
      await clockEvent(app, '2031-02-01T00:00:00.000Z');
      const key = randomUUID();
      await db.transaction((m) => outboxEvent(m, '2031-01-31T23:59:59.999Z', `${key}:1`));
      await db.transaction((m) => outboxEvent(m, '2031-02-01T00:00:00.000Z', `${key}:2`));
      expect(await holder('audit_events', 'stream = $1', [s])).toEqual(['audit_events_2031_01', 'audit_events_2031_02']);
      expect(await holder('clock_events', 'application_id = $1', [app])).toEqual(['clock_events_2031_01', 'clock_events_2031_02']);
      expect(await holder('outbox_events', 'dedupe_key LIKE $1', [`${key}:%`])).toEqual(['outbox_events_2031_01', 'outbox_events_2031_02']);
      await expect(audit.verify(s)).resolves.toMatchObject({ ok: true, checked: 2 });
    });

    it('a read bounded in time prunes to its months, the default partition included (EXPLAIN)', async () => {
      const plan = async (sql: string): Promise<string> => (await db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (COSTS OFF) ${sql}`)).map((r) => r['QUERY PLAN']).join('\n');
      const events = await plan(`SELECT count(*) FROM audit_events WHERE occurred_at >= '2031-01-01T00:00:00Z' AND occurred_at < '2031-02-01T00:00:00Z'`);
      expect(events).toContain('audit_events_2031_01');
      expect(events).not.toMatch(/audit_events_(2031_02|2025_|default)/);
      const clocks = await plan(`SELECT * FROM clock_events WHERE at >= '2031-02-01T00:00:00Z' AND at < '2031-03-01T00:00:00Z'`);
      expect(clocks).toContain('clock_events_2031_02');
      expect(clocks).not.toMatch(/clock_events_(2031_01|default)/);
    });

    it('never refuses a write outside every month (default partition), and moves it into its month when that month is created', async () => {
      const s = `test:${randomUUID()}`;
      await append(s, '2033-05-10T00:00:00Z', 1);
      await append(s, '2033-06-10T00:00:00Z', 2);
      expect(await holder('audit_events', 'stream = $1', [s])).toEqual(['audit_events_default', 'audit_events_default']);
      await expect(partitions.ensureMonth(AUDIT_HISTORY, new Date('2033-05-20T00:00:00Z'))).resolves.toEqual({ created: true, moved: 1 });
      await expect(partitions.ensureMonth(AUDIT_HISTORY, new Date('2033-05-01T00:00:00Z'))).resolves.toEqual({ created: false, moved: 0 });
      expect(await holder('audit_events', 'stream = $1', [s])).toEqual(['audit_events_2033_05', 'audit_events_default']);
      await expect(audit.verify(s)).resolves.toMatchObject({ ok: true, checked: 2 });
      // the move switched the default partition's append-only trigger off only for itself
      await expect(db.query('DELETE FROM audit_events_default WHERE stream = $1', [s])).rejects.toThrow('audit_events is append-only');
      await expect(db.query('DELETE FROM audit_events_2033_05 WHERE stream = $1', [s])).rejects.toThrow('audit_events is append-only');
    });

    it("the worker's maintenance creates this month and HISTORY_MONTHS_AHEAD months ahead of every history table, once", async () => {
      const clock = new AdjustableClock();
      clock.set(new Date('2034-11-15T12:00:00Z'));
      const config = { get: (k: string) => (k === 'HISTORY_MONTHS_AHEAD' ? 2 : undefined) } as unknown as AppConfig;
      const service = new HistoryPartitionsService(db, config, clock);
      const first = await service.ensureAhead();
      expect(first.created.sort()).toEqual(
        ['audit_events', 'clock_events', 'outbox_events'].flatMap((t) => [`${t}_2034_11`, `${t}_2034_12`, `${t}_2035_01`]).sort(),
      );
      expect(await exists('audit_events_2035_02')).toBe(false);
      // the June 2033 event above is still outside every month: the pass says so
      expect(first.defaultRows).toEqual({ audit_events: 1, clock_events: 0, outbox_events: 0 });
      await expect(service.ensureAhead()).resolves.toMatchObject({ created: [], moved: 0 });
      // every new partition of the audit log refuses changes too
      await expect(db.query('TRUNCATE audit_events_2035_01')).rejects.toThrow('audit_events is append-only');
    });
  });

  describe('npm run history:archive', () => {
    const s = `test:${randomUUID()}`;
    const app = randomUUID();
    beforeAll(async () => {
      for (const t of HISTORY_TABLES)
        for (const m of ['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01']) await partitions.ensureMonth(t, new Date(`${m}T00:00:00Z`));
      await append(s, '2020-01-10T00:00:00Z', 1);
      await append(s, '2020-02-20T00:00:00Z', 2);
      await append(s, '2020-04-05T00:00:00Z', 3);
      await clockEvent(app, '2020-01-11T00:00:00Z');
      await db.transaction((m) => outboxEvent(m, '2020-01-12T00:00:00Z', `archived:${app}`));
    });
    /** Months from now back to April 2020: partitions that ended before April 2020 are past it. */
    const retention = (): string => {
      const now = new Date();
      return String((now.getUTCFullYear() - 2020) * 12 + now.getUTCMonth() - 3);
    };

    it('--dry-run lists what it would archive and changes nothing', () => {
      const r = runCli('--older-than-months', retention(), '--out', out, '--dry-run');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('audit_events_2020_01: 1 row(s) would be exported');
      expect(r.stdout).not.toContain('audit_events_2020_04');
    });

    it('refuses to detach when the export is short or corrupted, and says why', async () => {
      const exp = runCli('--older-than-months', retention(), '--out', out, '--export-only');
      expect([exp.status, exp.stderr]).toEqual([0, '']);
      const file = join(out, 'audit_events_2020_01.ndjson.gz');
      const manifest = JSON.parse(readFileSync(join(out, 'audit_events_2020_01.manifest.json'), 'utf8')) as { rows: number; sha256: string };
      expect(manifest.rows).toBe(1);
      const original = readFileSync(file);

      writeFileSync(file, original.subarray(0, Math.floor(original.length / 2))); // short: cut in the middle
      const short = runCli('--older-than-months', retention(), '--out', out);
      expect(short.status).toBe(1);
      expect(short.stdout).toContain('audit_events_2020_01: REFUSED, not detached');
      expect(await exists('audit_events_2020_01')).toBe(true);
      // one bad export holds back only its own partition
      expect(short.stdout).toContain('audit_events_2020_02: detached and dropped');
      expect(short.stdout).toContain('clock_events_2020_01: detached and dropped');

      const text = gunzipSync(original).toString('utf8').replace('"test.step-1"', '"test.step-X"');
      writeFileSync(file, gzipSync(text)); // whole, readable, but not the table's rows
      const corrupted = runCli('--older-than-months', retention(), '--out', out);
      expect(corrupted.status).toBe(1);
      expect(corrupted.stdout).toMatch(/audit_events_2020_01: REFUSED, not detached: the file holds 1 row\(s\) \(sha256 [0-9a-f]{64}\), its manifest says 1/);
      expect(await exists('audit_events_2020_01')).toBe(true);
      writeFileSync(file, original);
    });

    it('exports, verifies, detaches and drops the partitions past the retention; the chain still verifies from the archived boundary', async () => {
      const r = runCli('--older-than-months', retention(), '--out', out);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('audit_events_2020_01: export verified');
      expect(r.stdout).toContain('audit_events_2020_01: detached and dropped');
      const gone = HISTORY_TABLES.flatMap((t) => ['2020_01', '2020_02', '2020_03'].map((m) => `${t.table}_${m}`));
      for (const p of gone) expect(await exists(p)).toBe(false);
      expect((await partitions.archived()).map((a) => a.partition).sort()).toEqual(gone.sort());
      for (const kept of ['audit_events_2020_04', 'clock_events_2020_04', 'audit_events_2025_06']) expect(await exists(kept)).toBe(true);

      const lines = gunzipSync(readFileSync(join(out, 'audit_events_2020_02.ndjson.gz'))).toString('utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { stream: string; stream_seq: number }).stream_seq)).toEqual([2]);
      const [manifest] = await partitions.archived('clock_events').then((a) => a.filter((p) => p.partition === 'clock_events_2020_01'));
      expect(manifest).toMatchObject({ rows: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

      expect(await db.query('SELECT stream_seq, partition FROM audit_archived_heads WHERE stream = $1', [s])).toEqual([
        { stream_seq: 2, partition: 'audit_events_2020_02' },
      ]);
      await expect(audit.verify(s)).resolves.toMatchObject({ ok: true, streams: 1, checked: 1 });
      const all = await audit.verify();
      expect(all).toMatchObject({ ok: true, brokenStreams: 0 });
      const events = await db.query<{ entity_id: string; data: { rows: number } }[]>(
        `SELECT entity_id, data FROM audit_events WHERE stream = 'history' AND action = 'history.partition-archived' ORDER BY seq`,
      );
      expect(events.map((e) => e.entity_id)).toContain('audit_events_2020_01');
      expect(events.find((e) => e.entity_id === 'clock_events_2020_01')?.data.rows).toBe(1);

      // the outbox's once-only keys of the archived months are forgotten with them
      expect(await db.query('SELECT 1 FROM outbox_dedupe_keys WHERE dedupe_key = $1', [`archived:${app}`])).toEqual([]);
      expect(await db.query(`SELECT 1 FROM outbox_dedupe_keys WHERE dedupe_key = 'reminder:new:1'`)).toHaveLength(1);

      const again = runCli('--older-than-months', retention(), '--out', out);
      expect([again.status, again.stdout]).toEqual([0, expect.stringContaining('0 partition(s) archived, 0 refused')]);
    });

    it('a tampered link right after the archived boundary is still caught', async () => {
      await db.transaction(async (m) => {
        await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await m.query(`UPDATE audit_events SET prev_hash = repeat('0', 64) WHERE stream = $1 AND stream_seq = 3`, [s]);
        await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
      await expect(audit.verify(s)).resolves.toMatchObject({ ok: false, firstBroken: { streamSeq: 3, reason: 'prev-hash-mismatch' } });
    });

    it('refuses bad arguments', () => {
      expect(runCli('--out', out).status).toBe(2);
      expect(runCli('--older-than-months', '0', '--out', out).status).toBe(2);
    });
  });

  describe('in the running worker', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('schedules the maintenance daily, and the job creates the months ahead of its clock', async () => {
      const queue = t.app.get(BullTimerQueue).queue;
      await expect(queue.getJobScheduler('history-partitions')).resolves.toMatchObject({ every: 86_400_000, name: SlaJob.HistoryPartitions });
      // what the daily job runs (SlaProcessor: SlaJob.HistoryPartitions), called directly, its clock
      // in 2041 only while it reads it (its first, synchronous step): through the queue on the run's
      // shared database, the jump made every earlier file's clocks due, and the job waited behind
      // the worker's flag batches past a minute in CI (open; see the closing note of session 12)
      t.clock.set(new Date('2041-06-10T00:00:00Z'));
      const made = t.app.get(HistoryPartitionsService).ensureAhead();
      t.clock.reset();
      await made;
      const present = async (name: string): Promise<boolean> => (await t.db.query<{ e: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS e', [name]))[0].e;
      for (const table of ['audit_events', 'clock_events', 'outbox_events'])
        for (const month of ['2041_06', '2041_07', '2041_08', '2041_09']) expect(await present(`${table}_${month}`)).toBe(true);
      expect(await present('audit_events_2041_10')).toBe(false);
    }, 120_000);
  });
});
