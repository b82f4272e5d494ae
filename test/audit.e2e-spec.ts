import { AuditEntry, AuditService, GENESIS_HASH, VerifyResult } from '@tenggat/audit';
import { RequestContext } from '@tenggat/platform';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@tenggat/schema';
import { dropDatabase } from './setup/global-setup';
import { ownDatabaseUrl } from './setup/test-env';
import { createAdmin, TestUser } from './support/auth';
import { createTestApp, TestApp } from './support/test-app';

const TRIGGER = 'audit_events_append_only';

describe('audit log (e2e)', () => {
  let t: TestApp;
  let audit: AuditService;
  let db: DataSource;
  let admin: TestUser;

  const entry = (stream: string, n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    stream,
    actorId: null,
    actorRole: 'system',
    action: `test.step-${n}`,
    entityType: 'test',
    entityId: `${n}`,
    after: { n, nested: { b: [1, 2, { z: true, a: null }], a: 'x' } },
    data: { at: new Date('2026-03-02T03:04:05.678Z') },
    at: t.clock.now(),
    ...extra,
  });
  const appendMany = async (stream: string, count: number): Promise<number[]> => {
    const seqs: number[] = [];
    for (let i = 1; i <= count; i++) seqs.push((await db.transaction((m) => audit.append(m, entry(stream, i)))).seq);
    return seqs;
  };
  /** What a superuser can do: switch the trigger off, change the table, switch it on, in one transaction. */
  const asSuperuser = (sql: string, params: unknown[]): Promise<void> =>
    db.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
    });
  const stream = (): string => `test:${randomUUID()}`;
  /** What verify answers for one intact stream of n events. */
  const intact = (checked: number): VerifyResult => ({ ok: true, streams: 1, checked, brokenStreams: 0, broken: [] });

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    db = t.db;
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('a batch append continues each stream after its last link, even when the head hint is later than the stream (no fork)', async () => {
    const [a, b] = [stream(), stream()];
    await appendMany(a, 2);
    const later = new Date(t.clock.now().getTime() + 90 * 86_400_000); // a wrong hint: after every link of the stream
    await db.transaction((m) => audit.appendMany(m, [entry(a, 3), entry(b, 1), entry(a, 4)], { notBefore: new Map([[a, later], [b, later]]) }));
    const rows = await db.query<{ stream: string; stream_seq: number }[]>('SELECT stream, stream_seq FROM audit_events WHERE stream = ANY($1) ORDER BY stream, stream_seq', [[a, b]]);
    expect(rows.filter((r) => r.stream === a).map((r) => r.stream_seq)).toEqual([1, 2, 3, 4]);
    expect(rows.filter((r) => r.stream === b).map((r) => r.stream_seq)).toEqual([1]);
    expect(await audit.verify(a)).toEqual(intact(4));
    expect(await audit.verify(b)).toEqual(intact(1));
  });

  it('chains the events of a stream: stream_seq 1, 2, 3; prev_hash the previous hash; genesis zeros', async () => {
    const s = stream();
    const caseId = randomUUID();
    await RequestContext.run({ requestId: 'req-audit-1' }, () =>
      db.transaction(async (m) => {
        await audit.append(m, entry(s, 1, { caseId, actorId: admin.id.toUpperCase(), actorRole: 'admin', comment: 'pertama' }));
        await audit.append(m, entry(s, 2, { caseId, requestId: 'given' }));
      }),
    );
    await appendMany(s, 1);
    const rows = await db.query('SELECT * FROM audit_events WHERE stream = $1 ORDER BY stream_seq', [s]);
    expect(rows.map((r: { stream_seq: number }) => r.stream_seq)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    expect(rows.every((r: { hash: string }) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    expect(rows[0]).toMatchObject({ actor_id: admin.id, actor_role: 'admin', comment: 'pertama', request_id: 'req-audit-1', case_id: caseId });
    expect(rows[1].request_id).toBe('given');
    expect(rows[0].data).toEqual({ at: '2026-03-02T03:04:05.678Z' });
    await expect(audit.verify(s)).resolves.toEqual(intact(3));
    expect((await audit.listForCase(caseId)).map((e) => e.action)).toEqual(['test.step-1', 'test.step-2']);
    expect(await audit.listForCase('not-a-uuid')).toEqual([]);
  });

  it('writes in the caller\'s transaction: a rollback leaves no event and no gap', async () => {
    const s = stream();
    await appendMany(s, 1);
    await expect(
      db.transaction(async (m) => {
        await audit.append(m, entry(s, 2));
        throw new Error('the change being recorded failed');
      }),
    ).rejects.toThrow('the change being recorded failed');
    await appendMany(s, 1);
    const rows = await db.query('SELECT stream_seq FROM audit_events WHERE stream = $1 ORDER BY stream_seq', [s]);
    expect(rows).toEqual([{ stream_seq: 1 }, { stream_seq: 2 }]);
    await expect(audit.verify(s)).resolves.toMatchObject({ ok: true, checked: 2 });
  });

  it('serialises concurrent appends to one stream without forking the chain', async () => {
    const s = stream();
    await Promise.all(Array.from({ length: 12 }, (_, i) => db.transaction((m) => audit.append(m, entry(s, i)))));
    const rows = await db.query('SELECT stream_seq FROM audit_events WHERE stream = $1 ORDER BY stream_seq', [s]);
    expect(rows.map((r: { stream_seq: number }) => r.stream_seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await expect(audit.verify(s)).resolves.toEqual(intact(12));
  });

  it('does not make one stream wait for another', async () => {
    const [a, b] = [stream(), stream()];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const firstAppended = new Promise<void>((r) => (appended = r));
    const holder = db.transaction(async (m) => {
      await audit.append(m, entry(a, 1));
      appended();
      await held; // keeps stream a's lock
    });
    await firstAppended;
    const other = await Promise.race([
      db.transaction((m) => audit.append(m, entry(b, 1))).then(() => 'done'),
      new Promise((r) => setTimeout(() => r('blocked'), 3000)),
    ]);
    release();
    await holder;
    expect(other).toBe('done');
  });

  it('verifies every chain, batch by batch', async () => {
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM audit_events');
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThanOrEqual(n);
    const s = stream();
    await appendMany(s, 7);
    await expect(audit.verify(s, { batchSize: 2 })).resolves.toEqual(intact(7));
    const small = await audit.verify(undefined, { batchSize: 3 });
    expect(small.ok).toBe(true);
    expect(small.checked).toBeGreaterThanOrEqual(result.checked + 7);
  });

  it('finds a broken link behind a batch boundary', async () => {
    const s = stream();
    const seqs = await appendMany(s, 5);
    const [original] = await db.query('SELECT entity_id FROM audit_events WHERE seq = $1', [seqs[3]]);
    await asSuperuser(`UPDATE audit_events SET entity_id = 'other' WHERE seq = $1`, [seqs[3]]);
    try {
      await expect(audit.verify(s, { batchSize: 2 })).resolves.toMatchObject({
        ok: false,
        checked: 3,
        firstBroken: { seq: seqs[3], streamSeq: 4, reason: 'hash-mismatch' },
      });
    } finally {
      await asSuperuser('UPDATE audit_events SET entity_id = $2 WHERE seq = $1', [seqs[3], original.entity_id]);
    }
  });

  describe('the database refuses changes', () => {
    let seq: number;
    beforeAll(async () => {
      [seq] = await appendMany(stream(), 1);
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET comment = 'x' WHERE seq = $1`],
      ['UPDATE of no row', `UPDATE audit_events SET comment = 'x' WHERE seq = -($1::bigint)`],
      ['DELETE', 'DELETE FROM audit_events WHERE seq = $1'],
    ])('%s', async (_what, sql) => {
      await expect(db.query(sql, [seq])).rejects.toThrow('audit_events is append-only');
    });

    it('TRUNCATE', async () => {
      await expect(db.query('TRUNCATE audit_events')).rejects.toThrow('audit_events is append-only');
    });
  });

  describe('tampering (as a superuser, with the trigger switched off)', () => {
    it('names the altered event: hash-mismatch', async () => {
      const s = stream();
      const seqs = await appendMany(s, 3);
      const [original] = await db.query('SELECT after FROM audit_events WHERE seq = $1', [seqs[1]]);
      await asSuperuser(`UPDATE audit_events SET after = jsonb_set(after, '{n}', '99') WHERE seq = $1`, [seqs[1]]);
      try {
        const result = await audit.verify(s);
        expect(result).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: seqs[1], stream: s, streamSeq: 2, reason: 'hash-mismatch' } });

        const all = await audit.verify();
        expect(all).toMatchObject({ ok: false });
        expect(all.broken).toContainEqual(expect.objectContaining({ seq: seqs[1], stream: s, reason: 'hash-mismatch' }));

        const res = await request(t.http).get('/v1/admin/audit/verify').set(admin.auth).expect(200);
        expect(res.body).toMatchObject({ ok: false });
        expect(res.body.broken).toContainEqual(expect.objectContaining({ seq: seqs[1], stream: s, streamSeq: 2, reason: 'hash-mismatch' }));

      } finally {
        await asSuperuser('UPDATE audit_events SET after = $2 WHERE seq = $1', [seqs[1], JSON.stringify(original.after)]);
      }
      await expect(audit.verify(s)).resolves.toEqual(intact(3));
    });

    it('names the next event when the forger also recomputed the hash: prev-hash-mismatch', async () => {
      const s = stream();
      const seqs = await appendMany(s, 3);
      const [original] = await db.query('SELECT comment, hash FROM audit_events WHERE seq = $1', [seqs[0]]);
      await asSuperuser(`UPDATE audit_events SET comment = 'forged', hash = repeat('a', 64) WHERE seq = $1`, [seqs[0]]);
      try {
        // the forged row itself no longer matches its hash; recompute it as a careful forger would
        const forged = await db.query('SELECT * FROM audit_events WHERE seq = $1', [seqs[0]]);
        const { hashEvent } = await import('@tenggat/audit');
        const r = forged[0];
        const rehash = hashEvent({
          stream: r.stream,
          streamSeq: r.stream_seq,
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          caseId: r.case_id,
          before: r.before,
          after: r.after,
          comment: r.comment,
          data: r.data,
          requestId: r.request_id,
          prevHash: r.prev_hash,
        });
        await asSuperuser('UPDATE audit_events SET hash = $2 WHERE seq = $1', [seqs[0], rehash]);
        await expect(audit.verify(s)).resolves.toMatchObject({
          ok: false,
          checked: 1,
          firstBroken: { seq: seqs[1], streamSeq: 2, reason: 'prev-hash-mismatch' },
        });
      } finally {
        await asSuperuser('UPDATE audit_events SET comment = $2, hash = $3 WHERE seq = $1', [seqs[0], original.comment, original.hash]);
      }
      await expect(audit.verify(s)).resolves.toEqual(intact(3));
    });

    it('names the event after a deleted one: sequence-gap', async () => {
      const s = stream();
      const seqs = await appendMany(s, 3);
      const [row] = await db.query('SELECT * FROM audit_events WHERE seq = $1', [seqs[1]]);
      await asSuperuser('DELETE FROM audit_events WHERE seq = $1', [seqs[1]]);
      try {
        await expect(audit.verify(s)).resolves.toMatchObject({
          ok: false,
          checked: 1,
          firstBroken: { seq: seqs[2], streamSeq: 3, reason: 'sequence-gap' },
        });
      } finally {
        const cols = Object.keys(row);
        await asSuperuser(
          `INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => (['before', 'after', 'data'].includes(c) && row[c] !== null ? JSON.stringify(row[c]) : row[c])),
        );
      }
      await expect(audit.verify(s)).resolves.toEqual(intact(3));
    });
  });
  describe('npm run audit:verify', () => {
    // its own database, so the tampered chain is never visible to suites running alongside
    const url = ownDatabaseUrl('audit_cli');
    let cliDb: DataSource;
    const runCli = (...args: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/audit-verify.ts', ...args],
        { env: { ...process.env, DATABASE_URL: url, TS_NODE_PROJECT: 'tsconfig.json' }, encoding: 'utf8', timeout: 60_000 },
      );

    beforeAll(async () => {
      await dropDatabase(url);
      await runMigrations(url);
      cliDb = await new DataSource(dataSourceOptions(url)).initialize();
    });
    afterAll(async () => {
      await cliDb.destroy();
      await dropDatabase(url);
    });

    it('exits 0 with the count when intact, 1 naming the first broken link when not', async () => {
      const cliAudit = new AuditService(cliDb);
      const seqs: number[] = [];
      for (let i = 1; i <= 3; i++) seqs.push((await cliDb.transaction((m) => cliAudit.append(m, entry('identity', i)))).seq);
      const ok = runCli();
      expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining('3 event(s) verified')]);

      await cliDb.transaction(async (m) => {
        await m.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
        await m.query(`UPDATE audit_events SET actor_role = 'admin' WHERE seq = $1`, [seqs[1]]);
        await m.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
      });
      const broken = runCli('--stream', 'identity');
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain(`seq ${seqs[1]} (stream identity, stream_seq 2): hash-mismatch`);
    });
  });
});
