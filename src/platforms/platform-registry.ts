import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Platform } from '../db/schema/index.js';
import { CredentialStore } from './credential-store.js';
import type { PlatformAdapter } from './platform-adapter.js';
import type { PlatformDefinition } from './platform-definition.js';
import { platformDefinition, REGISTERED_PLATFORMS } from './platforms.js';
import { publishTarget, type PublishTarget, type TargetChannel } from './publish-target.js';

/** The registered platforms: each one's adapter and definition, and publish targets. */
@Injectable()
export class PlatformRegistry implements OnModuleInit {
  private readonly adapters = new Map<Platform, PlatformAdapter>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly credentials: CredentialStore,
  ) {}

  onModuleInit(): void {
    for (const platform of REGISTERED_PLATFORMS) {
      this.adapters.set(platform.name, this.moduleRef.get(platform.adapter));
    }
  }

  for(platform: Platform): PlatformAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new Error(`No adapter for platform "${platform}"`);
    return adapter;
  }

  definition(platform: Platform): PlatformDefinition {
    return platformDefinition(platform);
  }

  /** What an adapter gets for a channel: never the row itself. */
  target(channel: TargetChannel): PublishTarget {
    return publishTarget(channel, this.credentials);
  }
}
