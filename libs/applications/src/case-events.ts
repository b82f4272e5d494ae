import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, REDIS, RedisClient } from '@tenggat/platform';
import { filter, map, Observable, Subject } from 'rxjs';

/** A change the case's own module publishes as it commits (ids only: the console re-reads). */
type CaseChangeKind = 'submitted' | 'claimed' | 'released' | 'assigned' | 'action';

/**
 * A domain event of the outbox once the relay has dispatched it (it has its feed position), with
 * who may watch it: the notifications module publishes these and its live stream serves them.
 */
export interface DispatchedEvent {
  envelope: {
    id: string;
    type: string;
    schemaVersion: number;
    timestamp: string;
    position: string;
    caseId: string | null;
    agency: string | null;
    data: Record<string, unknown>;
  };
  applicantId: string | null;
  roles: string[];
}

/** What happened to a case, on the one live channel: a change as it commits, or a dispatched domain event. */
export type CaseEvent = { id: string; agency: string; kind: CaseChangeKind } | { id: string; agency: string; kind: 'event'; event: DispatchedEvent };

/**
 * The one live channel of the application, fed across processes through Redis pub/sub
 * (`<QUEUE_PREFIX>:case-events`). Two kinds of message travel on it:
 *
 * - case changes, published by this module right after a submit, claim, release, assignment or
 *   action commits (`{id, agency, kind}`), so the inbox sees a colleague's claim at once;
 * - dispatched domain events (`kind: 'event'`), published by the outbox relay in whichever
 *   process runs it (the worker, or the API), with the event's envelope and who may watch it.
 *
 * The staff inbox (`GET /v1/queue/events`) hears both for its agency; the per-user event stream
 * (`GET /v1/events/stream`, in notifications) hears the dispatched events and scopes them per
 * user. Best effort: a message lost with Redis only delays the console to its fallback poll, and
 * the event stream's client resumes from the outbox with its Last-Event-ID.
 */
@Injectable()
export class CaseEvents implements OnModuleDestroy {
  private readonly logger = new Logger(CaseEvents.name);
  private readonly events = new Subject<CaseEvent>();
  private subscriber: RedisClient | null = null;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.channel = `${config.get('QUEUE_PREFIX')}:case-events`;
  }

  publish(e: CaseEvent): void {
    const lost = (err: unknown): void => this.logger.warn(`case event not published: ${String(err)}`);
    try {
      this.redis.publish(this.channel, JSON.stringify(e)).catch(lost);
    } catch (err) {
      lost(err); // best effort, never the caller's failure: a submit or claim has committed already
    }
  }

  /** Publishes dispatched domain events in one round trip (best effort, never throws). */
  async publishDispatched(events: DispatchedEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const event of events) {
        const message: CaseEvent = { id: event.envelope.caseId ?? '', agency: event.envelope.agency ?? '', kind: 'event', event };
        pipeline.publish(this.channel, JSON.stringify(message));
      }
      await pipeline.exec();
    } catch (err) {
      this.logger.warn(`dispatched events not published live: ${String(err)}`);
    }
  }

  /** The changes of one agency's cases, from every process (dispatched events included). */
  of(agency: string): Observable<CaseEvent> {
    this.listen();
    return this.events.pipe(filter((e) => e.agency === agency));
  }

  /** Every dispatched domain event, from every process (the per-user stream scopes them). */
  dispatched(): Observable<DispatchedEvent> {
    this.listen();
    return this.events.pipe(
      filter((e): e is Extract<CaseEvent, { kind: 'event' }> => e.kind === 'event'),
      map((e) => e.event),
    );
  }

  private listen(): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate();
    this.subscriber = sub;
    sub.on('error', (err: unknown) => this.logger.warn(`case events subscriber: ${String(err)}`));
    sub.on('message', (_channel: string, text: string) => {
      const e = parse(text);
      if (e) this.events.next(e);
    });
    sub.subscribe(this.channel).catch((err: unknown) => this.logger.warn(`case events not subscribed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.events.complete();
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}

const KINDS: CaseChangeKind[] = ['submitted', 'claimed', 'released', 'assigned', 'action'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function dispatchedOf(v: unknown): DispatchedEvent | null {
  if (!isRecord(v) || !isRecord(v.envelope) || !isNullableString(v.applicantId) || !Array.isArray(v.roles) || !v.roles.every(isString)) return null;
  const { id, type, schemaVersion, timestamp, position, caseId, agency, data } = v.envelope;
  if (!isString(id) || !isString(type) || typeof schemaVersion !== 'number' || !isString(timestamp) || !isString(position)) return null;
  if (!isNullableString(caseId) || !isNullableString(agency) || !isRecord(data)) return null;
  return { envelope: { id, type, schemaVersion, timestamp, position, caseId, agency, data }, applicantId: v.applicantId, roles: v.roles };
}

function parse(text: string): CaseEvent | null {
  try {
    const v: unknown = JSON.parse(text);
    if (!isRecord(v)) return null;
    const { id, agency, kind } = v;
    if (!isString(id) || !isString(agency)) return null;
    if (kind === 'event') {
      const event = dispatchedOf(v.event);
      return event ? { id, agency, kind, event } : null;
    }
    const change = KINDS.find((k) => k === kind);
    return change ? { id, agency, kind: change } : null;
  } catch {
    return null;
  }
}

/** An SSE message of the inbox stream: `data` is the case and what happened (a change, or the event's type). */
export const toMessage = (source: Observable<CaseEvent>): Observable<{ data: { id: string; kind: string } }> =>
  source.pipe(map((e) => ({ data: { id: e.id, kind: e.kind === 'event' ? e.event.envelope.type : e.kind } })));
