import type { PublishTarget } from './publish-target.js';

/** What the publisher learns from a platform about how a call went. */
export type PlatformFailureKind =
  /** 429: the platform did not accept the post; try again at `retryAt`. */
  | 'rate_limited'
  /** The request provably never reached the platform (connection refused, DNS). */
  | 'not_sent'
  /** Sent, but no trustworthy answer: timeout, reset after sending, 5xx. It may be live. */
  | 'ambiguous'
  /** The platform says the same text is already posted (X: 403 duplicate content). */
  | 'duplicate'
  /** Credentials refused (401) even after any refresh the adapter could do. */
  | 'auth'
  /** The platform refused the post for good (other 4xx). */
  | 'rejected';

export class PlatformFailure extends Error {
  constructor(
    readonly kind: PlatformFailureKind,
    message: string,
    readonly details: { status?: number; retryAt?: Date; platformData?: unknown } = {},
  ) {
    super(message);
    this.name = 'PlatformFailure';
  }
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  reset: Date;
}

export interface CreatedPost {
  externalId: string;
  /** The platform's rate-limit headers for the create endpoint, when it sends them. */
  rateLimit?: RateLimitState;
}

export interface RecentPost {
  externalId: string;
  text: string;
  createdAt: Date;
}

export interface PublicMetrics {
  externalId: string;
  /** Null when the platform does not let this token read impressions. */
  impressions: number | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number;
}

/**
 * One social platform, as the publisher needs it. Every call has a timeout and throws
 * PlatformFailure (never a library error) so the publisher can apply DESIGN.md rule 3.
 */
export interface CreateOptions {
  /** The post this one replies to (a thread's previous segment). */
  inReplyTo?: string;
  /**
   * Runs right before every request that may create the post, including a repeat after a token
   * refresh; whatever it throws stops the call and comes out unchanged.
   */
  beforeSend?: () => Promise<void>;
}

/** One platform's API calls; what the platform is otherwise is its PlatformDefinition. */
export interface PlatformAdapter {
  createPost(target: PublishTarget, text: string, options?: CreateOptions): Promise<CreatedPost>;
  deletePost(target: PublishTarget, externalId: string): Promise<void>;
  /** The account's own posts created at or after `since`, newest first, complete for that window. */
  recentPosts(target: PublishTarget, since: Date): Promise<RecentPost[]>;
  /**
   * The platform's own canonical form of a text: a text we sent (`'sent'`) and the text the
   * platform returns for that post (`'returned'`) are equal in it, and texts the platform would
   * keep apart are not. Resolution of an ambiguous create compares only here.
   */
  canonicalText(text: string, origin: 'sent' | 'returned'): string;
  /**
   * Public metrics, for at most the definition's `metrics.maxIdsPerCall` ids per call; posts the
   * platform no longer shows are left out. `privateMetrics` also asks for the owner-only ones
   * (impressions), which platforms keep for a limited time (`publicOnlyAfterDays`).
   */
  metrics(
    target: PublishTarget,
    externalIds: readonly string[],
    options?: { privateMetrics?: boolean },
  ): Promise<PublicMetrics[]>;
  /** How many accounts follow the channel's account now. */
  followers(target: PublishTarget): Promise<number>;
}
