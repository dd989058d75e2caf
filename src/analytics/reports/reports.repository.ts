import { Inject, Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { engagementRate, type FigureRow } from './report-figures.js';
import type {
  GroupBy,
  Interval,
  PostMetricsRow,
  ReportFilter,
  TopPostsBy,
} from './report-model.js';
import {
  FIGURE_COLUMNS,
  filteredPosts,
  groupKey,
  labelsQuery,
  type ReportSource,
} from './report-sql.js';

export type KeyedFigureRow = FigureRow & { key: string };

interface PostRow {
  post_id: string;
  campaign_id: string;
  campaign_name: string;
  channel_id: string;
  channel_handle: string;
  language: string;
  published_at: Date | string;
  thread: boolean;
  local_weekday: number;
  local_hour: number;
  theme_keys: string[];
  checkpoint_hours: number;
  impressions: string | number | null;
  likes: string | number;
  reposts: string | number;
  replies: string | number;
  quotes: string | number;
  bookmarks: string | number;
  engagements: string | number;
  synthetic: boolean;
}

const ORDER_BY: Record<TopPostsBy, SQL> = {
  engagements: sql`pm.engagements`,
  impressions: sql`pm.impressions`,
  engagement_rate: sql`(pm.engagements::float8 / NULLIF(pm.impressions, 0))`,
};

/**
 * All report SQL. Every method takes the source to read (`rollup` in the app; `raw` is the
 * straightforward derivation the benchmark and the equality test compare with).
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async totals(filter: ReportFilter, source: ReportSource = 'rollup'): Promise<FigureRow> {
    const { rows } = await this.db.execute<FigureRow & Record<string, unknown>>(
      sql`SELECT ${FIGURE_COLUMNS} FROM ${filteredPosts(source, filter)}`,
    );
    return rows[0]!;
  }

  async grouped(
    filter: ReportFilter,
    groupBy: GroupBy,
    source: ReportSource = 'rollup',
  ): Promise<KeyedFigureRow[]> {
    const g = groupKey(groupBy);
    const { rows } = await this.db.execute<KeyedFigureRow & Record<string, unknown>>(sql`
      SELECT ${g.key} AS key, ${FIGURE_COLUMNS}
      FROM ${filteredPosts(source, filter)} ${g.from}
      GROUP BY 1`);
    return rows;
  }

  /** Buckets by the day or ISO week (Monday) of publication in `timezone`. */
  async series(
    filter: ReportFilter,
    interval: Interval,
    timezone: string,
    source: ReportSource = 'rollup',
  ): Promise<KeyedFigureRow[]> {
    const { rows } = await this.db.execute<KeyedFigureRow & Record<string, unknown>>(sql`
      SELECT to_char(date_trunc(${interval}, pm.published_at AT TIME ZONE ${timezone}), 'YYYY-MM-DD') AS key,
        ${FIGURE_COLUMNS}
      FROM ${filteredPosts(source, filter)}
      GROUP BY 1 ORDER BY 1`);
    return rows;
  }

  async labels(groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
    const query = keys.length === 0 ? null : labelsQuery(groupBy, keys);
    if (!query) return new Map();
    const { rows } = await this.db.execute<{ key: string; label: string }>(query);
    return new Map(rows.map((r) => [r.key, r.label]));
  }

  /** Posts ordered by a figure (ties: newest first); rate and impressions need known impressions. */
  async posts(
    filter: ReportFilter,
    options: { by?: TopPostsBy; order?: 'top' | 'bottom'; limit?: number },
    source: ReportSource = 'rollup',
  ): Promise<PostMetricsRow[]> {
    const by = options.by;
    const known = by && by !== 'engagements' ? sql`WHERE pm.impressions > 0` : sql``;
    const direction = options.order === 'bottom' ? sql`ASC` : sql`DESC`;
    const order = by
      ? sql`ORDER BY ${ORDER_BY[by]} ${direction}, pm.published_at DESC, pm.post_id`
      : sql`ORDER BY pm.published_at, pm.post_id`;
    const limit = options.limit === undefined ? sql`` : sql`LIMIT ${options.limit}`;
    const { rows } = await this.db.execute<PostRow & Record<string, unknown>>(sql`
      SELECT pm.post_id, pm.campaign_id, ca.name AS campaign_name, pm.channel_id,
        ch.handle AS channel_handle, pm.language, pm.published_at, pm.thread, pm.local_weekday,
        pm.local_hour, pm.theme_keys, pm.checkpoint_hours, pm.impressions, pm.likes, pm.reposts,
        pm.replies, pm.quotes, pm.bookmarks, pm.engagements, pm.synthetic
      FROM ${filteredPosts(source, filter)}
      JOIN campaigns ca ON ca.id = pm.campaign_id
      JOIN channels ch ON ch.id = pm.channel_id
      ${known} ${order} ${limit}`);
    return rows.map(postMetricsOf);
  }
}

function postMetricsOf(row: PostRow): PostMetricsRow {
  const impressions = row.impressions === null ? null : Number(row.impressions);
  const engagements = Number(row.engagements);
  return {
    postId: row.post_id,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    channelId: row.channel_id,
    channelHandle: row.channel_handle,
    language: row.language,
    publishedAt: new Date(row.published_at),
    thread: row.thread,
    localWeekday: Number(row.local_weekday),
    localHour: Number(row.local_hour),
    themes: row.theme_keys,
    checkpointHours: Number(row.checkpoint_hours),
    figures: {
      impressions,
      likes: Number(row.likes),
      reposts: Number(row.reposts),
      replies: Number(row.replies),
      quotes: Number(row.quotes),
      bookmarks: Number(row.bookmarks),
      engagements,
      engagementRate: engagementRate(engagements, impressions),
    },
    synthetic: row.synthetic,
  };
}
