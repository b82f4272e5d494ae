import { AuditEntry, AuditService, UnstorableAuditValue } from '@tenggat/audit';
import { dataSourceOptions, runMigrations } from '@tenggat/schema';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dropDatabase } from './setup/global-setup';
import { ownDatabaseUrl } from './setup/test-env';
import { createAdmin, registerApplicant, TestUser } from './support/auth';
import { submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 10, finding 4: what is hashed is exactly what is stored, and verification reports every
 * broken stream with its first broken link (a break in one stream never hides another).
 */

const TRIGGER = 'audit_events_append_only';
const PROBLEM = /^application\/problem\+json/;

describe('hardening: the audit chain', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: TestUser;
  let budi: TestUser;
  let caseId: string;

  /** What a superuser can do: switch the trigger off, change the table, switch it on, in one transaction. */
  const asSuperuser = (db: DataSource, sql: string, params: unknown[]): Promise<void> =>
    db.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
      await m.query(sql, params);
      await m.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
    });
  const entry = (stream: string, n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    stream,
    actorId: null,
    actorRole: 'system',
    action: `test.step-${n}`,
    entityType: 'test',
    entityId: `${n}`,
    after: { n },
    at: t.clock.now(),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    admin = await createAdmin(t);
    budi = await registerApplicant(t.http);
    caseId = (await submitted(t, budi, 'reklame')).id;
  });
  afterAll(() => t.close());

  const verify = (query: Record<string, string> = {}): request.Test => request(t.http).get('/v1/admin/audit/verify').query(query).set(admin.auth);

  it('refuses a complaint whose description holds a lone surrogate, and the chain stays intact', async () => {
    const events = async (): Promise<number> =>
      (await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_events WHERE stream = $1', [`case:${caseId}`]))[0].n;
    const before = await events();
    const res = await request(t.http)
      .post(`/v1/applications/${caseId}/complaints`)
      .set(budi.auth)
      .set('Content-Type', 'application/json')
      .send('{"category":"undue-delay","description":"Sudah lewat tenggat \\udc00 tanpa kabar"}');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: 'urn:tenggat:problem:invalid-text', errors: [{ field: 'description' }] });
    expect(await events()).toBe(before);
    const complaints = await request(t.http).get(`/v1/applications/${caseId}/complaints`).set(budi.auth).expect(200);
    expect(complaints.body).toEqual([]);

    // a well-formed complaint in NFD is stored (and hashed) in NFC
    const filed = await request(t.http)
      .post(`/v1/applications/${caseId}/complaints`)
      .set(budi.auth)
      .send({ category: 'undue-delay', description: 'Sudah lewat tenggat, kafe\u0301 tutup' })
      .expect(201);
    expect(filed.body.description).toBe('Sudah lewat tenggat, kafé tutup');
    const [stored] = await t.db.query<{ comment: string }[]>(
      `SELECT comment FROM audit_events WHERE stream = $1 AND action = 'complaint.filed'`,
      [`case:${caseId}`],
    );
    expect(stored.comment).toBe('Sudah lewat tenggat, kafé tutup');
    const chain = await verify({ stream: `case:${caseId}` }).expect(200);
    expect(chain.body).toEqual({ ok: true, streams: 1, checked: before + 1, brokenStreams: 0, broken: [] });
  });

  it('hashes what it stores even when a caller hands it a lone surrogate, and refuses U+0000 before writing', async () => {
    const s = `test:${randomUUID()}`;
    await t.db.transaction((m) =>
      audit.append(m, entry(s, 1, { comment: 'rusak \udc00', after: { note: '\ud800 x', ['k\udc00']: 1 }, entityId: 'id-\udc00' })),
    );
    const [row] = await t.db.query('SELECT comment, after, entity_id FROM audit_events WHERE stream = $1', [s]);
    expect(row).toEqual({ comment: 'rusak \ufffd', after: { note: '\ufffd x', 'k\ufffd': 1 }, entity_id: 'id-\ufffd' });
    await expect(audit.verify(s)).resolves.toEqual({ ok: true, streams: 1, checked: 1, brokenStreams: 0, broken: [] });

    await expect(t.db.transaction((m) => audit.append(m, entry(s, 2, { comment: 'a\u0000b' })))).rejects.toThrow(UnstorableAuditValue);
    await expect(t.db.transaction((m) => audit.append(m, entry(s, 2, { data: { x: ['\u0000'] } })))).rejects.toThrow(UnstorableAuditValue);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE stream = $1', [s]);
    expect(n).toBe(1);
  });

  it('reports every broken stream with its first broken link, not only the first one', async () => {
    const caseStream = `case:${caseId}`;
    const caseEvents = await t.db.query<{ seq: string; stream_seq: number; entity_id: string }[]>(
      'SELECT seq, stream_seq, entity_id FROM audit_events WHERE stream = $1 ORDER BY stream_seq',
      [caseStream],
    );
    const identity = await t.db.query<{ seq: string; stream_seq: number; actor_role: string }[]>(
      `SELECT seq, stream_seq, actor_role FROM audit_events WHERE stream = 'identity' ORDER BY stream_seq DESC LIMIT 1`,
    );
    expect(caseEvents.length).toBeGreaterThanOrEqual(3);
    expect(identity).toHaveLength(1);
    const [caseSecond, caseThird] = [caseEvents[1], caseEvents[2]];
    const idEvent = identity[0];
    // "case:..." sorts before "identity": the old walk stopped at the case and never saw the identity rewrite
    await asSuperuser(t.db, `UPDATE audit_events SET entity_id = 'forged' WHERE seq = ANY($1::bigint[])`, [[caseSecond.seq, caseThird.seq]]);
    await asSuperuser(t.db, `UPDATE audit_events SET actor_role = 'admin' WHERE seq = $1`, [idEvent.seq]);
    try {
      const res = await verify().expect(200);
      expect(res.body).toMatchObject({ ok: false, brokenStreams: 2 });
      expect(res.body.streams).toBeGreaterThanOrEqual(3);
      expect(res.body.broken).toEqual([
        expect.objectContaining({ seq: Number(caseSecond.seq), stream: caseStream, streamSeq: caseSecond.stream_seq, reason: 'hash-mismatch' }),
        expect.objectContaining({ seq: Number(idEvent.seq), stream: 'identity', streamSeq: idEvent.stream_seq, reason: 'hash-mismatch' }),
      ]);
      expect(res.body.firstBroken).toEqual(res.body.broken[0]);
      const [{ n }] = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_events');
      // every event of an intact stream verified, and those before each first broken link
      const skipped = caseEvents.length - 1 + 1; // the case stream from its 2nd event on, the last identity event
      expect(res.body.checked).toBe(n - skipped);

      // small batches walk the same way, across batch boundaries
      const small = await audit.verify(undefined, { batchSize: 2 });
      expect(small).toEqual(res.body);
      // one stream only
      const one = await verify({ stream: 'identity' }).expect(200);
      expect(one.body).toMatchObject({ ok: false, streams: 1, brokenStreams: 1, broken: [{ seq: Number(idEvent.seq), reason: 'hash-mismatch' }] });
    } finally {
      await asSuperuser(t.db, `UPDATE audit_events SET entity_id = $2 WHERE seq = $1`, [caseSecond.seq, caseSecond.entity_id]);
      await asSuperuser(t.db, `UPDATE audit_events SET entity_id = $2 WHERE seq = $1`, [caseThird.seq, caseThird.entity_id]);
      await asSuperuser(t.db, `UPDATE audit_events SET actor_role = $2 WHERE seq = $1`, [idEvent.seq, idEvent.actor_role]);
    }
    await verify().expect(200).expect((r) => expect(r.body).toMatchObject({ ok: true, brokenStreams: 0, broken: [] }));
  });

  it.each([
    ['empty', ''],
    ['junk', 'no such\u00a0stream!'],
    ['too long', `case:${'a'.repeat(300)}`],
  ])('answers 400 problem+json for a stream that is %s', async (_what, stream) => {
    const res = await verify({ stream });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'stream' })]));
  });

  it('refuses a junk stream in the service too (the CLI path)', async () => {
    await expect(audit.verify('')).rejects.toMatchObject({ kind: 'invalid', code: 'invalid-stream' });
  });

  describe('npm run audit:verify', () => {
    // its own database, so the tampered chains are never visible to suites running alongside
    const url = ownDatabaseUrl('hardening_audit_cli');
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

    it('names the first broken link of every broken stream and the totals', async () => {
      const cliAudit = new AuditService(cliDb);
      const seqs: Record<string, number[]> = { 'case:00000000-0000-4000-8000-000000000001': [], config: [], identity: [] };
      for (const stream of Object.keys(seqs))
        for (let i = 1; i <= 3; i++) seqs[stream].push((await cliDb.transaction((m) => cliAudit.append(m, entry(stream, i)))).seq);
      const ok = runCli();
      expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining('3 stream(s), 9 event(s) verified')]);

      await asSuperuser(cliDb, `UPDATE audit_events SET action = 'forged' WHERE seq = $1`, [seqs['case:00000000-0000-4000-8000-000000000001'][0]]);
      await asSuperuser(cliDb, `UPDATE audit_events SET actor_role = 'admin' WHERE seq = $1`, [seqs.identity[1]]);
      const broken = runCli();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain('2 broken stream(s)');
      expect(broken.stderr).toContain(`seq ${seqs['case:00000000-0000-4000-8000-000000000001'][0]} (stream case:00000000-0000-4000-8000-000000000001, stream_seq 1): hash-mismatch`);
      expect(broken.stderr).toContain(`seq ${seqs.identity[1]} (stream identity, stream_seq 2): hash-mismatch`);
      expect(broken.stderr).toContain('3 stream(s), 4 event(s) verified');

      const junk = runCli('--stream', '');
      expect(junk.status).toBe(2);
      expect(junk.stderr).toContain('stream must name an audit stream');
    });
  });
});
