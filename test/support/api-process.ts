import { ChildProcess, spawn } from 'node:child_process';
import { freePort, ROOT } from './sla';

/** apps/api/src/main.ts as its own process (ts-node, as `npm start` runs the built one), output captured. */
export class ApiProcess {
  private out = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
  ) {
    proc.stdout?.on('data', (d: Buffer) => (this.out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Everything the process printed so far. */
  get output(): string {
    return this.out;
  }

  /** Printed lines; every one must be JSON (a line that is not throws, naming it). */
  get jsonLines(): Record<string, unknown>[] {
    return this.out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON log line: ${l}`);
        }
      });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async spawn(env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ApiProcess(proc, port);
  }

  /** Resolves when the process says it listens; rejects if it exits first or takes too long. */
  async listening(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.out.includes('"listening on')) {
      if (this.proc.exitCode !== null) throw new Error(`api exited with ${this.proc.exitCode}:\n${this.out}`);
      if (Date.now() > until) throw new Error(`api did not listen within ${timeoutMs} ms:\n${this.out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Exit within `ms`, or reject (the process is then killed). */
  async exitWithin(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        reject(new Error(`process did not exit within ${ms} ms:\n${this.out}`));
      }, ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}
