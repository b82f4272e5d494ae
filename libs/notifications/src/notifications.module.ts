import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { NotificationsCoreModule } from './notifications-core.module';

/** The API side of notifications: the catalogue, the event feed, the live stream, webhooks and mail administration. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [EventsController],
  providers: [EventsService],
})
export class NotificationsModule {}
