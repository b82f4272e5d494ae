import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from './notifications-core.module';
import { OutboxRelay } from './outbox-relay';
import { WebhookSender } from './webhook-sender';

/** The relay: run by apps/worker, and by the API unless RUN_WORKERS=false. */
@Module({
  imports: [NotificationsCoreModule],
  providers: [OutboxRelay, WebhookSender],
  exports: [OutboxRelay],
})
export class NotificationsRelayModule {}
