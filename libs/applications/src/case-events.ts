import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, REDIS, RedisClient } from '@tenggat/platform';
import { filter, map, Observable, Subject } from 'rxjs';

/** What happened to a case, as the live stream tells the console (ids only: the console re-reads). */
export interface CaseEvent {
  id: string;
  agency: string;
  kind: 'submitted' | 'claimed' | 'released' | 'assigned' | 'action';
}

/**
 * Case changes, fed across processes through Redis pub/sub: every API process publishes after a
 * commit and hears every other's, so a console connected to any process sees a colleague's claim
 * or a new submission. Best effort: a lost message only delays the console to its fallback poll.
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

  /** The changes of one agency's cases, from every process. */
  of(agency: string): Observable<CaseEvent> {
    this.listen();
    return this.events.pipe(filter((e) => e.agency === agency));
  }

  private listen(): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate();
    this.subscriber = sub;
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

const KINDS: CaseEvent['kind'][] = ['submitted', 'claimed', 'released', 'assigned', 'action'];

function parse(text: string): CaseEvent | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    const { id, agency, kind } = v as Record<string, unknown>;
    if (typeof id !== 'string' || typeof agency !== 'string' || !KINDS.includes(kind as CaseEvent['kind'])) return null;
    return { id, agency, kind: kind as CaseEvent['kind'] };
  } catch {
    return null;
  }
}

/** An SSE message of the stream: `data` is the event (ids only). */
export const toMessage = (source: Observable<CaseEvent>): Observable<{ data: { id: string; kind: string } }> =>
  source.pipe(map((e) => ({ data: { id: e.id, kind: e.kind } })));
