import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** Where the primary's WAL is now (what a replica must have replayed to be caught up). */
export async function primaryWalPosition(primary: DataSource): Promise<string> {
  const [row] = await primary.query<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn');
  return row.lsn;
}

export interface ReplicaPosition {
  inRecovery: boolean;
  /** Bytes of the primary's WAL (as of `primaryLsn`) not yet replayed; 0 or less: caught up. */
  behindBytes: number;
  /** Milliseconds since the last transaction it replayed committed on the primary (null: none yet). */
  sinceReplayMs: number | null;
}

/** The replica's replay position against the primary's `primaryLsn`. */
export async function replicaPosition(replica: Pool, primaryLsn: string): Promise<ReplicaPosition> {
  const { rows } = await replica.query<{ in_recovery: boolean; behind: string | null; since_ms: string | null }>(
    `SELECT pg_is_in_recovery() AS in_recovery,
            pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::text AS behind,
            (EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint::text AS since_ms`,
    [primaryLsn],
  );
  const r = rows[0];
  return { inRecovery: r.in_recovery, behindBytes: Number(r.behind ?? 0), sinceReplayMs: r.since_ms === null ? null : Number(r.since_ms) };
}
