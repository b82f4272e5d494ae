import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from './event-catalogue';
import type { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './notification.entities';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export class WebhookSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://oss.example.go.id/hooks/tenggat' }) url: string;
  @ApiProperty({ example: 'National OSS dashboard' }) description: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: every agency' }) agency: string | null;
  @ApiProperty({ type: [String], enum: EVENT_TYPES, description: 'Empty: every type' }) eventTypes: string[];
  @ApiProperty({ description: 'Disabled subscriptions receive nothing; their pending deliveries wait' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was disabled (automatically after persistent failure, or by an administrator)' })
  disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when every attempt has failed' }) failingSince: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until when the previous secret still signs (after a rotation)' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;

  static from(s: WebhookSubscriptionEntity): WebhookSubscriptionView {
    return {
      id: s.id,
      url: s.url,
      description: s.description,
      agency: s.agencyCode,
      eventTypes: s.eventTypes,
      enabled: s.enabled,
      disabledReason: s.disabledReason,
      disabledAt: iso(s.disabledAt),
      failingSince: iso(s.failingSince),
      previousSecretExpiresAt: iso(s.previousSecretExpiresAt),
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

/** A subscription as created (or with its secret rotated): the only time the secret is shown. */
export class WebhookSubscriptionWithSecret extends WebhookSubscriptionView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret (Standard Webhooks): shown only now; keep it' })
  secret: string;
}

export class WebhookDeliveryView {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event (and webhook-id)' }) eventId: string;
  @ApiProperty({ enum: EVENT_TYPES }) eventType: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'dead'], description: 'dead: dead-lettered after failing for the whole retry window' }) status: string;
  @ApiProperty({ minimum: 0 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it is tried next (pending)' }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status the last time (null: no answer)" }) lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ description: 'Queued by a replay' }) replay: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;

  static from(d: WebhookDeliveryEntity & { eventType: string }): WebhookDeliveryView {
    return {
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      firstAttemptAt: iso(d.firstAttemptAt),
      lastAttemptAt: iso(d.lastAttemptAt),
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      deliveredAt: iso(d.deliveredAt),
      replay: d.replay,
      createdAt: d.createdAt.toISOString(),
    };
  }
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryView], description: 'Newest first' }) items: WebhookDeliveryView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next page; null at the end' }) next: string | null;
}

export class ReplayResult {
  @ApiProperty({ minimum: 0, description: 'Deliveries queued (at most 10000 per request)' }) queued: number;
}
