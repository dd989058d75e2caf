import { Inject, Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { eachInOne, inPlace } from '../../db/each-in-one.js';
import { combined, type FigureParts, type ReadParts, readParts } from './figure-parts.js';
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
  FIGURE_PARTS,
  filteredPosts,
  groupKey,
  labelsQuery,
  type ReportSource,
} from './report-sql.js';

type Keyed<T> = T & { key: string };
export type KeyedFigureRow = Keyed<FigureRow>;

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
 * Settings for one report statement's transaction:
 * - work_mem: the straightforward form's per-group medians sort tens of thousands of rows, which
 *   spills to disk at the default 4 MB (a campaign's year by theme needs about 10 MB);
 * - jit: compilation is switched on by cost estimates that unnest's default guess of ten elements
 *   per array inflates, and took longer than it saved on statements of this size;
 * - parallel workers: the parts are text lists of every post's values, which partial aggregation
 *   would copy between processes; with them a report over all campaigns took several times as
 *   long (measured by bench/analytics-reports.ts).
 */
const REPORT_SETTINGS = sql`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true)`;

/**
 * For the time series: PostgreSQL knows nothing of how many days of a time zone the request
 * chooses the posts fall on, takes each distinct publication instant for a bucket, and so sorts
 * 100,000 rows to group them into 365 days; hashing them takes a third of the time.
 */
const SERIES_SETTINGS = sql`${REPORT_SETTINGS}, set_config('enable_sort', 'off', true)`;

/**
 * All report SQL. Every method takes the source to read (`rollup` in the app; `raw` is the
 * straightforward derivation the benchmark and the equality test compare with).
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async totals(filter: ReportFilter, source: ReportSource = 'rollup'): Promise<FigureRow> {
    const posts = filteredPosts(source, filter);
    if (source === 'raw') {
      const rows = await this.read<FigureRow>(sql`SELECT ${FIGURE_COLUMNS} FROM ${posts}`);
      return rows[0]!;
    }
    return (await this.totalsOfEach([filter]))[0]!;
  }

  /**
   * The rollup's totals under each filter, in one statement however many filters there are (a
   * campaign's objectives are evaluated together): each filter's aggregate is one row.
   */
  async totalsOfEach(filters: readonly ReportFilter[]): Promise<FigureRow[]> {
    if (filters.length === 0) return [];
    const rows = await this.read<FigureParts & { i: number }>(
      eachInOne(filters.map((f) => sql`SELECT ${FIGURE_PARTS} FROM ${filteredPosts('rollup', f)}`)),
    );
    return inPlace(rows, filters.length).map((row) => combined([readParts(row!)]));
  }

  /**
   * The groups and the total. From the rollup: each group's parts in one statement, hashed by
   * the group's value, and the total (each post once) combined from them. A post holding several
   * values (themes, quotes, defectors) is summed with the posts of the same set of values, a
   * handful of distinct sets; each value's group combines the sets that hold it. From the raw
   * tables in the straightforward form the equality test and the benchmark compare with: a plain
   * GROUP BY (each post's array unnested) beside the totals.
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
        this.read<KeyedFigureRow>(
          g.multi
            ? sql`SELECT g.value::text AS key, ${FIGURE_COLUMNS}
                FROM ${posts} CROSS JOIN LATERAL unnest(${g.array}) AS g(value) GROUP BY 1`
            : sql`SELECT ${g.key} AS key, ${FIGURE_COLUMNS} FROM ${posts} GROUP BY ${g.value}`,
        ),
      ]);
      return { total, groups };
    }
    if (!g.multi) {
      const rows = await this.read<Keyed<FigureParts>>(
        sql`SELECT ${g.key} AS key, ${FIGURE_PARTS} FROM ${posts} GROUP BY ${g.value}`,
      );
      const parts = rows.map((row) => ({ key: row.key, parts: readParts(row) }));
      return {
        total: combined(parts.map((p) => p.parts)),
        groups: parts.map((p) => ({ key: p.key, ...combined([p.parts]) })),
      };
    }
    const rows = await this.read<FigureParts & { elements: string[] }>(
      sql`SELECT ${g.array}::text[] AS elements, ${FIGURE_PARTS} FROM ${posts} GROUP BY ${g.array}`,
    );
    const byElement = new Map<string, ReadParts[]>();
    const all = rows.map((row) => {
      const parts = readParts(row);
      for (const element of row.elements) {
        const holding = byElement.get(element);
        if (holding) holding.push(parts);
        else byElement.set(element, [parts]);
      }
      return parts;
    });
    return {
      total: combined(all),
      groups: [...byElement].map(([key, holding]) => ({ key, ...combined(holding) })),
    };
  }

  /** Buckets by the day or ISO week (Monday) of publication in `timezone`. */
  async series(
    filter: ReportFilter,
    interval: Interval,
    timezone: string,
    source: ReportSource = 'rollup',
  ): Promise<KeyedFigureRow[]> {
    const buckets = (columns: SQL) => sql`
      SELECT to_char(b.start, 'YYYY-MM-DD') AS key, ${columns}
      FROM ${filteredPosts(source, filter)}
      CROSS JOIN LATERAL (SELECT date_trunc(${interval}, pm.published_at AT TIME ZONE ${timezone})) AS b(start)
      GROUP BY b.start`;
    if (source === 'raw')
      return this.read<KeyedFigureRow>(sql`${buckets(FIGURE_COLUMNS)} ORDER BY 1`);
    const rows = await this.read<Keyed<FigureParts>>(buckets(FIGURE_PARTS), SERIES_SETTINGS);
    return rows
      .map((row) => ({ key: row.key, ...combined([readParts(row)]) }))
      .sort((a, b) => a.key.localeCompare(b.key));
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
    const rows = await this.read<PostRow>(sql`
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

  /** One report statement in a read-only transaction of its own, with its settings. */
  private read<T extends object>(query: SQL, settings = REPORT_SETTINGS): Promise<T[]> {
    return this.db.transaction(
      async (tx) => {
        await tx.execute(settings);
        const { rows } = await tx.execute<Record<string, unknown>>(query);
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
