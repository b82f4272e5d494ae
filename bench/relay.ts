/**
 * The outbox relay's drain rate (docs/integrations.md, "Delivery guarantees as built"):
 *
 *   npm run bench:relay                 10,000 events, then the cliff's 20,000
 *   npm run bench:relay -- --events 2000 --cliff 0
 *
 * In its own database (tenggat_bench_relay, created and migrated), against a local HTTP receiver
 * on 127.0.0.1: first the baseline, a bare keep-alive HTTP POST loop with the relay's
 * concurrency and the same bodies; then the relay (apps/worker's module in this process)
 * draining N outbox events to one webhook subscription, signed, each recorded as delivered; then
 * the deadline cliff's 20,000 breach events enqueued at once by the set-based path its flagging
 * calls (OutboxRepository.enqueueBreaches, one INSERT ... SELECT), timed until every one is
 * delivered (the target is 60 s).
 */
import { randomUUID } from 'node:crypto';
import { createServer, Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchQueuePrefix, setBenchEnv } from './lib/env';
import { assertBenchDatabase } from './lib/options';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tenggat_bench_relay' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    events: { type: 'string', default: '10000' },
    cliff: { type: 'string', default: '20000' },
  },
});
const DB = values.db;
const EVENTS = Number(values.events);
const CLIFF = Number(values.cliff);
const CONCURRENCY = 32; // the relay's SEND_CONCURRENCY

const BODY = JSON.stringify({
  id: randomUUID(),
  type: 'sla.breached',
  schemaVersion: 1,
  timestamp: new Date().toISOString(),
  position: '1',
  caseId: randomUUID(),
  agency: 'dpmptsp-kota-contoh',
  data: { applicationId: randomUUID(), reference: 'REKLAME-2026-000001', permitType: 'reklame', agency: 'dpmptsp-kota-contoh', state: 'verification', clock: 'statutory', clockState: null, deadline: new Date().toISOString(), lateMs: 12, policy: 'flag' },
});

async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    count: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The baseline: N bare POSTs over keep-alive connections, CONCURRENCY at a time. */
async function bareLoop(url: string, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(BODY);
    });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < n) await post();
    }),
  );
  agent.destroy();
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  assertBenchDatabase(DB);
  const prefix = benchQueuePrefix('relay');
  setBenchEnv({ databaseUrl: DB, redisUrl: values.redis, queuePrefix: prefix });
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  process.env.RELAY_POLL_MS = '10';
  const { ensureDatabase } = await import('@tenggat/platform');
  const { runMigrations } = await import('@tenggat/schema');
  await ensureDatabase(DB);
  await runMigrations(DB);
  const pg = new Client({ connectionString: DB });
  await pg.connect();
  await pg.query('TRUNCATE outbox_events, outbox_dedupe_keys, webhook_deliveries, webhook_subscriptions, mail_messages');
  const sink = await receiver();

  const bare = await bareLoop(sink.url, EVENTS);
  console.log(`baseline: bare HTTP POST loop, ${EVENTS} posts, concurrency ${CONCURRENCY}: ${bare.toFixed(0)} posts/s`);

  await pg.query(
    `INSERT INTO webhook_subscriptions (id, url, description, agency_code, event_types, secret, enabled, created_at, updated_at)
     VALUES ($1, $2, 'bench', NULL, '{}', $3, true, now(), now())`,
    [randomUUID(), sink.url, `whsec_${Buffer.alloc(32, 7).toString('base64')}`],
  );
  const { NestFactory } = await import('@nestjs/core');
  const { WorkerModule } = await import('../apps/worker/src/worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  await app.init();

  const { DataSource } = await import('typeorm');
  const { OutboxRepository } = await import('@tenggat/notifications');
  const db = app.get(DataSource);
  const outbox = app.get(OutboxRepository);
  /** N events written the way a single change writes them (one row each, like the audit hook). */
  const writeRows = async (n: number): Promise<void> => {
    await pg.query(
      `INSERT INTO outbox_events (id, type, schema_version, case_id, agency_code, applicant_id, roles, occurred_at, data)
       SELECT gen_random_uuid(), 'sla.breached', 1, gen_random_uuid(), 'dpmptsp-kota-contoh', NULL, '{verifier}', now(), $2::jsonb
         FROM generate_series(1, $1)`,
      [n, JSON.stringify(JSON.parse(BODY).data)],
    );
  };
  /** The cliff: N breaches flagged at once, enqueued by the set-based path issue 12's flagging calls. */
  const writeCliff = async (n: number): Promise<void> => {
    const now = new Date();
    const deadline = new Date(now.getTime() - 1000);
    const flagged = Array.from({ length: n }, (_, i) => ({
      caseId: randomUUID(),
      reference: `REKLAME-2026-${String(i + 1).padStart(6, '0')}`,
      permitType: 'reklame',
      agency: 'dpmptsp-kota-contoh',
      applicantId: randomUUID(),
      state: 'verification',
      roles: ['verifier'],
      clock: 'statutory' as const,
      clockState: null,
      deadline,
      policy: 'flag' as const,
    }));
    await db.transaction((m) => outbox.enqueueBreaches(m, flagged, now));
  };

  const drain = async (n: number, label: string, write: (n: number) => Promise<void>): Promise<number> => {
    const before = sink.count();
    const t0 = performance.now();
    await write(n);
    for (;;) {
      const [{ left }] = (await pg.query<{ left: number }>(`SELECT (SELECT count(*) FROM outbox_events WHERE position IS NULL) + (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS left`)).rows;
      if (Number(left) === 0 && sink.count() - before >= n) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${label}: ${n} events written, dispatched, signed, delivered and recorded in ${seconds.toFixed(1)} s: ${(n / seconds).toFixed(0)} events/s`);
    return seconds;
  };
  const relayed = await drain(EVENTS, 'relay', writeRows);
  const cliff = CLIFF > 0 ? await drain(CLIFF, 'cliff (OutboxRepository.enqueueBreaches)', writeCliff) : 0;
  const [{ dead }] = (await pg.query<{ dead: number }>(`SELECT count(*)::int AS dead FROM webhook_deliveries WHERE status <> 'delivered'`)).rows;
  console.log(`\n| measure | value |\n|---|---|\n| bare POST loop (baseline) | ${bare.toFixed(0)} /s |\n| relay drain | ${(EVENTS / relayed).toFixed(0)} events/s |` +
    (CLIFF ? `\n| cliff: ${CLIFF} breach notifications | ${cliff.toFixed(1)} s (target 60 s) |` : '') + `\n| not delivered | ${dead} |`);
  await app.close();
  await sink.close();
  await pg.end();
  const { deletePrefixedKeys } = await import('./app/bench-app');
  await deletePrefixedKeys(values.redis, prefix);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
