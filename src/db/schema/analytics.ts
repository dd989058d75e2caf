import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { channels, posts } from './workflow.js';

/**
 * Public metrics of one segment of a published post, read once at one checkpoint (hours after
 * publishing). A thread's totals at a checkpoint are the sum over its segments.
 */
export const metricSnapshots = pgTable(
  'metric_snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    /** 0-based thread position; a single post is segment 0. */
    segment: smallint('segment').notNull(),
    externalId: text('external_id').notNull(),
    checkpointHours: integer('checkpoint_hours').notNull(),
    /** When the platform was actually read; later than due when the collector was behind. */
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    /** Null when the channel's token cannot read impressions. */
    impressions: integer('impressions'),
    likes: integer('likes').notNull(),
    reposts: integer('reposts').notNull(),
    replies: integer('replies').notNull(),
    quotes: integer('quotes').notNull(),
    bookmarks: integer('bookmarks').notNull(),
    /** Made up by a sandbox channel, never read from a real audience. */
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (t) => [
    unique('metric_snapshots_checkpoint_key').on(t.postId, t.checkpointHours, t.segment),
    index('metric_snapshots_checkpoint_idx').on(t.checkpointHours, t.postId),
    check('metric_snapshots_checkpoint_check', sql`checkpoint_hours > 0`),
    check('metric_snapshots_segment_check', sql`segment >= 0`),
  ],
);

/** A channel's follower count, once per (UTC) day. */
export const channelFollowerSnapshots = pgTable(
  'channel_follower_snapshots',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id),
    day: date('day', { mode: 'string' }).notNull(),
    followers: integer('followers').notNull(),
    synthetic: boolean('synthetic').notNull().default(false),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.day] })],
);

/**
 * A channel whose metric reads the platform refused for rate limit: the collector leaves it
 * alone until `until`, whichever worker runs next.
 */
export const metricReadHolds = pgTable('metric_read_holds', {
  channelId: uuid('channel_id')
    .primaryKey()
    .references(() => channels.id),
  until: timestamp('until', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
});
