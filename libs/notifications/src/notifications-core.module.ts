import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@tenggat/applications';
import { AuditModule } from '@tenggat/audit';
import { SlaModule } from '@tenggat/sla';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { MailRepository } from './mail.repository';
import { NOTIFICATION_ENTITIES } from './notification.entities';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox-writer';
import { WebhookRepository } from './webhook.repository';

/**
 * The outbox and its writer, in every process that changes cases (the API and the worker): the
 * writer hooks into the audit log at init, so each published event is written in the
 * transaction of its change.
 */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES), AuditModule, ApplicationsModule, SlaModule],
  providers: [OutboxRepository, OutboxWriter, WebhookRepository, MailRepository, IdempotencyRepository],
  exports: [OutboxRepository, WebhookRepository, MailRepository, IdempotencyRepository, TypeOrmModule, AuditModule],
})
export class NotificationsCoreModule {}
