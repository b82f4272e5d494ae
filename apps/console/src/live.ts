import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

const STREAM = '/v1/queue/events';

/**
 * The live stream of the agency's case changes (server-sent events, with the session cookie).
 * Each change refreshes the queue, the board and that case; while the stream is down the inbox
 * falls back to polling. Returns whether the stream is connected.
 */
export function useLiveQueue(): boolean {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(STREAM);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false); // the browser reconnects by itself
    source.onmessage = (m: MessageEvent<string>) => {
      const id = caseIdOf(m.data);
      if (id === null) return;
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['board'] });
      if (id) void qc.invalidateQueries({ queryKey: ['case', id] });
    };
    return () => source.close();
  }, [qc]);
  return connected;
}

/** The case id of a message ('' for a ping), or null when it is not one of ours. */
export function caseIdOf(data: string): string | null {
  try {
    const v: unknown = JSON.parse(data);
    if (typeof v !== 'object' || v === null || !('id' in v) || typeof v.id !== 'string') return null;
    return 'kind' in v && v.kind === 'ping' ? null : v.id;
  } catch {
    return null;
  }
}
