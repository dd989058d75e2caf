import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { inList } from './checks.js';
import { themes } from './library.js';
import { users } from './users.js';
import { campaigns, channels, posts } from './workflow.js';

/**
 * What an objective counts. Engagements = likes + reposts + replies + quotes + bookmarks;
 * engagement_rate = engagements per 1,000 impressions over the posts whose impressions are known.
 */
export const OBJECTIVE_METRICS = [
  'impressions',
  'engagements',
  'engagement_rate',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'followers_gained',
  'posts_published',
] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

/** Campaign objectives, set before the campaign runs; a change is an `objective_changes` row. */
export const objectives = pgTable(
  'objectives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    metric: text('metric').$type<ObjectiveMetric>().notNull(),
    target: doublePrecision('target').notNull(),
    windowFrom: timestamp('window_from', { withTimezone: true }).notNull(),
    windowTo: timestamp('window_to', { withTimezone: true }).notNull(),
    channelId: uuid('channel_id').references(() => channels.id),
    language: text('language'),
    themeKey: text('theme_key').references(() => themes.key),
    baseline: doublePrecision('baseline'),
    /** Fewer posts (or impression-known posts for impression metrics) than this: insufficient_data. */
    minSample: integer('min_sample').notNull().default(5),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Removed objectives stay, so their change rows keep pointing somewhere. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    index('objectives_campaign_idx').on(t.campaignId, t.createdAt),
    check('objectives_metric_check', inList('metric', OBJECTIVE_METRICS)),
    check('objectives_window_check', sql`window_to > window_from`),
    check('objectives_target_check', sql`target >= 0`),
    check('objectives_min_sample_check', sql`min_sample >= 1`),
  ],
);

export const OBJECTIVE_CHANGE_KINDS = ['created', 'updated', 'removed'] as const;
export type ObjectiveChangeKind = (typeof OBJECTIVE_CHANGE_KINDS)[number];

/** Every change of an objective, with before and after: never silent. */
export const objectiveChanges = pgTable(
  'objective_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    objectiveId: uuid('objective_id')
      .notNull()
      .references(() => objectives.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    kind: text('kind').$type<ObjectiveChangeKind>().notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    /** Made after the campaign started: such a change must give a reason and is shown as such. */
    afterStart: boolean('after_start').notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('objective_changes_objective_idx').on(t.objectiveId, t.id),
    check('objective_changes_kind_check', inList('kind', OBJECTIVE_CHANGE_KINDS)),
  ],
);

/** Campaign adjustments and why; append-only (a trigger refuses UPDATE and DELETE). */
export const decisionLog = pgTable(
  'decision_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    /** When the adjustment took effect (a marker on the time series). */
    at: timestamp('at', { withTimezone: true }).notNull(),
    what: text('what').notNull(),
    why: text('why').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [index('decision_log_campaign_at_idx').on(t.campaignId, t.at)],
);

/**
 * One row per published post and checkpoint: the thread-summed metrics with the post's report
 * dimensions beside them, so a report reads one narrow table instead of joining snapshots to posts,
 * channels, revisions, quotes and themes. Maintained by a statement trigger on `metric_snapshots`
 * (custom migration `evaluation_rollup`), which recomputes the touched (post, checkpoint) rows.
 */
export const postMetrics = pgTable(
  'post_metrics',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    checkpointHours: integer('checkpoint_hours').notNull(),
    /** The post's highest checkpoint so far ("latest"). */
    isLatest: boolean('is_latest').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    language: text('language').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    /** ISO weekday (Monday 1) and hour of publication in the channel's time zone. */
    localWeekday: smallint('local_weekday').notNull(),
    localHour: smallint('local_hour').notNull(),
    thread: boolean('thread').notNull(),
    themeKeys: text('theme_keys').array().notNull(),
    quoteIds: uuid('quote_ids').array().notNull(),
    defectorIds: uuid('defector_ids').array().notNull(),
    /** Sum over segments; null unless every segment's impressions were readable. */
    impressions: bigint('impressions', { mode: 'number' }),
    likes: bigint('likes', { mode: 'number' }).notNull(),
    reposts: bigint('reposts', { mode: 'number' }).notNull(),
    replies: bigint('replies', { mode: 'number' }).notNull(),
    quotes: bigint('quotes', { mode: 'number' }).notNull(),
    bookmarks: bigint('bookmarks', { mode: 'number' }).notNull(),
    engagements: bigint('engagements', { mode: 'number' }).notNull(),
    synthetic: boolean('synthetic').notNull(),
  },
  // Reports read this table through two covering indexes created in the migration
  // `analytics_covering_indexes` (Drizzle cannot express INCLUDE): `post_metrics_checkpoint_cover`
  // on (checkpoint_hours, campaign_id, published_at) and `post_metrics_latest_cover` on
  // (campaign_id, published_at) WHERE is_latest, each carrying every column a report reads, so a
  // campaign's year at one checkpoint is one contiguous index-only range.
  (t) => [
    primaryKey({ columns: [t.postId, t.checkpointHours] }),
    // Top and bottom posts by engagements (the Analytics screen's default ranking): read in
    // order and stopped after the few asked for, instead of ranking every post of the year.
    index('post_metrics_checkpoint_engagements_idx').on(
      t.checkpointHours,
      t.engagements,
      t.publishedAt,
    ),
  ],
);
