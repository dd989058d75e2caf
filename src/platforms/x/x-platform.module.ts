import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { ChannelsModule } from '../../channels/channels.module.js';
import { oncePerRole } from '../../common/once-per-role.js';
import { QueueModule } from '../../queue/queue.module.js';
import { X_PLATFORM_ADAPTER } from '../platform-adapter.js';
import { PendingXAuthorizations } from './pending-x-authorizations.js';
import { XAdapter } from './x-adapter.js';
import { XClients } from './x-clients.js';
import { XConnectController } from './x-connect.controller.js';
import { XConnectService } from './x-connect.service.js';

/**
 * X: the adapter, in every role (the publishing module imports it, and its registry finds it
 * under X_PLATFORM_ADAPTER), and connecting accounts where the API is.
 */
@Module({})
export class XPlatformModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: XPlatformModule,
    imports: [AuditModule, QueueModule, ChannelsModule.forRole(servesApi)],
    providers: [
      XClients,
      XAdapter,
      { provide: X_PLATFORM_ADAPTER, useExisting: XAdapter },
      ...(servesApi ? [PendingXAuthorizations, XConnectService] : []),
    ],
    controllers: servesApi ? [XConnectController] : [],
    exports: [XAdapter, X_PLATFORM_ADAPTER],
  }));
}
