import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { PlatformsModule } from './platforms.module.js';
import { REGISTERED_PLATFORMS } from './platforms.js';

/** Connecting accounts (each platform's connect flow), where the API is served. */
@Module({})
export class PlatformConnectModule {
  static forRole(servesApi: boolean): DynamicModule {
    const api = servesApi ? REGISTERED_PLATFORMS.map((p) => p.api) : [];
    return {
      module: PlatformConnectModule,
      imports: [
        AuditModule,
        QueueModule,
        ChannelsModule.forRole(servesApi),
        PlatformsModule.forRole(servesApi),
      ],
      providers: api.flatMap((a) => a.providers),
      controllers: api.flatMap((a) => a.controllers),
    };
  }
}
