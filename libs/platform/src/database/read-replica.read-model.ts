import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OperationalStatus, StatusReport } from '../health/operational-status';
import { primaryWalPosition, replicaPosition } from './replica-status.read-model';

/** How often the replica's replay position is checked. */
const PROBE_MS = 1000;

type ReplicaState = { use: boolean; report: StatusReport };

/**
 * Heavy reads (oversight lists and exports, statistics, public pages, the catalogue) go to a
 * streaming replica when DATABASE_REPLICA_URL names one; everything else, and every read of a
 * single case (so a user always sees a case they just changed), stays on the primary.
 *
 * The replica is used only while it answers and is caught up to within REPLICA_MAX_LAG_MS of
 * the primary (checked every second: the primary's WAL position against the replica's replay
 * position and the age of its last replayed commit). Otherwise, and for any query the replica
 * fails to answer, reads fall back to the primary, and /health says so (`readReplica`). It is where
 * the heavy reads run: the read models hand it their SQL, it owns none of its own.
 */
@Injectable()
export class ReadReplica implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReadReplica.name);
  private pool: Pool | null = null;
  private timer?: NodeJS.Timeout;
  private state: ReplicaState = { use: false, report: { status: 'down', message: 'not checked yet: reads on the primary' } };

  constructor(
    @InjectDataSource() private readonly primary: DataSource,
    private readonly config: AppConfig,
    private readonly status: OperationalStatus,
  ) {}

  onModuleInit(): void {
    const url = this.config.get('DATABASE_REPLICA_URL');
    if (!url) return;
    this.pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000, application_name: 'tenggat-replica-reads' });
    this.pool.on('error', (e) => this.logger.warn(`replica connection error: ${e.message}`));
    this.status.register('readReplica', async () => this.state.report);
    this.timer = setInterval(() => void this.probe(), PROBE_MS);
    this.timer.unref();
    void this.probe();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pool?.end().catch(() => undefined);
  }

  /** Whether heavy reads go to the replica now. */
  get inUse(): boolean {
    return this.state.use;
  }

  /** A heavy read: on the replica when it is usable, else (or if it fails to answer) on the primary. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T> {
    if (this.pool && this.state.use) {
      try {
        return (await this.pool.query(sql, params)).rows as T;
      } catch (e) {
        if (!isConnectionFault(e)) throw e;
        this.mark(false, `unreachable (${(e as Error).message}): reads on the primary`);
      }
    }
    return this.primary.query<T>(sql, params);
  }

  /**
   * A heavy read streamed from a server-side cursor (an export): on the replica when it is usable,
   * else (or if no replica connection can be had) on the primary. The caller destroys `rows` when
   * done or abandoned, then calls `release` once to give the connection back. `batchSize`: rows
   * fetched per round trip (pg-query-stream's default is 100; an export wants more).
   */
  async stream(sql: string, params: unknown[] = [], opts: { batchSize?: number } = {}): Promise<{ rows: Readable; release: () => void }> {
    const cursor = (): QueryStream => new QueryStream(sql, params, opts.batchSize ? { batchSize: opts.batchSize, highWaterMark: opts.batchSize } : {});
    if (this.pool && this.state.use) {
      try {
        const client = await this.pool.connect();
        const rows = client.query(cursor());
        return { rows, release: () => client.release() };
      } catch (e) {
        if (!isConnectionFault(e)) throw e;
        this.mark(false, `unreachable (${(e as Error).message}): reads on the primary`);
      }
    }
    const runner = this.primary.createQueryRunner();
    try {
      // the runner's own connection, with the cursor's options (QueryRunner.stream takes none)
      const client = (await runner.connect()) as PoolClient;
      this.primary.logger.logQuery(sql, params, runner);
      const rows = client.query(cursor());
      return { rows, release: () => void runner.release().catch(() => undefined) };
    } catch (e) {
      await runner.release().catch(() => undefined);
      throw e;
    }
  }

  /** One check of the replica's replay position; public so tests need not wait a whole interval. */
  async probe(): Promise<void> {
    if (!this.pool) return;
    const maxLag = this.config.get('REPLICA_MAX_LAG_MS');
    try {
      const lsn = await primaryWalPosition(this.primary);
      const r = await replicaPosition(this.pool, lsn);
      if (!r.inRecovery) return this.mark(false, 'is not a replica (not in recovery): reads on the primary');
      if (r.behindBytes <= 0) return this.mark(true);
      const lag = r.sinceReplayMs ?? Number.POSITIVE_INFINITY;
      if (lag > maxLag) return this.mark(false, `${(lag / 1000).toFixed(1)} s behind the primary (more than REPLICA_MAX_LAG_MS): reads on the primary`);
      this.mark(true);
    } catch (e) {
      this.mark(false, `unreachable (${(e as Error).message}): reads on the primary`);
    }
  }

  private mark(use: boolean, why?: string): void {
    if (use !== this.state.use) {
      if (use) this.logger.log('read replica in use for heavy reads');
      else this.logger.warn(`read replica ${why}`);
    }
    this.state = use ? { use, report: { status: 'up' } } : { use, report: { status: 'down', message: `replica ${why}` } };
  }
}

function isConnectionFault(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  // class 08: connection exceptions; 57P: operator intervention (shutdown); node's socket errors
  return /^(08|57P)/.test(err.code ?? '') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(err.code ?? '') || /terminat|timeout|Connection/i.test(err.message ?? '');
}
