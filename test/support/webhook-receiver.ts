import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, and what it answered. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: { id: string; type: string; caseId: string | null; position: string; data: Record<string, unknown> };
  answered: number;
  at: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. `answer` decides each status (503 while
 * "down"); `hold` keeps requests waiting until `release()`.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Every request as it arrived (before it is answered). */
  readonly arrived: Omit<Received, 'answered' | 'at'>[] = [];
  answer: (r: Omit<Received, 'answered' | 'at'>, n: number) => number = () => 200;
  hold = false;
  private held: (() => void)[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const r = new WebhookReceiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => r.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Requests answered 2xx. */
  get accepted(): Received[] {
    return this.received.filter((x) => x.answered >= 200 && x.answered < 300);
  }

  /** Requests waiting while `hold` is on. */
  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    this.hold = false;
    for (const go of this.held.splice(0)) go();
  }

  /** Forgets the requests waiting (their sender is gone) and answers the next ones again. */
  drop(): void {
    this.hold = false;
    this.held.splice(0);
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const base = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
        event: JSON.parse(body) as Received['event'],
      };
      this.arrived.push(base);
      const reply = (): void => {
        const answered = this.answer(base, this.received.length);
        this.received.push({ ...base, answered, at: Date.now() });
        res.writeHead(answered).end();
      };
      if (this.hold) this.held.push(reply);
      else reply();
    });
  }
}
