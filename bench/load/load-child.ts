/** The load generator's own process: runs what the harness sends and answers with the result. */
import { runActionLoad, runDownload, runLatency } from './load';

interface Message {
  id: number;
  kind: 'actions' | 'latency' | 'download';
  spec: unknown;
}

async function handle(m: Message): Promise<unknown> {
  switch (m.kind) {
    case 'actions':
      return runActionLoad(m.spec as Parameters<typeof runActionLoad>[0]);
    case 'latency':
      return runLatency(m.spec as Parameters<typeof runLatency>[0]);
    case 'download':
      return runDownload(m.spec as Parameters<typeof runDownload>[0]);
  }
}

process.on('message', (m: Message) => {
  handle(m).then(
    (result) => process.send?.({ id: m.id, ok: true, result }),
    (e: unknown) => process.send?.({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, result: 'ready' });
