import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';

const STREAM = '/v1/queue/events';

/**
 * Opens the live stream of the agency's case changes (server-sent events, with the session
 * cookie) and calls `onCase` with the case id of each message. The stream carries the changes
 * as they commit (submitted, claimed, released, assigned, acted on) and every domain event the
 * outbox relay dispatches (an SLA warning or breach flagged by the worker, a decision, ...): one
 * publisher, one channel. Returns whether the stream is connected.
 */
function useLiveStream(onCase: (id: string) => void): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(STREAM);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false); // the browser reconnects by itself
    source.onmessage = (m: MessageEvent<string>) => {
      const id = caseIdOf(m.data);
      if (id !== null) onCase(id);
    };
    return () => source.close();
  }, [onCase]);
  return connected;
}

/**
 * The inbox: each change refreshes the queue, the board and that case; while the stream is down
 * the inbox falls back to polling. Returns whether the stream is connected.
 */
export function useLiveQueue(): boolean {
  const qc = useQueryClient();
  const onCase = useCallback(
    (id: string) => {
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['board'] });
      if (id) void qc.invalidateQueries({ queryKey: ['case', id] });
    },
    [qc],
  );
  return useLiveStream(onCase);
}

/**
 * The case page: a change or an event of this case (a colleague's action, the worker flagging a
 * breach) refreshes the case, its actions, timeline and clocks; other cases' messages are ignored.
 */
export function useLiveCase(caseId: string): boolean {
  const qc = useQueryClient();
  const onCase = useCallback(
    (id: string) => {
      if (concernsCase(id, caseId)) void qc.invalidateQueries({ queryKey: ['case', caseId] });
    },
    [qc, caseId],
  );
  return useLiveStream(onCase);
}

/** Whether a message's case id is the open case's. */
export const concernsCase = (messageCaseId: string, caseId: string): boolean => messageCaseId !== '' && messageCaseId === caseId;

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
