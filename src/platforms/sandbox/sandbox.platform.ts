import type { PlatformDefinition, TextRules } from '../platform-definition.js';
import { SandboxAdapter } from './sandbox.adapter.js';
import { SandboxFeedRepository } from './sandbox-feed.repository.js';

/** Plain Unicode code points: the sandbox has no link shortener or weighting of its own. */
const sandboxTextRules: TextRules = {
  unit: 'characters',
  maxLength: 280,
  length: (text) => [...text].length,
  refusedCharacters: () => undefined,
  thread: { kind: 'reply_chain', maxSegments: 25 },
};

/** The internal preview feed, for demos and training: a platform that always answers. */
export const sandboxPlatform: PlatformDefinition = {
  name: 'sandbox',
  label: 'Sandbox',
  text: sandboxTextRules,
  idempotentCreates: false,
  // It stores the text exactly as sent, so its canonical form is the text itself.
  ambiguousCreate: { kind: 'read_account', canonicalText: (text) => text },
  metrics: { kind: 'batch_lookup', maxIdsPerCall: 100 },
  connect: { kind: 'none', description: 'A sandbox channel has no account to connect.' },
  adapter: SandboxAdapter,
  providers: [SandboxFeedRepository],
  api: { providers: [], controllers: [] },
};
