import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@tenggat/applications';
import { CalendarServiceModule } from '@tenggat/calendar-service';
import { CatalogueModule } from '@tenggat/catalogue';
import { IdentityModule } from '@tenggat/identity';
import { Mailer } from './mailer';
import { NotificationScheduleReadModel } from './notification-schedule.read-model';
import { NotificationScheduler } from './notification-scheduler';
import { NotificationsCoreModule } from './notifications-core.module';
import { OutboxRelay } from './outbox-relay';
import { WebhookSender } from './webhook-sender';

/** The relay: run by apps/worker, and by the API unless RUN_WORKERS=false. */
@Module({
  imports: [NotificationsCoreModule, IdentityModule, CatalogueModule, ApplicationsModule, CalendarServiceModule],
  providers: [OutboxRelay, WebhookSender, Mailer, NotificationScheduler, NotificationScheduleReadModel],
  exports: [OutboxRelay, NotificationScheduler],
})
export class NotificationsRelayModule {}
