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
  eachElementFigures,
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

/** Figures of every group, and of all the posts under the filters (counted once each). */
export interface GroupedRows {
  total: FigureRow;
  groups: KeyedFigureRow[];
}

/**
 * Settings for one report statement's transaction. Per-group medians sort tens of thousands of
 * rows, which spills to disk at the default 4 MB work_mem (a sort of a campaign's year by theme
 * needs about 10 MB). JIT compilation is switched on by cost estimates that unnest's default
 * guess of ten elements per array inflates, and compiling took longer than it saved on
 * statements of this size (measured by bench/analytics-reports.ts).
 */
const REPORT_SETTINGS = sql`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`;

/**
 * All report SQL. Every method takes the source to read (`rollup` in the app; `raw` is the
 * straightforward derivation the benchmark and the equality test compare with).
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async totals(filter: ReportFilter, source: ReportSource = 'rollup'): Promise<FigureRow> {
    const rows = await this.read<FigureRow & Record<string, unknown>>(
      sql`SELECT ${FIGURE_COLUMNS} FROM ${filteredPosts(source, filter)}`,
    );
    return rows[0]!;
  }

  /**
   * The groups and the total. From the rollup in one statement: the grouping set `()`, or see
   * `eachElementFigures`. From the raw tables in the straightforward form the equality test and
   * the benchmark compare with: a plain GROUP BY (each post's array unnested) beside the totals.
   */
  async grouped(
    filter: ReportFilter,
    groupBy: GroupBy,
    source: ReportSource = 'rollup',
  ): Promise<GroupedRows> {
    const g = groupKey(groupBy);
    const posts = filteredPosts(source, filter);
    if (source === 'raw') {
      const [total, groups] = await Promise.all([
        this.totals(filter, source),
        this.read<KeyedFigureRow & Record<string, unknown>>(
          g.multi
            ? sql`SELECT g.value::text AS key, ${FIGURE_COLUMNS}
                FROM ${posts} CROSS JOIN LATERAL unnest(${g.array}) AS g(value) GROUP BY 1`
            : sql`SELECT ${g.key} AS key, ${FIGURE_COLUMNS} FROM ${posts} GROUP BY ${g.value}`,
        ),
      ]);
      return { total, groups };
    }
    const rows = await this.read<KeyedFigureRow & { whole: boolean } & Record<string, unknown>>(
      g.multi
        ? eachElementFigures(posts, g.array)
        : sql`
          SELECT GROUPING(${g.value}) = 1 AS whole, ${g.key} AS key, ${FIGURE_COLUMNS}
          FROM ${posts}
          GROUP BY GROUPING SETS ((${g.value}), ())`,
    );
    // Both forms yield the total's row even when no post matches.
    const total = rows.find((r) => r.whole)!;
    return { total, groups: rows.filter((r) => !r.whole) };
  }

  /** Buckets by the day or ISO week (Monday) of publication in `timezone`. */
  async series(
    filter: ReportFilter,
    interval: Interval,
    timezone: string,
    source: ReportSource = 'rollup',
  ): Promise<KeyedFigureRow[]> {
    return this.read<KeyedFigureRow & Record<string, unknown>>(sql`
      SELECT to_char(b.start, 'YYYY-MM-DD') AS key, ${FIGURE_COLUMNS}
      FROM ${filteredPosts(source, filter)}
      CROSS JOIN LATERAL (SELECT date_trunc(${interval}, pm.published_at AT TIME ZONE ${timezone})) AS b(start)
      GROUP BY b.start ORDER BY b.start`);
  }

  async labels(groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
    const query = keys.length === 0 ? null : labelsQuery(groupBy, keys);
    if (!query) return new Map();
    const { rows } = await this.db.execute<{ key: string; label: string }>(query);
    return new Map(rows.map((r) => [r.key, r.label]));
  }

  /**
   * Posts ordered by a figure (ties: newest first); rate and impressions need known impressions.
   * Ranked and cut before the campaign and channel names are joined, so a top ten joins ten rows.
   */
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
    const rows = await this.read<PostRow & Record<string, unknown>>(sql`
      SELECT pm.*, ca.name AS campaign_name, ch.handle AS channel_handle
      FROM (
        SELECT pm.post_id, pm.campaign_id, pm.channel_id, pm.language, pm.published_at, pm.thread,
          pm.local_weekday, pm.local_hour, pm.theme_keys, pm.checkpoint_hours, pm.impressions,
          pm.likes, pm.reposts, pm.replies, pm.quotes, pm.bookmarks, pm.engagements, pm.synthetic
        FROM ${filteredPosts(source, filter)}
        ${known} ${order} ${limit}
      ) pm
      JOIN campaigns ca ON ca.id = pm.campaign_id
      JOIN channels ch ON ch.id = pm.channel_id
      ${order}`);
    return rows.map(postMetricsOf);
  }

  /** One report statement in a read-only transaction of its own, with `REPORT_SETTINGS`. */
  private read<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
    return this.db.transaction(
      async (tx) => {
        await tx.execute(REPORT_SETTINGS);
        const { rows } = await tx.execute<T>(query);
        return rows as T[];
      },
      { accessMode: 'read only' },
    );
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
