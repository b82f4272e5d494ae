import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ActionLoadSpec, DownloadResult, DownloadSpec, LatencyResult, LatencySpec, LoadResult } from './load';

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/**
 * The harness's handle on the load generator process (bench/load/load-child.ts, run with
 * ts-node). One child serves the whole run; each call is one message and its answer.
 */
export class LoadWorker {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`load generator: ${m.error ?? 'failed'}`));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load generator exited with ${code}`));
      this.waiting.clear();
    });
  }

  static async start(): Promise<LoadWorker> {
    const child = fork(join(__dirname, 'load-child.ts'), [], {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new LoadWorker(child);
    await new Promise<void>((resolve, reject) => {
      worker.waiting.set(0, { resolve: () => resolve(), reject });
      setTimeout(() => reject(new Error('the load generator did not start within 60 s')), 60_000).unref();
    });
    return worker;
  }

  private call<T>(kind: string, spec: unknown): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ id, kind, spec });
    });
  }

  actions(spec: ActionLoadSpec): Promise<LoadResult> {
    return this.call('actions', spec);
  }

  latency(spec: LatencySpec): Promise<LatencyResult> {
    return this.call('latency', spec);
  }

  download(spec: DownloadSpec): Promise<DownloadResult> {
    return this.call('download', spec);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3_000)))]);
    clearTimeout(timer);
    if (this.child.exitCode === null) this.child.kill();
  }
}
