import { Logger } from '@nestjs/common';

/**
 * Runs `work` again and again: at once while it reports more to do, otherwise after `pollMs`
 * (or sooner when woken). A failure is logged and retried after a pause that doubles with each
 * failure in a row (up to 30 s); stop() waits for the round in progress.
 */
export class PollLoop {
  private running = false;
  private timer?: NodeJS.Timeout;
  private current: Promise<void> = Promise.resolve();
  private wakeUp?: () => void;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<boolean>,
    private readonly pollMs: () => number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.loop();
  }

  /** Runs the next round now instead of after the pause. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.current;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let more = false;
      try {
        more = await this.work();
        failures = 0;
      } catch (e) {
        // Postgres down, say: log once per round but back off (up to 30 s) instead of spinning
        failures++;
        this.logger.warn(`${this.name}: ${(e as Error).message}`);
      }
      if (!this.running) break;
      if (more) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.timer = setTimeout(resolve, failures ? Math.min(30_000, this.pollMs() * 2 ** Math.min(failures, 10)) : this.pollMs());
      });
      clearTimeout(this.timer);
      this.wakeUp = undefined;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; results in the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
