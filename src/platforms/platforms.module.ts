import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { oncePerRole } from '../common/once-per-role.js';
import { QueueModule } from '../queue/queue.module.js';
import { CredentialStore } from './credential-store.js';
import { PlatformRegistry } from './platform-registry.js';
import { REGISTERED_PLATFORMS } from './platforms.js';
import { StoredCredentialsRepository } from './stored-credentials.repository.js';

/**
 * Every registered platform's adapter and what it needs, the registry and the credential
 * store, in every role. It sits below channels (which seal credentials through the store), so
 * the store reads and saves the credential columns with its own repository.
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
      providers: [StoredCredentialsRepository, ...everyRole],
      exports: everyRole,
    };
  });
}
