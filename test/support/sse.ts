import { ClientRequest, get, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseMessage {
  id: string;
  event: string;
  data: { id: string; type: string; caseId: string | null; position: string; data: Record<string, unknown> };
}

/** A server-sent events client over a real socket (EventSource cannot send a bearer header). */
export class SseClient {
  readonly messages: SseMessage[] = [];
  status = 0;
  contentType = '';
  private buffer = '';
  private constructor(private readonly req: ClientRequest) {}

  /** Opens the stream on the app's server (listening on a free port if it is not yet). */
  static async open(server: Server, path: string, headers: Record<string, string>): Promise<SseClient> {
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } });
      const client = new SseClient(req);
      req.on('error', reject);
      req.on('response', (res: IncomingMessage) => {
        client.status = res.statusCode ?? 0;
        client.contentType = String(res.headers['content-type'] ?? '');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('error', () => undefined);
        resolve(client);
      });
    });
  }

  /** The raw body read so far, for error answers. */
  get raw(): string {
    return this.buffer;
  }

  close(): void {
    this.req.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(':');
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
      }
      if (fields.data !== undefined) this.messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) as SseMessage['data'] });
    }
  }
}
