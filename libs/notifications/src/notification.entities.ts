import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { IdempotentRequestEntity } from './idempotency/idempotent-request.entity';

const bigintAsString = {
  to: (v: string | null | undefined): string | null | undefined => v,
  from: (v: string | null): string | null => v,
};

/**
 * The transactional outbox: one row per domain event, written in the transaction of the change
 * it records (through the audit hook). `seq` is the order of writing; `position` is given by
 * the relay when it dispatches the event, in commit order, and is the cursor of the event feed
 * and the live stream (a later transaction can never appear before an earlier cursor).
 *
 * Partitioned by month on `occurred_at` (OUTBOX_HISTORY): the primary key carries it, and `id`
 * and `position` have plain indexes (a unique index of a partitioned table must contain the
 * partition key): ids are random uuids, positions are given under the dispatch lock. A derived
 * event's once-only key is kept unique in `outbox_dedupe_keys`.
 */
@Entity('outbox_events')
@Index('IDX_outbox_events_id', ['id'])
@Index('IDX_outbox_events_position', ['position'])
@Index('IDX_outbox_events_undispatched', ['seq'], { where: 'position IS NULL' })
@Index('IDX_outbox_events_agency_position', ['agencyCode', 'position'], { where: 'position IS NOT NULL' })
@Index('IDX_outbox_events_occurred', ['occurredAt'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_outbox_events' })
  seq: string;

  /** The stable event id: `webhook-id`, the same on every retry and replay. */
  @Column('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('int', { name: 'schema_version' })
  schemaVersion: number;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId: string | null;

  @Column('text', { name: 'agency_code', nullable: true })
  agencyCode: string | null;

  /** Whose case it is (emails, the applicant's live stream). */
  @Column('uuid', { name: 'applicant_id', nullable: true })
  applicantId: string | null;

  /** Officer roles working the case before or after the event (the live stream's scope). */
  @Column('text', { array: true, default: () => "'{}'" })
  roles: string[];

  @PrimaryColumn('timestamptz', { name: 'occurred_at', primaryKeyConstraintName: 'PK_outbox_events' })
  occurredAt: Date;

  @Column('jsonb')
  data: Record<string, unknown>;

  /** The audit event it came from (null for events the relay derives, such as reminders). */
  @Column('bigint', { name: 'audit_seq', nullable: true, transformer: bigintAsString })
  auditSeq: string | null;

  /** Derived events are written once: `reminder:<clock>:<epoch>` (kept unique in `outbox_dedupe_keys`). */
  @Column('text', { name: 'dedupe_key', nullable: true })
  dedupeKey: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsString })
  position: string | null;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;
}

/** The once-only keys of derived events (reminders, set-based breaches): an outbox row is written only with a new key. */
@Entity('outbox_dedupe_keys')
export class OutboxDedupeKeyEntity {
  @PrimaryColumn('text', { name: 'dedupe_key', primaryKeyConstraintName: 'PK_outbox_dedupe_keys' })
  dedupeKey: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;
}

/** A webhook endpoint of an agency (or of an integrator for every agency), with its event filter. */
@Entity('webhook_subscriptions')
@Index('IDX_webhook_subscriptions_agency', ['agencyCode'])
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_subscriptions' })
  id: string;

  @Column('text')
  url: string;

  @Column('text', { default: '' })
  description: string;

  /** null: every agency's events (an integrator such as the national OSS). */
  @Column('text', { name: 'agency_code', nullable: true })
  agencyCode: string | null;

  /** Empty: every type. */
  @Column('text', { name: 'event_types', array: true, default: () => "'{}'" })
  eventTypes: string[];

  /** `whsec_<base64>`; never shown after creation or rotation. */
  @Column('text', { select: false })
  secret: string;

  /** The secret before the last rotation, still signed with until `previous_secret_expires_at`. */
  @Column('text', { name: 'previous_secret', nullable: true, select: false })
  previousSecret: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  /** Since when every attempt has failed (null after a success). */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event to one subscription: retried until delivered or dead-lettered; the delivery log. */
@Entity('webhook_deliveries')
@Index('IDX_webhook_deliveries_due', ['nextAttemptAt', 'id'], { where: "status = 'pending'" })
@Index('IDX_webhook_deliveries_order', ['subscriptionId', 'orderKey', 'eventPosition'], { where: "status = 'pending'" })
@Index('IDX_webhook_deliveries_log', ['subscriptionId', 'id'])
@Index('IDX_webhook_deliveries_event', ['eventId'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_webhook_deliveries' })
  id: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('bigint', { name: 'event_position', transformer: bigintAsString })
  eventPosition: string;

  /** Deliveries with one key go out in event order: the case. */
  @Column('text', { name: 'order_key' })
  orderKey: string;

  @Column('text')
  status: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column('timestamptz', { name: 'first_attempt_at', nullable: true })
  firstAttemptAt: Date | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  /** The receiver's HTTP status of the last attempt (null: no answer). */
  @Column('int', { name: 'last_status', nullable: true })
  lastStatus: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  /** A replay asked by an administrator (not the first delivery). */
  @Column('boolean', { default: false })
  replay: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

export type MailStatus = 'pending' | 'sent' | 'recorded' | 'dead';

/** An email: sent over SMTP_URL, or only recorded (readable by admins) when none is configured. */
@Entity('mail_messages')
@Index('UQ_mail_messages_dedupe_key', ['dedupeKey'], { unique: true })
@Index('IDX_mail_messages_due', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('IDX_mail_messages_created', ['createdAt'])
export class MailMessageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_mail_messages' })
  id: string;

  /** `<event id>:<user id>` or `digest:<day>:<user id>`: one mail per event and recipient. */
  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;

  @Column('uuid', { name: 'event_id', nullable: true })
  eventId: string | null;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId: string | null;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('text', { name: 'to_address' })
  toAddress: string;

  @Column('text')
  language: string;

  @Column('text')
  template: string;

  @Column('text')
  subject: string;

  @Column('text', { name: 'body_text' })
  bodyText: string;

  @Column('text')
  status: MailStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

export const NOTIFICATION_ENTITIES: Function[] = [OutboxEventEntity, OutboxDedupeKeyEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity, MailMessageEntity, IdempotentRequestEntity];
