import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { oncePerRole } from '../common/once-per-role.js';
import { QueueModule } from '../queue/queue.module.js';
import { CredentialStore } from './credential-store.js';
import { PlatformRegistry } from './platform-registry.js';
import { REGISTERED_PLATFORMS } from './platforms.js';

/**
 * Every registered platform's adapter and what it needs, the registry and the credential
 * store, in every role. The credential store reads and saves channel rows through its own
 * ChannelsRepository (a stateless SQL wrapper): the channels module imports this one to seal
 * credentials, so this one cannot import it back.
 */
@Module({})
export class PlatformsModule {
  static readonly forRole = oncePerRole((): DynamicModule => {
    const everyRole = [
      CredentialStore,
      PlatformRegistry,
      ...REGISTERED_PLATFORMS.flatMap((p) => [p.adapter, ...p.providers]),
    ];
    return {
      module: PlatformsModule,
      imports: [AuditModule, QueueModule],
      providers: [ChannelsRepository, ...everyRole],
      exports: everyRole,
    };
  });
}
