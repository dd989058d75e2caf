import { ANALYTICS_READERS, EVALUATION_EDITORS } from '../analytics/analytics-roles.js';
import { REVIEW_STAGES, ROLES, type ReviewStage, type Role } from '../db/schema/index.js';
import {
  LEGAL_REVIEWERS,
  LIBRARY_CONTRIBUTORS,
  PRIVACY_GUARDIANS,
  QUOTE_EDITORS,
  QUOTE_VETTERS,
  RETRACTORS,
  SAFETY_REVIEWERS,
} from '../library/library-roles.js';
import { type PostAction, STAGE_ROLE, transitionFor } from '../posts/post-lifecycle.js';

/** The roles the transition table lets take `action` (one that people, not the system, take). */
function rolesThatMay(action: PostAction): readonly Role[] {
  const { by } = transitionFor(action);
  if (by === 'system') throw new Error(`${action} is taken by the system, not by a role`);
  return by;
}

/** Everyone on the team who works on posts; analysts only read. */
const POST_TEAM: readonly Role[] = ROLES.filter((role) => role !== 'analyst');

/**
 * Who may do what, by capability: the table the web UI reads through `GET /api/auth/me` instead
 * of keeping its own copy of the role rules. Each entry is the role list (or the transition-table
 * row) the server's guards enforce; capabilities.spec.ts checks every entry against the @Roles
 * declarations of the endpoints it stands for, so the UI and the guards cannot drift apart.
 */
export const CAPABILITY_ROLES = {
  /** Write, edit and submit posts (the transition table's drafters). */
  composePosts: rolesThatMay('edit'),
  /** Review posts at the stages of one's roles (see `reviewStagesOf`). */
  reviewPosts: rolesThatMay('approve_stage'),
  /** Place approved posts in time, move scheduled ones, reschedule held ones. */
  schedulePosts: rolesThatMay('schedule'),
  commentOnPosts: POST_TEAM,
  /** Check text being written against the identifying details of the people it quotes. */
  checkIdentity: POST_TEAM,
  /** Clear an identifying detail found in a post so it may be approved. */
  clearIdentityMatches: SAFETY_REVIEWERS,
  /** Start, change and lift pauses of a channel, a campaign or everything. */
  managePauses: ['editor', 'admin'],
  /** Add sources, defectors and quotes; import quotes. */
  contributeToLibrary: LIBRARY_CONTRIBUTORS,
  editQuotes: QUOTE_EDITORS,
  vetQuotes: QUOTE_VETTERS,
  reviewQuotesLegally: LEGAL_REVIEWERS,
  /** Approve a quote whose text names identifying details of its defector. */
  acknowledgeIdentityMatches: SAFETY_REVIEWERS,
  retractQuotes: RETRACTORS,
  /** Record that consent was obtained or is a public record. */
  changeConsent: ['editor', ...PRIVACY_GUARDIANS],
  /** Withdraw consent, or restore it after a withdrawal. */
  withdrawConsent: PRIVACY_GUARDIANS,
  /** See internal notes and identifying details, and manage the details. */
  seeIdentifyingDetails: PRIVACY_GUARDIANS,
  /** Read analytics: objectives and their states, reports, the decision log, exports. */
  readAnalytics: ANALYTICS_READERS,
  /** Set campaign objectives and record decisions in the decision log. */
  recordEvaluation: EVALUATION_EDITORS,
  /** Users, channels, campaigns, themes and the audit log. */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITY_ROLES;
export const CAPABILITIES = Object.keys(CAPABILITY_ROLES) as Capability[];
export type Capabilities = Record<Capability, boolean>;

/** Every capability, true where one of `roles` holds it. */
export function capabilitiesOf(roles: readonly Role[]): Capabilities {
  const allowed = (who: readonly Role[]) => roles.some((role) => who.includes(role));
  return Object.fromEntries(
    CAPABILITIES.map((capability) => [capability, allowed(CAPABILITY_ROLES[capability])]),
  ) as Capabilities;
}

/** The post review stages `roles` may act on; admin reviews none (the table's STAGE_ROLE). */
export function reviewStagesOf(roles: readonly Role[]): ReviewStage[] {
  return REVIEW_STAGES.filter((stage) => roles.includes(STAGE_ROLE[stage]));
}
