import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, REDIS } from '@tenggat/platform';
import { Redis } from 'ioredis';
import { EventEnvelope } from './event-catalogue';
import { envelopeOf, OutboxRow } from './outbox.repository';

/** A dispatched event with who may see it live. */
export interface LiveEvent {
  envelope: EventEnvelope;
  applicantId: string | null;
  roles: string[];
}

/**
 * Carries dispatched events to every API process over Redis pub/sub, for the live stream. Best
 * effort: a message lost with Redis is not lost to a client, which resumes from the outbox with
 * its Last-Event-ID.
 */
@Injectable()
export class LiveBus implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveBus.name);
  private subscriber?: Redis;
  private readonly handlers = new Set<(events: LiveEvent[]) => void>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  get channel(): string {
    return `${this.config.get('QUEUE_PREFIX')}:events:live`;
  }

  async publish(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const events: LiveEvent[] = rows.map((r) => ({ envelope: envelopeOf(r), applicantId: r.applicantId, roles: r.roles }));
    await this.redis.publish(this.channel, JSON.stringify(events)).catch((e: Error) => this.logger.warn(`live events not published: ${e.message}`));
  }

  /** Starts listening (once per process) and calls `handler` with each batch; the function returned stops it. */
  subscribe(handler: (events: LiveEvent[]) => void): () => void {
    this.handlers.add(handler);
    if (!this.subscriber) {
      const sub = this.redis.duplicate({ maxRetriesPerRequest: null });
      sub.on('error', (e: Error) => this.logger.warn(`live events subscriber: ${e.message}`));
      sub.on('message', (_channel: string, message: string) => {
        let events: LiveEvent[];
        try {
          events = JSON.parse(message) as LiveEvent[];
        } catch {
          return;
        }
        for (const h of this.handlers) h(events);
      });
      void sub.subscribe(this.channel).catch((e: Error) => this.logger.warn(`live events subscribe: ${e.message}`));
      this.subscriber = sub;
    }
    return () => this.handlers.delete(handler);
  }

  async onApplicationShutdown(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}
