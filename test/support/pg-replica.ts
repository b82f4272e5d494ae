import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, waitFor } from './sla';

const run = promisify(execFile);

/** Debian's PostgreSQL binaries (the newest installed major version). */
function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0], 'bin', name);
}

/** PostgreSQL refuses to run as root: its commands run as the `postgres` system user when we are root. */
async function asPostgres(cmd: string, args: string[]): Promise<string> {
  const root = process.getuid?.() === 0;
  const { stdout } = await (root ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  return stdout;
}

/**
 * A primary and a streaming replica of the test's own, on free ports in a temporary folder:
 * `initdb` a primary that allows replication from 127.0.0.1, then `pg_basebackup -R` a replica
 * from it. (The machine's shared PostgreSQL allows no replication connections, and a test does
 * not change its configuration.) Both are stopped and removed by `down()`.
 */
export class OwnPostgresReplica {
  private constructor(
    private readonly dir: string,
    readonly primaryPort: number,
    readonly replicaPort: number,
  ) {}

  url(which: 'primary' | 'replica', database: string): string {
    return `postgres://postgres@127.0.0.1:${which === 'primary' ? this.primaryPort : this.replicaPort}/${database}`;
  }

  static async start(): Promise<OwnPostgresReplica> {
    const dir = mkdtempSync(join(tmpdir(), 'tenggat-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
    const r = new OwnPostgresReplica(dir, await freePort(), await freePort());
    const primary = join(dir, 'primary');
    await asPostgres(pgBin('initdb'), ['-D', primary, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions']);
    appendFileSync(join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    appendFileSync(
      join(primary, 'postgresql.conf'),
      `port = ${r.primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nfsync = off\nmax_wal_senders = 4\n`,
    );
    await r.ctl('primary', 'start');
    const replica = join(dir, 'replica');
    await asPostgres(pgBin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(r.primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream']);
    appendFileSync(join(replica, 'postgresql.auto.conf'), `port = ${r.replicaPort}\nhot_standby = on\n`);
    await r.ctl('replica', 'start');
    return r;
  }

  /** pg_ctl start|stop (immediate: the server vanishes, as a crashed or unplugged one does). */
  async ctl(which: 'primary' | 'replica', action: 'start' | 'stop'): Promise<void> {
    const data = join(this.dir, which);
    if (action === 'start') await asPostgres(pgBin('pg_ctl'), ['-D', data, '-l', join(this.dir, `${which}.log`), '-w', '-t', '60', 'start']);
    else await asPostgres(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
  }

  async sql<T = Record<string, unknown>>(which: 'primary' | 'replica', database: string, text: string): Promise<T[]> {
    const c = new Client({ connectionString: this.url(which, database) });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** Waits until the replica has replayed everything the primary has written so far. */
  async caughtUp(database: string): Promise<void> {
    const [{ lsn }] = await this.sql<{ lsn: string }>('primary', database, 'SELECT pg_current_wal_lsn()::text AS lsn');
    await waitFor(
      async () => (await this.sql<{ ok: boolean }>('replica', database, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`))[0].ok,
      'the replica to catch up',
      30_000,
      100,
    );
  }

  async down(): Promise<void> {
    for (const w of ['replica', 'primary'] as const) await this.ctl(w, 'stop').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
