import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CONNECT_FLOWS } from './connect-flows.js';

/**
 * Connecting accounts (each platform's connect flow), where the API is served. It sits above
 * channels (a flow reads and connects channel rows) and the platform seam (whose clients and
 * credential store it uses), which know nothing of it.
 */
@Module({})
export class PlatformConnectModule {
  static forRole(servesApi: boolean): DynamicModule {
    const flows = servesApi ? CONNECT_FLOWS : [];
    return {
      module: PlatformConnectModule,
      imports: [
        AuditModule,
        QueueModule,
        ChannelsModule.forRole(servesApi),
        PlatformsModule.forRole(servesApi),
      ],
      providers: flows.flatMap((f) => f.providers),
      controllers: flows.flatMap((f) => f.controllers),
    };
  }
}
