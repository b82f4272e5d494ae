import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseEvents } from '@tenggat/applications';
import { AuditService } from '@tenggat/audit';
import { AppConfig, Clock } from '@tenggat/platform';
import { DataSource, EntityManager } from 'typeorm';
import { MailRepository } from './mail.repository';
import { dispatchedOf, envelopeOf, OutboxRepository, OutboxRow } from './outbox.repository';
import { mapLimit, PollLoop } from './poll-loop';
import { outboxDispatched, setBacklogSource, webhookAttempts } from './relay-metrics';
import { afterFailure, RetryPolicy } from './retry-policy';
import { webhookHeaders } from './webhook-signature';
import { WebhookSender } from './webhook-sender';
import { DueDelivery, WebhookRepository } from './webhook.repository';

const DISPATCH_BATCH = 500;
const DELIVERY_BATCH = 500;
const SEND_CONCURRENCY = 32;

/** A step of the relay that other parts of the module add to a dispatch (email). */
export interface DispatchStep {
  onDispatch(m: EntityManager, rows: OutboxRow[], now: Date): Promise<void>;
}

/**
 * Delivers the outbox, at least once and in order per case:
 *
 * 1. dispatch: takes undispatched events in the order they were written, gives each its feed
 *    position and queues a delivery per matching webhook subscription (and the emails), in one
 *    transaction; then publishes them to the live stream;
 * 2. webhooks: locks due deliveries (the oldest pending one per subscription and case), POSTs
 *    them signed, and records the outcome in the same transaction: a relay killed between
 *    sending and recording leaves the delivery pending, and it is sent again with the same
 *    webhook-id. Failures are retried with exponential backoff and jitter for
 *    WEBHOOK_RETRY_WINDOW_MS (24 h), then dead-lettered and the subscription disabled, with an
 *    audit event.
 *
 * Postgres holds everything: Redis only carries the live channel (CaseEvents), best effort.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loops: PollLoop[] = [];
  private readonly steps: DispatchStep[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly webhooks: WebhookRepository,
    private readonly sender: WebhookSender,
    private readonly live: CaseEvents,
    private readonly mail: MailRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Adds work done inside each dispatch transaction (the mailer queues emails). */
  addStep(step: DispatchStep): void {
    this.steps.push(step);
  }

  onApplicationBootstrap(): void {
    const poll = (): number => this.config.get('RELAY_POLL_MS');
    this.loops.push(
      new PollLoop('outbox dispatch', async () => (await this.dispatchOnce()) >= DISPATCH_BATCH, poll, this.logger),
      new PollLoop('webhook delivery', async () => (await this.deliverOnce()) > 0, poll, this.logger),
    );
    for (const l of this.loops) l.start();
    setBacklogSource({
      backlog: async () => {
        const now = this.clock.now();
        const [o, w, mail] = await Promise.all([this.outbox.backlog(now), this.webhooks.backlog(now), this.mail.pending()]);
        return {
          outboxPending: o.pending,
          deliveriesPending: w.pending,
          deliveriesDead: w.dead,
          mailPending: mail,
          oldestPendingAgeSeconds: Math.max(o.oldestAgeSeconds, w.oldestAgeSeconds),
        };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    setBacklogSource(null);
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  /** One dispatch round; the number of events dispatched. */
  async dispatchOnce(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.db.transaction(async (m) => {
      const batch = await this.outbox.dispatchBatch(m, DISPATCH_BATCH, now);
      if (batch.length === 0) return batch;
      await this.webhooks.fanOut(
        m,
        batch.map((r) => r.seq),
        now,
      );
      for (const s of this.steps) await s.onDispatch(m, batch, now);
      return batch;
    });
    if (rows.length === 0) return 0;
    outboxDispatched.inc(rows.length);
    await this.live.publishDispatched(rows.map(dispatchedOf));
    this.loops[1]?.wake();
    return rows.length;
  }

  /** One delivery round; the number of deliveries attempted. */
  async deliverOnce(): Promise<number> {
    const policy: RetryPolicy = {
      baseMs: this.config.get('WEBHOOK_RETRY_BASE_MS'),
      maxMs: this.config.get('WEBHOOK_RETRY_MAX_MS'),
      windowMs: this.config.get('WEBHOOK_RETRY_WINDOW_MS'),
    };
    return this.db.transaction(async (m) => {
      const due = await this.webhooks.claimDue(m, this.clock.now(), DELIVERY_BATCH);
      if (due.length === 0) return 0;
      const results = await mapLimit(due, SEND_CONCURRENCY, (d) => this.send(d));
      const now = this.clock.now();
      const delivered = results.filter((r) => r.ok).map((r) => ({ id: r.delivery.id, status: r.status as number }));
      await this.webhooks.markDelivered(m, delivered, now);
      webhookAttempts.inc({ result: 'delivered' }, delivered.length);
      for (const r of results.filter((x) => !x.ok)) {
        const first = r.delivery.firstAttemptAt ?? now;
        const next = afterFailure(r.delivery.attempts + 1, first, now, policy);
        await this.webhooks.markFailed(
          m,
          { id: r.delivery.id, subscriptionId: r.delivery.subscriptionId, status: r.status, error: r.error ?? 'failed', firstAttemptAt: first, nextAttemptAt: next.dead ? null : next.nextAttemptAt },
          now,
        );
        webhookAttempts.inc({ result: next.dead ? 'dead' : 'failed' });
        if (!next.dead) continue;
        const reason = `every attempt failed for ${Math.round(policy.windowMs / 60_000)} minutes (last: ${r.error ?? 'failed'})`;
        const notAfter = new Date(now.getTime() - policy.windowMs);
        if (await this.webhooks.disableIfFailingSince(m, r.delivery.subscriptionId, notAfter, now, reason)) {
          this.logger.warn(`webhook subscription ${r.delivery.subscriptionId} disabled: ${reason}`);
          await this.audit.append(m, {
            stream: 'webhooks',
            actorId: null,
            actorRole: 'system',
            action: 'webhook.subscription-disabled',
            entityType: 'webhook-subscription',
            entityId: r.delivery.subscriptionId,
            after: { enabled: false },
            data: { reason, url: r.delivery.url, deadDeliveryId: r.delivery.id },
            at: now,
          });
        }
      }
      return due.length;
    });
  }

  /** Runs dispatch and delivery rounds until there is nothing due (tests and the bench). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      const n = (await this.dispatchOnce()) + (await this.deliverOnce());
      if (n === 0) return;
    }
  }

  private async send(d: DueDelivery): Promise<{ delivery: DueDelivery; ok: boolean; status: number | null; error: string | null }> {
    const body = JSON.stringify(envelopeOf(d.event));
    const headers = webhookHeaders(d.secrets, d.event.id, Math.floor(this.clock.now().getTime() / 1000), body);
    const r = await this.sender.post(d.url, headers, body);
    return { delivery: d, ...r };
  }
}
