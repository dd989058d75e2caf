import type { Provider, Type } from '@nestjs/common';
import type { Platform } from '../db/schema/index.js';
import type { PlatformAdapter } from './platform-adapter.js';
import type { TextRules } from './text-rules.js';

export type { TextRules } from './text-rules.js';

/**
 * How the publisher learns whether an ambiguous create (sent, no trustworthy answer) went live.
 * - `read_account`: read the account's recent posts and compare texts in the platform's own
 *   canonical form (a sent text and the text the platform returns for it are equal there);
 * - `client_key`: the create carried a key chosen by us, and the platform can be asked for it;
 * - `idempotency_header`: repeating the create with the same idempotency header is safe.
 */
export type AmbiguousCreateResolution =
  | { kind: 'read_account'; canonicalText(text: string, origin: 'sent' | 'returned'): string }
  | { kind: 'client_key' }
  | { kind: 'idempotency_header' };

/**
 * How post metrics are read: ids looked up in batches; owner-only metrics (impressions) only
 * while the post is younger than `publicOnlyAfterDays`; `synthetic` when the numbers are made up
 * (sandbox), so every figure built on them says so.
 */
export type MetricsReading =
  | {
      kind: 'batch_lookup';
      maxIdsPerCall: number;
      publicOnlyAfterDays?: number;
      synthetic: boolean;
    }
  | { kind: 'none' };

/** How a channel is connected to its account on the platform. */
export type ConnectFlow =
  | { kind: 'oauth'; variants: readonly string[]; description: string }
  | { kind: 'none'; description: string };

/**
 * Everything the app knows about one platform, declared in the platform's own folder and
 * registered by one line in `platforms.ts`. Nest wiring comes with it: the adapter class and
 * what it needs in every role. The connect flow's routes live above channels, in
 * `src/connect/<name>/` (they connect channel rows, which this seam sits below).
 */
export interface PlatformDefinition {
  name: Platform;
  /** Shown to people: "X", "Sandbox". */
  label: string;
  text: TextRules;
  /** Whether repeating a create can never post twice. */
  idempotentCreates: boolean;
  ambiguousCreate: AmbiguousCreateResolution;
  metrics: MetricsReading;
  connect: ConnectFlow;
  adapter: Type<PlatformAdapter>;
  /** Providers the adapter needs, in every role. */
  providers: readonly Provider[];
}
