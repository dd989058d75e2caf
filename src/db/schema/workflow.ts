import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { inList } from './checks.js';
import { quotes, type Verification } from './library.js';
import { users } from './users.js';

export const REVIEW_STAGES = ['editorial', 'safety', 'legal'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const CAMPAIGN_STATUSES = ['active', 'paused', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PLATFORMS = ['x', 'sandbox'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CHANNEL_STATUSES = ['connected', 'needs_reconnect', 'disabled'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const POST_STATUSES = [
  'draft',
  'in_review',
  'approved',
  'rejected',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unknown',
  'held',
  'withdrawn',
  'cancelled',
  'deleted',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/**
 * Why publishing did not (yet) publish a post, kept next to the platform's own message
 * (`last_error`) and cleared when the post's status moves on (a trigger, migration 0010):
 * - platform_rejected: the platform refused the post for good (a 4xx other than those below) → failed
 * - auth_refused: the platform refused the channel's credentials; it needs reconnecting → held
 * - duplicate_refused: refused as a duplicate; the reconciler looks for the text on the account → unknown
 * - duplicate_absent: refused as a duplicate, yet the text is provably not on the account → failed
 * - duplicate_tracked: refused as a duplicate of a live post another post of ours tracks → failed
 * - no_answer: sent without a trustworthy answer (timeout, reset, 5xx); it may be live → unknown
 * - claim_expired: the worker stopped while publishing; it may be live → unknown
 * - rate_limited: the platform's rate limit (429); it did not take the post → scheduled later
 * - platform_unreachable: the request provably never reached the platform → scheduled later
 * - content_changed: the content or what it needs is not what was approved → failed
 * - thread_stopped: a re-check before a later segment of a thread failed; the thread stopped
 *   there (status_reason says which check) → held (or failed when the content changed)
 * - internal_error: an unexpected error after the claim; it may be live → unknown
 */
export const FAILURE_CAUSES = [
  'platform_rejected',
  'auth_refused',
  'duplicate_refused',
  'duplicate_absent',
  'duplicate_tracked',
  'no_answer',
  'claim_expired',
  'rate_limited',
  'platform_unreachable',
  'content_changed',
  'thread_stopped',
  'internal_error',
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];
export const failureCause = pgEnum('failure_cause', FAILURE_CAUSES);

/** The statuses that occupy a channel's slot: no two posts may share one. */
export const SLOT_HOLDING_STATUSES = ['scheduled', 'publishing', 'published', 'unknown'] as const;

/**
 * The statuses of a post being sent (claimed) or sent without its outcome known: what the
 * claim-time spacing and cap checks count besides publications, through posts_channel_sending_idx.
 */
export const SENDING_STATUSES = ['publishing', 'unknown'] as const;

/** The statuses whose text submit's duplicate warning compares with: those and held posts. */
export const DUPLICATE_GUARDED_STATUSES = [...SLOT_HOLDING_STATUSES, 'held'] as const;

export interface WeeklySlot {
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** Local wall-clock time in the channel's timezone, HH:MM. */
  time: string;
}

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    goal: text('goal').notNull(),
    audience: text('audience').notNull(),
    language: text('language').notNull(),
    callToAction: text('call_to_action'),
    evaluationPlan: text('evaluation_plan'),
    timezone: text('timezone').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    status: text('status').$type<CampaignStatus>().notNull().default('active'),
    /** Stages every post needs besides editorial (which is always required). */
    extraStages: text('extra_stages')
      .array()
      .$type<ReviewStage[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    minimumVerification: text('minimum_verification')
      .$type<Verification>()
      .notNull()
      .default('single_source'),
    /** Hours after publishing at which metrics are read; null = the default set. */
    metricCheckpoints: integer('metric_checkpoints').array(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_created_idx').on(t.createdAt, t.id),
    check('campaigns_status_check', inList('status', CAMPAIGN_STATUSES)),
    check(
      'campaigns_dates_check',
      sql`ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at`,
    ),
  ],
);

export const channels = pgTable(
  'channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    platform: text('platform').$type<Platform>().notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name'),
    language: text('language').notNull(),
    timezone: text('timezone').notNull(),
    weeklySlots: jsonb('weekly_slots').$type<WeeklySlot[]>().notNull().default([]),
    minSpacingMinutes: integer('min_spacing_minutes').notNull().default(60),
    dailyCap: integer('daily_cap').notNull().default(8),
    status: text('status').$type<ChannelStatus>().notNull().default('connected'),
    /** AES-256-GCM ciphertext naming its key id; never returned or logged. */
    credentials: text('credentials'),
    platformAccountId: text('platform_account_id'),
    /** Last rate-limit state seen in the platform's response headers. */
    rateLimit: jsonb('rate_limit').$type<{
      limit: number;
      remaining: number;
      reset: string;
    } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('channels_platform_handle_idx').on(t.platform, sql`lower(${t.handle})`),
    check('channels_platform_check', inList('platform', PLATFORMS)),
    check('channels_status_check', inList('status', CHANNEL_STATUSES)),
    check('channels_spacing_check', sql`min_spacing_minutes >= 0`),
    check('channels_cap_check', sql`daily_cap >= 1`),
  ],
);

/**
 * How many claims have taken posts of each channel: a claim statement counts itself in, in channel
 * order, under the row's lock, so claims of one channel are numbered in the order they committed.
 * Kept apart from `channels` so that claims never wait on a scheduling or deferral transaction
 * holding a channel's row.
 */
export const channelClaims = pgTable('channel_claims', {
  channelId: uuid('channel_id')
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

export const PAUSE_KINDS = ['pause', 'blackout'] as const;
export const PAUSE_SCOPES = ['global', 'campaign', 'channel'] as const;
export const PAUSE_ACTIONS = ['hold', 'defer'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];
export type PauseScope = (typeof PAUSE_SCOPES)[number];
export type PauseAction = (typeof PAUSE_ACTIONS)[number];

/** A pause runs from its start until lifted; a blackout is a fixed window. */
export const pauses = pgTable(
  'pauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<PauseKind>().notNull(),
    scope: text('scope').$type<PauseScope>().notNull(),
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    channelId: uuid('channel_id').references(() => channels.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    action: text('action').$type<PauseAction>().notNull().default('hold'),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: uuid('lifted_by').references(() => users.id),
  },
  (t) => [
    index('pauses_window_idx').on(t.startsAt, t.endsAt),
    check('pauses_kind_check', inList('kind', PAUSE_KINDS)),
    check('pauses_action_check', inList('action', PAUSE_ACTIONS)),
    check(
      'pauses_scope_check',
      sql`(scope = 'global' AND campaign_id IS NULL AND channel_id IS NULL)
        OR (scope = 'campaign' AND campaign_id IS NOT NULL AND channel_id IS NULL)
        OR (scope = 'channel' AND channel_id IS NOT NULL AND campaign_id IS NULL)`,
    ),
    check('pauses_window_check', sql`ends_at IS NULL OR ends_at > starts_at`),
    check('pauses_blackout_ends_check', sql`kind = 'pause' OR ends_at IS NOT NULL`),
  ],
);

export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    status: text('status').$type<PostStatus>().notNull().default('draft'),
    currentRevision: integer('current_revision').notNull().default(1),
    approvedRevision: integer('approved_revision'),
    approvedHash: text('approved_hash'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /** The time the author asked for; null = the channel's next free slot. Not approved content. */
    requestedAt: timestamp('requested_at', { withTimezone: true }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    lastRevisedBy: uuid('last_revised_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    claimId: uuid('claim_id'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Consecutive attempts that never reached the platform; drives the retry backoff. */
    unsentAttempts: integer('unsent_attempts').notNull().default(0),
    externalIds: text('external_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The platform's own message for `failureCause`. */
    lastError: text('last_error'),
    failureCause: failureCause('failure_cause'),
    statusReason: text('status_reason'),
    /** A published post whose quote was later retracted: someone must act on it. */
    needsRetraction: boolean('needs_retraction').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('posts_status_idx').on(t.status, t.scheduledAt),
    index('posts_campaign_idx').on(t.campaignId, t.createdAt),
    index('posts_channel_idx').on(t.channelId, t.scheduledAt),
    // The posts list pages newest first by (created_at, id), unfiltered or by one status or
    // channel: each reads its page straight off an index instead of sorting every post.
    index('posts_created_idx').on(t.createdAt, t.id),
    index('posts_status_created_idx').on(t.status, t.createdAt, t.id),
    index('posts_channel_created_idx').on(t.channelId, t.createdAt, t.id),
    // The claim-time spacing and daily-cap checks read a channel's publications and the posts
    // other workers are sending or sent without learning the outcome (unknown).
    index('posts_channel_published_idx')
      .on(t.channelId, t.publishedAt)
      .where(sql`published_at IS NOT NULL`),
    // Its condition compares the status through an expression, which a statement must repeat to
    // use the index and which no other index matches. Compared plainly, every statement naming
    // posts by id 'AND status = publishing' combined their ids with this whole index (every post
    // being sent, and every version a burst left dead), and the spacing check combined each
    // channel with the status index: 7,500-12,000 entries a channel in bench:publish's third to
    // fifth bursts.
    index('posts_channel_sending_idx')
      .on(t.channelId)
      .where(sql.raw(`(status || '') IN (${SENDING_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    // Resolution asks whether a live platform post is already tracked by another post.
    index('posts_external_ids_idx').using('gin', t.externalIds),
    // Two posts can never take the same slot on a channel, however the requests race.
    uniqueIndex('posts_channel_slot_idx')
      .on(t.channelId, t.scheduledAt)
      .where(sql.raw(`status IN (${SLOT_HOLDING_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    check('posts_status_check', inList('status', POST_STATUSES)),
  ],
);

/** Immutable: an edit adds a revision; approvals bind to one revision's hash. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    revision: integer('revision').notNull(),
    segments: text('segments').array().notNull(),
    quoteIds: uuid('quote_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    hash: text('hash').notNull(),
    /**
     * Digests of the segments' duplicate forms, written with the revision, so submit looks up
     * likely duplicates by index instead of normalising every live post's text. NULL: not computed
     * yet (a row from before this column, or written by SQL); such rows are compared in full.
     */
    duplicateKeys: text('duplicate_keys').array(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.revision] }),
    // Without the pending list a search would scan every entry not yet merged into the index
    // (all of a backfill's, until a vacuum); a revision is written once an edit, so inserting
    // straight into the index costs little.
    index('post_revisions_duplicate_keys_idx')
      .using('gin', t.duplicateKeys)
      .with({ fastupdate: false }),
    index('post_revisions_duplicate_keys_missing_idx')
      .on(t.postId, t.revision)
      .where(sql`duplicate_keys IS NULL`),
    // The app never writes a missing segment, but SQL could (an operator's repair), and every
    // reader of a revision (submit's length rules, the diff, publishing) takes each one as text:
    // submit answered 500 for such a revision.
    check('post_revisions_segments_check', sql`array_position(segments, NULL) IS NULL`),
  ],
);

/** The quotes the current revision uses, for finding posts when a quote is retracted. */
export const postQuotes = pgTable(
  'post_quotes',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.quoteId] }),
    index('post_quotes_quote_idx').on(t.quoteId),
  ],
);

export const REVIEW_DECISIONS = ['approve', 'request_changes', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviews = pgTable(
  'reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    revision: integer('revision').notNull(),
    hash: text('hash').notNull(),
    stage: text('stage').$type<ReviewStage>().notNull(),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    decision: text('decision').$type<ReviewDecision>().notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reviews_post_idx').on(t.postId, t.revision),
    check('reviews_stage_check', inList('stage', REVIEW_STAGES)),
    check('reviews_decision_check', inList('decision', REVIEW_DECISIONS)),
  ],
);

export const postComments = pgTable(
  'post_comments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('post_comments_post_idx').on(t.postId, t.id)],
);

/** A safety reviewer's explicit decision that one identity-check match in one revision may stand. */
export const identityClearances = pgTable(
  'identity_clearances',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    revision: integer('revision').notNull(),
    detailId: uuid('detail_id').notNull(),
    clearedBy: uuid('cleared_by')
      .notNull()
      .references(() => users.id),
    note: text('note').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.revision, t.detailId] })],
);

export const ATTEMPT_OUTCOMES = ['published', 'failed', 'unknown', 'deferred', 'held'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * One claim of a post by a worker, and what came of it. Its pages are filled to half (migration
 * 0025; drizzle has no table storage parameters) so the outcome's update stays on its page.
 */
export const publishAttempts = pgTable(
  'publish_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    revision: integer('revision').notNull(),
    claimId: uuid('claim_id').notNull().unique(),
    /** The claim's number among its channel's claims (`channel_claims`); null before 0022. */
    channelSeq: bigint('channel_seq', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    outcome: text('outcome').$type<AttemptOutcome>(),
    externalIds: text('external_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    error: text('error'),
  },
  (t) => [index('publish_attempts_post_idx').on(t.postId, t.id)],
);

/** What sandbox channels "published": the internal preview feed for demos and training. */
export const sandboxPosts = pgTable(
  'sandbox_posts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    externalId: text('external_id').notNull().unique(),
    text: text('text').notNull(),
    inReplyTo: text('in_reply_to'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('sandbox_posts_channel_idx').on(t.channelId, t.createdAt)],
);
