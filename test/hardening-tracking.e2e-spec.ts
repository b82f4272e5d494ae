import { AppConfig, REDIS } from '@tenggat/platform';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { HashAccessCodes1795804200000 } from '../libs/schema/src/migrations/1795804200000-HashAccessCodes';
import { registerApplicant, TestUser } from './support/auth';
import { draftComplete, submitted } from './support/cases';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 10, access codes and public tracking: the code is stored only as a salted hash and shown
 * once (a replayed submission does not repeat it); tracking is rate limited per client address,
 * and wrong codes more strictly per reference.
 */

interface Receipt {
  applicationId: string;
  reference: string;
  accessCode?: string;
  accessCodeNote?: string;
  trackUrl: string;
}

describe('hardening: access codes and public tracking', () => {
  let t: TestApp;
  let budi: TestUser;

  /** Forgets every tracking rate-limit entry of this run, so each test starts afresh. */
  const resetTrackThrottle = async (): Promise<void> => {
    const redis = t.app.get<Redis>(REDIS);
    const pattern = `${t.app.get(AppConfig).get('QUEUE_PREFIX')}:track:*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  };

  /** Every row of every table whose text, JSON or array columns contain `needle` (case-insensitive). */
  const rowsContaining = async (needle: string): Promise<string[]> => {
    const columns = await t.db.query<{ table_name: string; column_name: string }[]>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND c.udt_name IN ('text', 'varchar', 'bpchar', 'json', 'jsonb', '_text', '_varchar')`,
    );
    expect(columns.map((c) => c.table_name)).toEqual(expect.arrayContaining(['applications', 'idempotency_keys', 'audit_events', 'documents']));
    const hits: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE '%' || $1 || '%'`, [needle]);
      if (n > 0) hits.push(`${table}.${column}`);
    }
    return hits;
  };

  const track = (reference: string, code: string): request.Test => request(t.http).get(`/v1/public/track/${reference}`).query({ code });

  const submitWithKey = async (key: string): Promise<{ id: string; receipt: Receipt }> => {
    const { id } = await draftComplete(t, budi, 'reklame');
    const res = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', key).expect(201);
    return { id, receipt: res.body as Receipt };
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-08-03T02:00:00.000Z'));
    budi = await registerApplicant(t.http);
  });
  beforeEach(() => resetTrackThrottle());
  afterAll(async () => {
    await resetTrackThrottle();
    await t.close();
  });

  describe('access codes at rest', () => {
    it('stores no plaintext access code anywhere, the remembered receipt for Idempotency-Key included', async () => {
      const { id, receipt } = await submitWithKey('hardening-first-try');
      expect(receipt.accessCode).toMatch(/^[A-Z2-9]{10}$/);
      const code = receipt.accessCode as string;
      expect(receipt.trackUrl).toBe(`/v1/public/track/${receipt.reference}?code=${code}`);
      expect(await rowsContaining(code)).toEqual([]);
      // salted: neither the code nor its plain SHA-256
      const [{ access_code_hash: stored }] = await t.db.query<{ access_code_hash: string }[]>('SELECT access_code_hash FROM applications WHERE id = $1', [id]);
      expect(stored).toMatch(/^s1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
      expect(await rowsContaining(createHash('sha256').update(code).digest('hex'))).toEqual([]);
    });

    it('answers a replayed submission with the same receipt without the code, and says why', async () => {
      const { receipt } = await submitWithKey('hardening-replay');
      const code = receipt.accessCode as string;
      const again = await request(t.http).post(`/v1/applications/${receipt.applicationId}/submit`).set(budi.auth).set('Idempotency-Key', 'hardening-replay').expect(201);
      const replay = again.body as Receipt & Record<string, unknown>;
      expect(replay).not.toHaveProperty('accessCode');
      expect(replay.accessCodeNote).toMatch(/shown only once/);
      expect(replay.trackUrl).toBe(`/v1/public/track/${receipt.reference}`);
      const { accessCode: _c, trackUrl: _u, ...same } = receipt;
      expect(replay).toMatchObject(same);
      expect(JSON.stringify(replay)).not.toContain(code);
      // the code from the first answer still works
      await track(receipt.reference, code).expect(200);
      expect(await rowsContaining(code)).toEqual([]);
    });

    it('still tracks with the code (any case), refuses a wrong one, and salts each case differently', async () => {
      const a = (await submitted(t, budi, 'reklame')).receipt as unknown as Receipt;
      const b = (await submitted(t, budi, 'reklame')).receipt as unknown as Receipt;
      const ok = await track(a.reference, a.accessCode as string).expect(200);
      expect(ok.body).toMatchObject({ reference: a.reference, status: 'open' });
      await track(a.reference, (a.accessCode as string).toLowerCase()).expect(200);
      await request(t.http).get(a.trackUrl).expect(200);
      const wrong = await track(a.reference, 'AAAAAAAAAA').expect(404);
      expect(wrong.body.code).toBe('application-not-found');
      await track(a.reference, b.accessCode as string).expect(404);
      const hashes = await t.db.query<{ access_code_hash: string }[]>('SELECT access_code_hash FROM applications WHERE id = ANY($1)', [[a.applicationId, b.applicationId]]);
      const salts = hashes.map((h) => h.access_code_hash.split('$')[1]);
      expect(new Set(salts).size).toBe(2);
    });

    it('migrates codes stored the old way: unsalted hashes are salted and remembered receipts lose the code', async () => {
      const { id, receipt } = await submitWithKey('hardening-legacy');
      const code = receipt.accessCode as string;
      // what the old code left behind
      await t.db.query('UPDATE applications SET access_code_hash = $2 WHERE id = $1', [id, createHash('sha256').update(code).digest('hex')]);
      await t.db.query(`UPDATE idempotency_keys SET response = $2::jsonb WHERE scope = $1`, [`submit:${id}`, JSON.stringify({ ...receipt, trackUrl: receipt.trackUrl })]);
      expect(await rowsContaining(code)).toEqual(['idempotency_keys.response']);
      await track(receipt.reference, code).expect(404); // the old form is not accepted as it is

      const runner = t.db.createQueryRunner();
      try {
        await new HashAccessCodes1795804200000().up(runner);
      } finally {
        await runner.release();
      }

      expect(await rowsContaining(code)).toEqual([]);
      expect(await rowsContaining(createHash('sha256').update(code).digest('hex'))).toEqual([]);
      await track(receipt.reference, code).expect(200);
      await track(receipt.reference, 'AAAAAAAAAA').expect(404);
      const replay = await request(t.http).post(`/v1/applications/${id}/submit`).set(budi.auth).set('Idempotency-Key', 'hardening-legacy').expect(201);
      expect(replay.body).not.toHaveProperty('accessCode');
      expect(replay.body.trackUrl).toBe(`/v1/public/track/${receipt.reference}`);
      expect(replay.body.reference).toBe(receipt.reference);
    });
  });

  describe('rate limits of public tracking', () => {
    it('allows 30 lookups a minute per client address, then 429 problem+json with Retry-After', async () => {
      const { receipt } = await submitted(t, budi, 'reklame');
      const reference = String(receipt.reference);
      const code = String(receipt.accessCode);
      for (let i = 0; i < 30; i++) await track(reference, code).expect(200);
      const refused = await track(reference, code);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'too-many-lookups' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // any reference, right or wrong, counts against the address
      expect((await track('PBG-2026-999999', 'AAAAAAAAAA')).status).toBe(429);
      t.clock.advance(61_000);
      await track(reference, code).expect(200);
    });

    it('refuses a reference to an address after 10 wrong codes in an hour, even with the right code; right codes do not count', async () => {
      const { receipt } = await submitted(t, budi, 'reklame');
      const other = (await submitted(t, budi, 'reklame')).receipt;
      const reference = String(receipt.reference);
      const code = String(receipt.accessCode);
      for (let i = 0; i < 9; i++) await track(reference, 'AAAAAAAAAA').expect(404);
      for (let i = 0; i < 3; i++) await track(reference, code).expect(200);
      await track(reference, 'BBBBBBBBBB').expect(404); // the 10th wrong code
      const refused = await track(reference, code);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ status: 429, code: 'too-many-wrong-codes' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // per reference: another case is still found from the same address
      await track(String(other.reference), String(other.accessCode)).expect(200);
      // an hour later the reference may be looked up again
      t.clock.advance(3600_000 + 1000);
      await track(reference, code).expect(200);
    });

    it('counts concurrent guesses atomically: of 20 at once, at most 10 are checked', async () => {
      const { receipt } = await submitted(t, budi, 'reklame');
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => track(String(receipt.reference), `WRONG${String(i).padStart(5, 'A')}`)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 404).length).toBe(10);
      expect(statuses.filter((s) => s === 429).length).toBe(10);
    });
  });
});
