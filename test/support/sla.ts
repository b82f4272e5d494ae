import type { TestingModuleBuilder } from '@nestjs/testing';
import { AppConfig, Env, validateEnv } from '@tenggat/platform';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { TestUser } from './auth';
import type { TestApp } from './test-app';

export const ROOT = join(__dirname, '..', '..');

/** The parts of GET /v1/applications/{id} these tests read. */
export interface CaseBody {
  state: string;
  status: string;
  outcome: string | null;
  assigneeId: string | null;
  deadline: string | null;
  flags: { warned: boolean; breached: boolean; escalated: boolean; postIssuanceSupervision: boolean };
  permit: { permitNumber: string; deemedApproval: boolean } | null;
}

/** A timeline entry (events and clock events merged). */
export interface TimelineEntry {
  at: string;
  type: 'event' | 'clock';
  action: string;
  clock?: string;
  actorId: string | null;
  actorRole: string;
  reason?: string | null;
  remainingWorkingDays?: number;
  deadline?: string | null;
}

/**
 * Config overrides for one test app: AppConfig is replaced by one that answers from `overrides`
 * first (read on every call, so a test may change them while the app runs) and from the
 * validated environment otherwise. Everything that reads config goes through AppConfig.
 */
export function withConfig(overrides: Partial<Env>): (b: TestingModuleBuilder) => TestingModuleBuilder {
  const env = validateEnv({ ...process.env });
  const config = {
    get<K extends keyof Env>(key: K): Env[K] {
      return (key in overrides ? overrides[key] : env[key]) as Env[K];
    },
  };
  return (b) => b.overrideProvider(AppConfig).useValue(config);
}

/** Polls until `probe` answers something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Audit events of one case with this action (e.g. `sla.breached`), oldest first. */
export async function caseEvents(t: TestApp, caseId: string, action: string): Promise<{ actor_role: string; occurred_at: Date; data: Record<string, unknown> }[]> {
  return t.db.query('SELECT actor_role, occurred_at, data FROM audit_events WHERE case_id = $1 AND action = $2 ORDER BY seq', [caseId, action]);
}

export interface ClockRow {
  id: string;
  kind: string;
  status: string;
  epoch: number;
  deadline_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
}

export async function clockOf(t: TestApp, caseId: string, kind = 'statutory'): Promise<ClockRow> {
  const rows = await t.db.query<ClockRow[]>(
    'SELECT id, kind, status, epoch, deadline_at, warn_at, warned_at, breached_at FROM clocks WHERE application_id = $1 AND kind = $2 ORDER BY started_at DESC LIMIT 1',
    [caseId, kind],
  );
  if (!rows[0]) throw new Error(`case ${caseId} has no ${kind} clock`);
  return rows[0];
}

/** The demo endpoint: the case's running clock of `clock` kind is due `seconds` from now. */
export async function dueIn(t: TestApp, admin: TestUser, caseId: string, seconds: number, clock?: 'statutory' | 'state' | 'response'): Promise<{ clockId: string; epoch: number; deadline: string }> {
  const res = await request(t.http).post(`/v1/demo/applications/${caseId}/clock`).set(admin.auth).send({ remainingSeconds: seconds, ...(clock ? { clock } : {}) });
  if (res.status !== 200) throw new Error(`demo clock answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { clockId: string; epoch: number; deadline: string };
}

/** Sum of the samples of a Prometheus metric whose labels include `labels`. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

export async function scrape(t: TestApp): Promise<string> {
  return (await request(t.http).get('/metrics').expect(200)).text;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of the test's own, on a free port, without persistence: stopping it loses
 * everything, as a Redis restarted without its data does. Never the shared one on 6379.
 */
export class OwnRedis {
  private proc?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(args: string[] = []): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort(), args);
    await r.up();
    return r;
  }

  async up(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args], { stdio: 'ignore' });
    await waitFor(() => this.ping(), `redis-server on ${this.port}`, 10_000, 50);
  }

  /** Kills the server (SIGKILL: no goodbye to the clients). */
  async down(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  async client<T>(use: (c: Redis) => Promise<T>): Promise<T> {
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await c.connect();
      return await use(c);
    } finally {
      c.disconnect();
    }
  }

  private async ping(): Promise<boolean> {
    return this.client(async (c) => (await c.ping()) === 'PONG').catch(() => false);
  }
}

/** A process running apps/worker (SLA processors and reconciler only), as deployed apart from the API. */
export class WorkerProcess {
  private output = '';

  private constructor(
    readonly proc: ChildProcess,
    /** Its own HTTP port: /health/live, /health/ready, /health, /metrics. */
    readonly port: number,
  ) {
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  get pid(): number {
    return this.proc.pid as number;
  }

  get log(): string {
    return this.output;
  }

  /** Starts apps/worker/src/main.ts with ts-node and waits for its first heartbeat. */
  static async start(redis: OwnRedis, env: Record<string, string>, bootMs = 40_000): Promise<WorkerProcess> {
    const port = await freePort();
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redis.url, LOG_LEVEL: 'warn', WORKER_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const w = new WorkerProcess(proc, port);
    const key = `${process.env.QUEUE_PREFIX ?? 'tenggat'}:workers:heartbeat`;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`worker exited with ${proc.exitCode}:\n${w.log}`);
        return redis.client(async (c) => (await c.hget(key, `sla-${w.pid}`)) !== null).catch(() => false);
      },
      'the worker process to start',
      bootMs,
      200,
    );
    return w;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** kill -9: no shutdown hook, no goodbye; whatever it was doing is cut off. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGKILL');
    });
  }
}

/**
 * Makes the statutory clocks of these cases fall due together at `at` (a deadline cliff in
 * miniature: what the end of a working day does to every case due that day), in a new epoch,
 * already warned so that only the deadline alarm matters, and arms that one alarm.
 */
export async function dueTogether(t: TestApp, ids: readonly string[], at: Date): Promise<void> {
  await t.db.query(
    `UPDATE clocks SET deadline_at = $2, warn_at = $3, warned_at = COALESCE(warned_at, $3), epoch = epoch + 1
      WHERE application_id = ANY($1::uuid[]) AND kind = 'statutory' AND status = 'running'`,
    [ids, at, new Date(Date.now() - 1000)],
  );
  const { BullTimerQueue } = await import('@tenggat/sla');
  await t.app.get(BullTimerQueue).arm([{ kind: 'deadline', dueAt: at }]);
}

/** Every audit chain of these cases verifies (their streams were written in batches too). */
export async function chainsVerify(t: TestApp, ids: readonly string[]): Promise<boolean> {
  const { AuditService } = await import('@tenggat/audit');
  const audit = t.app.get(AuditService);
  for (const id of ids) if (!(await audit.verify(`case:${id}`)).ok) return false;
  return true;
}

/** Waits until some other session waits on a lock while running a statement that starts with `prefix`. */
export async function blockedOn(t: TestApp, prefix: string, what: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await t.db.query<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE $1`,
          [`${prefix}%`],
        )
      ).length > 0,
    what,
  );
}
