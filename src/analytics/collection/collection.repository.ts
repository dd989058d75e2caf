import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import {
  channelFollowerSnapshots,
  metricReadHolds,
  metricSnapshots,
} from '../../db/schema/index.js';
import { DEFAULT_CHECKPOINT_HOURS } from './checkpoints.js';

/** One segment of a published post whose reading at one checkpoint is due and missing. */
export interface DueReading {
  postId: string;
  channelId: string;
  segment: number;
  externalId: string;
  checkpointHours: number;
  publishedAt: Date;
}

export type NewSnapshot = typeof metricSnapshots.$inferInsert;
export type SnapshotRow = typeof metricSnapshots.$inferSelect;

const DEFAULT_SET = sql.raw(`ARRAY[${DEFAULT_CHECKPOINT_HOURS.join(',')}]::integer[]`);

@Injectable()
export class CollectionRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Every (post, checkpoint, segment) of a published post that is due (published_at + hours ≤
   * now) and has no row yet, oldest due first. A thread half-read before a crash shows up here
   * with just its missing segments.
   */
  async dueReadings(now: Date, limit: number): Promise<DueReading[]> {
    const { rows } = await this.db.execute<{
      post_id: string;
      channel_id: string;
      segment: number;
      external_id: string;
      checkpoint_hours: number;
      published_at: string;
    }>(sql`
      SELECT p.id AS post_id, p.channel_id, (seg.ord - 1)::int AS segment, seg.external_id,
             cp.hours AS checkpoint_hours, p.published_at
      FROM posts p
      JOIN campaigns c ON c.id = p.campaign_id
      CROSS JOIN LATERAL unnest(coalesce(nullif(c.metric_checkpoints, '{}'), ${DEFAULT_SET})) AS cp(hours)
      CROSS JOIN LATERAL unnest(p.external_ids) WITH ORDINALITY AS seg(external_id, ord)
      WHERE p.status = 'published'
        AND p.published_at + cp.hours * interval '1 hour' <= ${now.toISOString()}::timestamptz
        AND NOT EXISTS (
          SELECT 1 FROM metric_snapshots s
          WHERE s.post_id = p.id AND s.checkpoint_hours = cp.hours AND s.segment = seg.ord - 1
        )
      ORDER BY p.published_at + cp.hours * interval '1 hour', p.id, seg.ord
      LIMIT ${limit}
    `);
    return rows.map((r) => ({
      postId: r.post_id,
      channelId: r.channel_id,
      segment: r.segment,
      externalId: r.external_id,
      checkpointHours: r.checkpoint_hours,
      publishedAt: new Date(r.published_at),
    }));
  }

  /** Stores readings; a reading another run already stored is kept as it was. Returns how many were new. */
  async insertSnapshots(rows: readonly NewSnapshot[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db
      .insert(metricSnapshots)
      .values([...rows])
      .onConflictDoNothing({
        target: [metricSnapshots.postId, metricSnapshots.checkpointHours, metricSnapshots.segment],
      })
      .returning({ id: metricSnapshots.id });
    return inserted.length;
  }

  snapshotsOf(postId: string): Promise<SnapshotRow[]> {
    return this.db
      .select()
      .from(metricSnapshots)
      .where(eq(metricSnapshots.postId, postId))
      .orderBy(asc(metricSnapshots.checkpointHours), asc(metricSnapshots.segment));
  }

  /** Channels the platform asked us to leave alone until a later time. */
  async heldChannels(now: Date): Promise<Set<string>> {
    const rows = await this.db
      .select({ channelId: metricReadHolds.channelId })
      .from(metricReadHolds)
      .where(gt(metricReadHolds.until, now));
    return new Set(rows.map((r) => r.channelId));
  }

  async hold(channelId: string, until: Date, reason: string): Promise<void> {
    await this.db
      .insert(metricReadHolds)
      .values({ channelId, until, reason })
      .onConflictDoUpdate({ target: metricReadHolds.channelId, set: { until, reason } });
  }

  /** Connected channels without a follower count for `day`. */
  async channelsWithoutFollowers(day: string) {
    const { rows } = await this.db.execute<{ id: string }>(sql`
      SELECT ch.id FROM channels ch
      WHERE ch.status = 'connected'
        AND NOT EXISTS (
          SELECT 1 FROM channel_follower_snapshots f WHERE f.channel_id = ch.id AND f.day = ${day}::date
        )
      ORDER BY ch.id
    `);
    return rows.map((r) => r.id);
  }

  async insertFollowers(row: typeof channelFollowerSnapshots.$inferInsert): Promise<void> {
    await this.db.insert(channelFollowerSnapshots).values(row).onConflictDoNothing();
  }
}
