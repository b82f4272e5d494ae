import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './sla';

const run = promisify(execFile);

/**
 * A real Redis Cluster of the test's own: three masters (no replicas) on free ports, each with
 * its own folder for `nodes.conf` and no persistence, so a master stopped and started again comes
 * back with its identity and slots but none of its keys, as a master that lost its data does.
 */
export class OwnRedisCluster {
  private readonly procs = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  /** The REDIS_URL that names it: its nodes, comma-separated. */
  get url(): string {
    return this.ports.map((p) => `redis://127.0.0.1:${p}`).join(',');
  }

  static async start(): Promise<OwnRedisCluster> {
    const ports = [await freePort(), await freePort(), await freePort()];
    const c = new OwnRedisCluster(ports, mkdtempSync(join(tmpdir(), 'tenggat-cluster-')));
    for (const p of ports) await c.up(p);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await c.healthy();
    return c;
  }

  async up(port: number): Promise<void> {
    const dir = join(this.dir, String(port));
    await run('mkdir', ['-p', dir]);
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
        '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    this.procs.set(port, proc);
    await waitFor(async () => (await this.cli(port, 'ping').catch(() => '')) === 'PONG', `cluster node on ${port}`, 10_000, 50);
  }

  /** SIGKILL one node: its keys are gone for good. */
  async kill(port: number): Promise<void> {
    const p = this.procs.get(port);
    this.procs.delete(port);
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  /** Every node answers and the cluster serves all its slots. */
  async healthy(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        for (const p of this.ports) if (!(await this.cli(p, 'cluster', 'info').catch(() => '')).includes('cluster_state:ok')) return false;
        return true;
      },
      'the cluster to be ok on every node',
      timeoutMs,
      200,
    );
  }

  /** The port of the master that serves `key`'s slot. */
  async masterOf(key: string): Promise<number> {
    const slot = Number(await this.cli(this.ports[0], 'cluster', 'keyslot', key));
    // `cluster nodes`: id, address@bus-port, flags, master, ping, pong, epoch, link, then the slot ranges
    for (const line of (await this.cli(this.ports[0], 'cluster', 'nodes')).split('\n')) {
      const parts = line.trim().split(' ');
      const port = Number(/:(\d+)@/.exec(parts[1] ?? '')?.[1]);
      for (const range of parts.slice(8)) {
        const [from, to = from] = range.split('-').map(Number);
        if (slot >= from && slot <= to) return port;
      }
    }
    throw new Error(`no master serves slot ${slot}`);
  }

  async cli(port: number, ...args: string[]): Promise<string> {
    return (await run('redis-cli', ['-p', String(port), ...args], { timeout: 5000 })).stdout.trim();
  }

  async down(): Promise<void> {
    for (const p of [...this.procs.keys()]) await this.kill(p);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
