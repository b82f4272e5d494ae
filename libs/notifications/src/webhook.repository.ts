import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventType } from './event-catalogue';
import { DeliveryStatus, WebhookDeliveryEntity, WebhookSubscriptionEntity } from './notification.entities';
import { OutboxRow } from './outbox.repository';

/** A delivery taken by the relay, with what it needs to send it. */
export interface DueDelivery {
  id: string;
  subscriptionId: string;
  attempts: number;
  firstAttemptAt: Date | null;
  url: string;
  secrets: string[];
  event: OutboxRow;
}

interface DueRaw {
  id: string;
  subscription_id: string;
  attempts: number;
  first_attempt_at: Date | null;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  seq: string;
  event_id: string;
  type: EventType;
  schema_version: number;
  case_id: string | null;
  agency_code: string | null;
  applicant_id: string | null;
  roles: string[];
  occurred_at: Date;
  data: Record<string, unknown>;
  position: string;
}

export interface DeliveryLogQuery {
  status?: DeliveryStatus;
  /** Deliveries with a smaller id (the log is read newest first). */
  before?: string;
  limit: number;
}

export interface FailedAttempt {
  id: string;
  subscriptionId: string;
  status: number | null;
  error: string;
  firstAttemptAt: Date;
  /** null: dead-lettered. */
  nextAttemptAt: Date | null;
}

/** SQL of webhook subscriptions and deliveries. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // --- subscriptions ---

  async insertSubscription(s: WebhookSubscriptionEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.insert(WebhookSubscriptionEntity, s);
  }

  findSubscription(id: string, m: EntityManager = this.db.manager): Promise<WebhookSubscriptionEntity | null> {
    return m.findOneBy(WebhookSubscriptionEntity, { id });
  }

  /** Every subscription, or one agency's (those for every agency are an admin's). */
  listSubscriptions(agency: string | null): Promise<WebhookSubscriptionEntity[]> {
    return this.db.manager.find(WebhookSubscriptionEntity, { where: agency === null ? {} : { agencyCode: agency }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async updateSubscription(m: EntityManager, id: string, patch: Partial<WebhookSubscriptionEntity>): Promise<void> {
    await m.update(WebhookSubscriptionEntity, { id }, patch);
  }

  async deleteSubscription(m: EntityManager, id: string): Promise<void> {
    await m.query('DELETE FROM webhook_deliveries WHERE subscription_id = $1', [id]);
    await m.delete(WebhookSubscriptionEntity, { id });
  }

  /** The secrets a message is signed with now: the current one, and the previous one during a rotation. */
  async secretsOf(m: EntityManager, id: string): Promise<{ secret: string; previousSecret: string | null } | null> {
    const rows = await m.query<{ secret: string; previous_secret: string | null }[]>('SELECT secret, previous_secret FROM webhook_subscriptions WHERE id = $1', [id]);
    return rows[0] ? { secret: rows[0].secret, previousSecret: rows[0].previous_secret } : null;
  }

  // --- deliveries ---

  /** One pending delivery per event and matching enabled subscription (agency and type filter). */
  async fanOut(m: EntityManager, seqs: string[], now: Date): Promise<number> {
    if (seqs.length === 0) return 0;
    const rows = await m.query<{ n: number }[]>(
      `WITH queued AS (
       INSERT INTO webhook_deliveries (subscription_id, event_id, event_position, order_key, status, attempts, next_attempt_at, created_at)
       SELECT s.id, e.id, e.position, COALESCE(e.case_id::text, e.id::text), 'pending', 0, $2, $2
         FROM outbox_events e
         JOIN webhook_subscriptions s ON s.enabled
              AND (s.agency_code IS NULL OR s.agency_code = e.agency_code)
              AND (cardinality(s.event_types) = 0 OR e.type = ANY(s.event_types))
        WHERE e.seq = ANY($1::bigint[])
       RETURNING 1)
       SELECT count(*)::int AS n FROM queued`,
      [seqs, now],
    );
    return rows[0].n;
  }

  /**
   * Locks the next due deliveries of enabled subscriptions for the caller's transaction (another
   * relay skips them). Only the oldest pending delivery of each (subscription, case) is due, so a
   * case's events reach a receiver in order, retries included.
   */
  async claimDue(m: EntityManager, now: Date, limit: number): Promise<DueDelivery[]> {
    const rows = await m.query<DueRaw[]>(
      `SELECT d.id, d.subscription_id, d.attempts, d.first_attempt_at,
              s.url, s.secret, s.previous_secret, s.previous_secret_expires_at,
              e.seq, e.id AS event_id, e.type, e.schema_version, e.case_id, e.agency_code, e.applicant_id, e.roles, e.occurred_at, e.data, e.position
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
         JOIN outbox_events e ON e.id = d.event_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          AND NOT EXISTS (
                SELECT 1 FROM webhook_deliveries p
                 WHERE p.subscription_id = d.subscription_id AND p.order_key = d.order_key
                   AND p.status = 'pending' AND p.event_position < d.event_position)
        ORDER BY d.next_attempt_at, d.id
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      subscriptionId: r.subscription_id,
      attempts: r.attempts,
      firstAttemptAt: r.first_attempt_at,
      url: r.url,
      secrets: [r.secret, ...(r.previous_secret && r.previous_secret_expires_at && r.previous_secret_expires_at > now ? [r.previous_secret] : [])],
      event: {
        seq: String(r.seq),
        id: r.event_id,
        type: r.type,
        schemaVersion: r.schema_version,
        caseId: r.case_id,
        agencyCode: r.agency_code,
        applicantId: r.applicant_id,
        roles: r.roles,
        occurredAt: r.occurred_at,
        data: r.data,
        position: String(r.position),
      },
    }));
  }

  async markDelivered(m: EntityManager, delivered: { id: string; status: number }[], now: Date): Promise<void> {
    if (delivered.length === 0) return;
    await m.query(
      `UPDATE webhook_deliveries d SET status = 'delivered', attempts = d.attempts + 1, delivered_at = $3, last_attempt_at = $3,
              first_attempt_at = COALESCE(d.first_attempt_at, $3), last_status = x.status, last_error = NULL
         FROM unnest($1::bigint[], $2::int[]) AS x(id, status)
        WHERE d.id = x.id`,
      [delivered.map((d) => d.id), delivered.map((d) => d.status), now],
    );
    await m.query(
      `UPDATE webhook_subscriptions SET failing_since = NULL
        WHERE failing_since IS NOT NULL AND id IN (SELECT subscription_id FROM webhook_deliveries WHERE id = ANY($1::bigint[]))`,
      [delivered.map((d) => d.id)],
    );
  }

  async markFailed(m: EntityManager, f: FailedAttempt, now: Date): Promise<void> {
    await m.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $2, first_attempt_at = $3, last_status = $4, last_error = $5,
              status = CASE WHEN $6::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
              next_attempt_at = COALESCE($6::timestamptz, next_attempt_at)
        WHERE id = $1`,
      [f.id, now, f.firstAttemptAt, f.status, f.error.slice(0, 500), f.nextAttemptAt],
    );
    await m.query('UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, $2) WHERE id = $1', [f.subscriptionId, f.firstAttemptAt]);
  }

  /**
   * Disables a subscription that has been failing for at least `windowMs` (a delivery of it was
   * just dead-lettered). True when this call disabled it.
   */
  async disableIfFailingSince(m: EntityManager, id: string, notAfter: Date, now: Date, reason: string): Promise<boolean> {
    const [rows] = await m.query<[{ id: string }[], number]>(
      `UPDATE webhook_subscriptions SET enabled = false, disabled_at = $3, disabled_reason = $4, updated_at = $3
        WHERE id = $1 AND enabled AND failing_since IS NOT NULL AND failing_since <= $2
        RETURNING id`,
      [id, notAfter, now, reason],
    );
    return rows.length > 0;
  }

  /** The delivery log of a subscription, newest first. */
  async log(subscriptionId: string, q: DeliveryLogQuery): Promise<(WebhookDeliveryEntity & { eventType: string })[]> {
    const qb = this.db.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .innerJoin('outbox_events', 'e', 'e.id = d.event_id')
      .addSelect('e.type', 'event_type')
      .where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.before) qb.andWhere('d.id < :before', { before: q.before });
    const { entities, raw } = await qb.orderBy('d.id', 'DESC').limit(q.limit).getRawAndEntities<{ event_type: string }>();
    return entities.map((d, i) => Object.assign(d, { eventType: raw[i].event_type }));
  }

  /**
   * Queues dispatched events again for one subscription (a replay): the given events, or those
   * that happened in [from, to], within the subscription's agency and event types. The events
   * keep their ids, so receivers see the same `webhook-id`.
   */
  async replay(m: EntityManager, sub: WebhookSubscriptionEntity, what: { eventIds?: string[]; from?: Date; to?: Date }, now: Date, limit: number): Promise<number> {
    const params: unknown[] = [sub.id, now, sub.agencyCode, sub.eventTypes, limit];
    const where = ['e.position IS NOT NULL', '($3::text IS NULL OR e.agency_code = $3)', '(cardinality($4::text[]) = 0 OR e.type = ANY($4::text[]))'];
    if (what.eventIds) {
      params.push(what.eventIds);
      where.push(`e.id = ANY($${params.length}::uuid[])`);
    }
    if (what.from) {
      params.push(what.from);
      where.push(`e.occurred_at >= $${params.length}`);
    }
    if (what.to) {
      params.push(what.to);
      where.push(`e.occurred_at <= $${params.length}`);
    }
    const rows = await m.query<{ n: number }[]>(
      `WITH queued AS (
       INSERT INTO webhook_deliveries (subscription_id, event_id, event_position, order_key, status, attempts, next_attempt_at, created_at, replay)
       SELECT $1, e.id, e.position, COALESCE(e.case_id::text, e.id::text), 'pending', 0, $2, $2, true
         FROM outbox_events e
        WHERE ${where.join(' AND ')}
        ORDER BY e.position
        LIMIT $5
       RETURNING 1)
       SELECT count(*)::int AS n FROM queued`,
      params,
    );
    return rows[0].n;
  }

  /** Pending and dead deliveries, and the age of the oldest pending one's event (seconds). */
  async backlog(now: Date): Promise<{ pending: number; dead: number; oldestAgeSeconds: number }> {
    const rows = await this.db.query<{ pending: number; dead: number; oldest: Date | null }[]>(
      `SELECT (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS pending,
              (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'dead') AS dead,
              (SELECT MIN(d.created_at) FROM webhook_deliveries d WHERE d.status = 'pending') AS oldest`,
    );
    const r = rows[0];
    return { pending: r?.pending ?? 0, dead: r?.dead ?? 0, oldestAgeSeconds: r?.oldest ? Math.max(0, (now.getTime() - r.oldest.getTime()) / 1000) : 0 };
  }
}
