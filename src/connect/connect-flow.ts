import type { Provider, Type } from '@nestjs/common';
import type { Platform } from '../db/schema/index.js';

/**
 * How people connect a channel to its account on one platform: the routes and what they need,
 * served only by the API role. Declared in `src/connect/<name>/<name>.connect.ts` beside the
 * platform's `connect` declaration in its definition (which says what the flow is, not how).
 */
export interface PlatformConnectFlow {
  platform: Platform;
  providers: readonly Provider[];
  controllers: readonly Type<unknown>[];
}
