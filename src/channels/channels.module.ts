import { type DynamicModule, Module } from '@nestjs/common';
import { oncePerRole } from '../common/once-per-role.js';
import { AuditModule } from '../audit/audit.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { ChannelsController } from './channels.controller.js';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsService } from './channels.service.js';

/** Channels (social accounts) and their sealed credentials; HTTP only where the API is served. */
@Module({})
export class ChannelsModule {
  static readonly forRole = oncePerRole((servesApi): DynamicModule => ({
    module: ChannelsModule,
    imports: [AuditModule, PlatformsModule.forRole(servesApi)],
    providers: [ChannelsRepository, ChannelsService],
    controllers: servesApi ? [ChannelsController] : [],
    exports: [ChannelsRepository, ChannelsService],
  }));
}
