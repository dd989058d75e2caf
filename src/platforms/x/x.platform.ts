import type { PlatformDefinition } from '../platform-definition.js';
import { METRICS_BATCH_SIZE, XAdapter } from './x-adapter.js';
import { XClients } from './x-clients.js';
import { xCanonicalText } from './x-text.js';
import { xTextRules } from './x-text-rules.js';

/** X through its v2 API (twitter-api-v2); its configuration slice is `XConfig` (x-config.ts). */
export const xPlatform: PlatformDefinition = {
  name: 'x',
  label: 'X',
  text: xTextRules,
  // X has no idempotency key: a repeated create posts again or is refused as a duplicate.
  idempotentCreates: false,
  ambiguousCreate: { kind: 'read_account', canonicalText: xCanonicalText },
  // Public metrics by id lookup; X keeps private metrics only for 30 days.
  metrics: {
    kind: 'batch_lookup',
    maxIdsPerCall: METRICS_BATCH_SIZE,
    publicOnlyAfterDays: 30,
    synthetic: false,
  },
  connect: {
    kind: 'oauth',
    variants: ['oauth2_pkce', 'oauth1a'],
    description:
      'OAuth 2.0 with PKCE (or OAuth 1.0a three-legged); the signed-in account is confirmed through GET /2/users/me before anything is stored.',
  },
  adapter: XAdapter,
  providers: [XClients],
};
