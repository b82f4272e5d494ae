import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApplicationsModule } from '@tenggat/applications';
import { IdentityModule } from '@tenggat/identity';
import { EventsController } from './events.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { MailAdminController, MailAdminService } from './mail-admin';
import { EventsService } from './events.service';
import { LiveStreamService } from './live-stream.service';
import { NotificationsCoreModule } from './notifications-core.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * The API side of notifications: the catalogue, the event feed, the live stream, webhooks and
 * mail administration; and Idempotency-Key on every POST (a global interceptor).
 */
@Module({
  imports: [NotificationsCoreModule, IdentityModule, ApplicationsModule],
  controllers: [EventsController, WebhooksController, MailAdminController],
  providers: [EventsService, WebhooksService, MailAdminService, LiveStreamService, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class NotificationsModule {}
