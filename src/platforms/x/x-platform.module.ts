import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { ChannelsModule } from '../../channels/channels.module.js';
import { X_PLATFORM_ADAPTER } from '../platform-adapter.js';
import { PendingXAuthorizations } from './pending-x-authorizations.js';
import { XAdapter } from './x-adapter.js';
import { XClients } from './x-clients.js';
import { XConnectController } from './x-connect.controller.js';
import { XConnectService } from './x-connect.service.js';

/**
 * X: the adapter, in every role (global, so the publishing module's registry finds it under
 * X_PLATFORM_ADAPTER), and connecting accounts where the API is. RedisLock comes from the global
 * queue module.
 */
@Module({})
export class XPlatformModule {
  static forRole(servesApi: boolean): DynamicModule {
    return {
      module: XPlatformModule,
      global: true,
      imports: [AuditModule, ChannelsModule.forRole(servesApi)],
      providers: [
        XClients,
        XAdapter,
        { provide: X_PLATFORM_ADAPTER, useExisting: XAdapter },
        ...(servesApi ? [PendingXAuthorizations, XConnectService] : []),
      ],
      controllers: servesApi ? [XConnectController] : [],
      exports: [XAdapter, X_PLATFORM_ADAPTER],
    };
  }
}
