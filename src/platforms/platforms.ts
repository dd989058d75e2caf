import type { Platform } from '../db/schema/index.js';
import type { PlatformDefinition } from './platform-definition.js';
import { sandboxPlatform } from './sandbox/sandbox.platform.js';
import { xPlatform } from './x/x.platform.js';

/** Every platform the app publishes to. Adding one: its folder, and one line here. */
export const REGISTERED_PLATFORMS: readonly PlatformDefinition[] = [xPlatform, sandboxPlatform];

export function platformDefinition(name: Platform): PlatformDefinition {
  const found = REGISTERED_PLATFORMS.find((p) => p.name === name);
  if (!found) throw new Error(`No platform "${name}" is registered in src/platforms/platforms.ts`);
  return found;
}
