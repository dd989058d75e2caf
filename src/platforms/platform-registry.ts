import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Platform } from '../db/schema/index.js';
import { type PlatformAdapter, PlatformFailure, X_PLATFORM_ADAPTER } from './platform-adapter.js';
import { SandboxAdapter } from './sandbox/sandbox.adapter.js';

/** Picks the adapter for a channel's platform. */
@Injectable()
export class PlatformRegistry {
  constructor(
    private readonly sandbox: SandboxAdapter,
    @Optional() @Inject(X_PLATFORM_ADAPTER) private readonly x?: PlatformAdapter,
  ) {}

  for(platform: Platform): PlatformAdapter {
    if (platform === 'sandbox') return this.sandbox;
    if (!this.x)
      throw new PlatformFailure('auth', 'X publishing is not configured in this process');
    return this.x;
  }
}
