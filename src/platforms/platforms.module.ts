import { type DynamicModule, Module } from '@nestjs/common';
import { CredentialStore } from './credential-store.js';
import { PlatformRegistry } from './platform-registry.js';
import { REGISTERED_PLATFORMS } from './platforms.js';

/**
 * Every registered platform's adapter and what it needs, the registry and the credential
 * store, in every role (global, so publishing and channels find them); connect flows only
 * where the API is. ChannelsRepository comes from the global workflow module, RedisLock from
 * the global queue module.
 */
@Module({})
export class PlatformsModule {
  static forRole(servesApi: boolean): DynamicModule {
    const everyRole = [
      CredentialStore,
      PlatformRegistry,
      ...REGISTERED_PLATFORMS.flatMap((p) => [p.adapter, ...p.providers]),
    ];
    const api = servesApi ? REGISTERED_PLATFORMS.map((p) => p.api) : [];
    return {
      module: PlatformsModule,
      global: true,
      providers: [...everyRole, ...api.flatMap((a) => a.providers)],
      controllers: api.flatMap((a) => a.controllers),
      exports: everyRole,
    };
  }
}
