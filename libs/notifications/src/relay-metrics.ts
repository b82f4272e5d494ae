import { Counter, Gauge } from 'prom-client';

/** What the backlog gauges read on each scrape (Postgres is the truth, whichever process relays). */
export interface BacklogSource {
  backlog(): Promise<{ outboxPending: number; deliveriesPending: number; deliveriesDead: number; mailPending: number; oldestPendingAgeSeconds: number }>;
}

let source: BacklogSource | null = null;
let last = { outboxPending: 0, deliveriesPending: 0, deliveriesDead: 0, mailPending: 0, oldestPendingAgeSeconds: 0 };
let reading: Promise<void> | null = null;

/** The app whose database the gauges read (the last one started; tests start several). */
export function setBacklogSource(s: BacklogSource | null): void {
  source = s;
}

async function refresh(): Promise<void> {
  if (!source) return;
  reading ??= source
    .backlog()
    .then((b) => {
      last = b;
    })
    .catch(() => undefined)
    .finally(() => {
      reading = null;
    });
  await reading;
}

// the backlog gauges register themselves with the default registry as they are made, and read the backlog when scraped
new Gauge({
  name: 'tenggat_outbox_pending',
  help: 'Outbox events written but not yet dispatched to channels',
  async collect() {
    await refresh();
    this.set(last.outboxPending);
  },
});

new Gauge({
  name: 'tenggat_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest event not yet dispatched or not yet delivered to a webhook (0 when none)',
  async collect() {
    await refresh();
    this.set(last.oldestPendingAgeSeconds);
  },
});

new Gauge({
  name: 'tenggat_webhook_deliveries',
  help: 'Webhook deliveries by status: pending (being retried or waiting) and dead (dead-lettered)',
  labelNames: ['status'],
  async collect() {
    await refresh();
    this.set({ status: 'pending' }, last.deliveriesPending);
    this.set({ status: 'dead' }, last.deliveriesDead);
  },
});

new Gauge({
  name: 'tenggat_mail_pending',
  help: 'Emails waiting to be sent',
  async collect() {
    await refresh();
    this.set(last.mailPending);
  },
});

export const outboxDispatched = new Counter({ name: 'tenggat_outbox_dispatched_total', help: 'Outbox events dispatched to channels' });

export const webhookAttempts = new Counter({
  name: 'tenggat_webhook_attempts_total',
  help: 'Webhook attempts by result: delivered, failed (to be retried) or dead (dead-lettered)',
  labelNames: ['result'],
});

export const mailSent = new Counter({ name: 'tenggat_mail_total', help: 'Emails by result: sent, recorded (no SMTP_URL), failed, dead', labelNames: ['result'] });
