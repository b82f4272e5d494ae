import { Module } from '@nestjs/common';
import { CatalogueModule } from '@tenggat/catalogue';
import { IdentityModule } from '@tenggat/identity';
import { Mailer } from './mailer';
import { NotificationsCoreModule } from './notifications-core.module';
import { OutboxRelay } from './outbox-relay';
import { WebhookSender } from './webhook-sender';

/** The relay: run by apps/worker, and by the API unless RUN_WORKERS=false. */
@Module({
  imports: [NotificationsCoreModule, IdentityModule, CatalogueModule],
  providers: [OutboxRelay, WebhookSender, Mailer],
  exports: [OutboxRelay],
})
export class NotificationsRelayModule {}
