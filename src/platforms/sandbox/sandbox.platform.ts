import type { PlatformDefinition, TextRules } from '../platform-definition.js';
import { xTextRules } from '../x/x-text-rules.js';
import { SandboxAdapter } from './sandbox.adapter.js';
import { SandboxFeedRepository } from './sandbox-feed.repository.js';

/**
 * The sandbox rehearses X (demos and training), so a post that fits the sandbox must fit X: it
 * keeps X's text rules (weighted length, t.co link weight, threads).
 */
const sandboxTextRules: TextRules = xTextRules;

/** The internal preview feed, for demos and training: a platform that always answers. */
export const sandboxPlatform: PlatformDefinition = {
  name: 'sandbox',
  label: 'Sandbox',
  text: sandboxTextRules,
  idempotentCreates: false,
  // It stores the text exactly as sent, so its canonical form is the text itself.
  ambiguousCreate: { kind: 'read_account', canonicalText: (text) => text },
  // Made-up numbers that grow like real ones, so demos show a living dashboard (labelled synthetic).
  metrics: { kind: 'batch_lookup', maxIdsPerCall: 100, synthetic: true },
  connect: { kind: 'none', description: 'A sandbox channel has no account to connect.' },
  adapter: SandboxAdapter,
  providers: [SandboxFeedRepository],
};
