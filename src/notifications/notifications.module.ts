import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { oncePerRole } from '../common/once-per-role.js';
import { QueueModule } from '../queue/queue.module.js';
import { AuditListener } from './audit-listener.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryWakeUps } from './delivery-wake-ups.js';
import { EmailSender } from './email-sender.js';
import { NotificationFanOut } from './notification-fan-out.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Notifications read the audit log, so no feature module calls them: in-app notifications,
 * emails and signed webhooks. The job handlers are registered in every role (a handler must exist
 * wherever workers run); HTTP only where the API is served.
 */
@Module({})
export class NotificationsModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: NotificationsModule,
    imports: [AuditModule, QueueModule],
    providers: [
      NotificationsRepository,
      DeliveriesRepository,
      DeliveryWakeUps,
      NotificationFanOut,
      AuditListener,
      EmailSender,
      WebhookSender,
      NotificationPreferencesService,
      WebhooksService,
    ],
    controllers: servesApi ? [NotificationsController, WebhooksController] : [],
  }));
}
