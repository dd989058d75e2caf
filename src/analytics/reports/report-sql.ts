import { type SQL, sql } from 'drizzle-orm';
import type { Checkpoint, GroupBy, ReportFilter } from './report-model.js';

/**
 * Where reports read per-post metrics from:
 * - `rollup`: the `post_metrics` table, kept by a trigger on snapshot insert (what the app uses);
 * - `raw`: the same rows derived on the fly from snapshots, posts, channels, revisions, quotes and
 *   themes: the straightforward query the benchmark and the equality test compare against.
 */
export type ReportSource = 'rollup' | 'raw';

/**
 * The rows of `post_metrics` computed from the raw tables for one checkpoint; the trigger of the
 * custom migration `evaluation_rollup` runs the same derivation for the rows an insert touched.
 * Thread metrics are summed over segments; impressions only when every segment's were readable.
 */
function rawPostMetrics(at: Checkpoint): SQL {
  const checkpoint =
    at === 'latest'
      ? sql`s.checkpoint_hours = (SELECT max(l.checkpoint_hours) FROM metric_snapshots l WHERE l.post_id = s.post_id)`
      : sql`s.checkpoint_hours = ${at.hours}`;
  return sql`(
    SELECT s.post_id, s.checkpoint_hours, p.campaign_id, p.channel_id, c.language, p.published_at,
      extract(isodow FROM p.published_at AT TIME ZONE c.timezone)::smallint AS local_weekday,
      extract(hour FROM p.published_at AT TIME ZONE c.timezone)::smallint AS local_hour,
      coalesce(cardinality(r.segments), 1) > 1 AS thread,
      coalesce((SELECT array_agg(DISTINCT qt.theme_key ORDER BY qt.theme_key)
                FROM quote_themes qt WHERE qt.quote_id = ANY (r.quote_ids)), '{}') AS theme_keys,
      coalesce((SELECT array_agg(DISTINCT q ORDER BY q) FROM unnest(r.quote_ids) q), '{}') AS quote_ids,
      coalesce((SELECT array_agg(DISTINCT q.defector_id ORDER BY q.defector_id)
                FROM quotes q WHERE q.id = ANY (r.quote_ids) AND q.defector_id IS NOT NULL), '{}')
        AS defector_ids,
      CASE WHEN bool_and(s.impressions IS NOT NULL) THEN sum(s.impressions) END::bigint AS impressions,
      sum(s.likes)::bigint AS likes, sum(s.reposts)::bigint AS reposts,
      sum(s.replies)::bigint AS replies, sum(s.quotes)::bigint AS quotes,
      sum(s.bookmarks)::bigint AS bookmarks,
      sum(s.likes + s.reposts + s.replies + s.quotes + s.bookmarks)::bigint AS engagements,
      bool_or(s.synthetic) AS synthetic
    FROM metric_snapshots s
    JOIN posts p ON p.id = s.post_id
    JOIN channels c ON c.id = p.channel_id
    LEFT JOIN post_revisions r
      ON r.post_id = p.id AND r.revision = coalesce(p.approved_revision, p.current_revision)
    WHERE p.published_at IS NOT NULL AND ${checkpoint}
    GROUP BY s.post_id, s.checkpoint_hours, p.id, c.id, r.post_id, r.revision
  )`;
}

function rollupPostMetrics(at: Checkpoint): SQL {
  return at === 'latest'
    ? sql`(SELECT * FROM post_metrics WHERE is_latest)`
    : sql`(SELECT * FROM post_metrics WHERE checkpoint_hours = ${at.hours})`;
}

/** The filtered per-post rows as a FROM item aliased `pm`. */
export function filteredPosts(source: ReportSource, filter: ReportFilter): SQL {
  const rows = source === 'rollup' ? rollupPostMetrics(filter.at) : rawPostMetrics(filter.at);
  const where: SQL[] = [sql`true`];
  if (filter.campaignId) where.push(sql`pm.campaign_id = ${filter.campaignId}`);
  if (filter.channelId) where.push(sql`pm.channel_id = ${filter.channelId}`);
  if (filter.language) where.push(sql`pm.language = ${filter.language}`);
  if (filter.theme) where.push(sql`pm.theme_keys @> ARRAY[${filter.theme}]::text[]`);
  if (filter.from) where.push(sql`pm.published_at >= ${filter.from.toISOString()}`);
  if (filter.to) where.push(sql`pm.published_at < ${filter.to.toISOString()}`);
  return sql`(SELECT pm.* FROM ${rows} pm WHERE ${sql.join(where, sql` AND `)}) pm`;
}

/** Counts and sums of the posts under the filters, shared by both forms below. */
const SUMS = sql`
  count(*)::int AS posts,
  count(pm.impressions)::int AS known,
  sum(pm.impressions)::float8 AS impressions,
  sum(pm.engagements)::float8 AS engagements,
  sum(pm.engagements) FILTER (WHERE pm.impressions IS NOT NULL)::float8 AS known_engagements,
  sum(pm.likes)::float8 AS likes,
  sum(pm.reposts)::float8 AS reposts,
  sum(pm.replies)::float8 AS replies,
  sum(pm.quotes)::float8 AS quotes,
  sum(pm.bookmarks)::float8 AS bookmarks,
  coalesce(bool_or(pm.synthetic), false) AS synthetic`;

/** A figure set with its medians, in the straightforward form (see `FigureRow`). */
export const FIGURE_COLUMNS = sql`${SUMS},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY pm.impressions) AS median_impressions,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY pm.engagements) AS median_engagements`;

/**
 * A figure set whose medians are left to `combined` (see `FigureParts`): each post's values as a
 * text list, built in the same hash aggregate as the sums instead of a sort per median.
 */
export const FIGURE_PARTS = sql`${SUMS},
  string_agg(pm.impressions::text, ',') AS impressions_each,
  string_agg(pm.engagements::text, ',') AS engagements_each`;

/**
 * How a report groups its rows: by one value per post, kept in its cheapest form for the sort
 * (uuid, smallint, boolean, text in the "C" collation) and shown as the API's text `key`; or, for
 * multi-valued dimensions, by each element of an array (see `ReportsRepository.grouped`).
 */
export type GroupKey = { multi: false; value: SQL; key: SQL } | { multi: true; array: SQL };

export function groupKey(groupBy: GroupBy): GroupKey {
  const single = (value: SQL, key: SQL = sql`${value}::text`): GroupKey => ({
    multi: false,
    value,
    key,
  });
  switch (groupBy) {
    case 'theme':
      return { multi: true, array: sql`pm.theme_keys` };
    case 'quote':
      return { multi: true, array: sql`pm.quote_ids` };
    case 'defector':
      return { multi: true, array: sql`pm.defector_ids` };
    case 'language':
      return single(sql`(pm.language COLLATE "C")`);
    case 'channel':
      return single(sql`pm.channel_id`);
    case 'campaign':
      return single(sql`pm.campaign_id`);
    case 'format':
      return single(sql`pm.thread`, sql`CASE WHEN pm.thread THEN 'thread' ELSE 'single' END`);
    case 'weekday':
      return single(sql`pm.local_weekday`);
    case 'hour':
      return single(sql`pm.local_hour`);
  }
}

/**
 * Display labels of stored keys, by the names readers may see: defectors by their published
 * display name only, quotes by a short id and that name (never the quote's text or any detail).
 */
export function labelsQuery(groupBy: GroupBy, keys: string[]): SQL | null {
  const ids = sql`${sql.param(keys)}::text[]`;
  switch (groupBy) {
    case 'theme':
      return sql`SELECT key, name AS label FROM themes WHERE key = ANY (${ids})`;
    case 'channel':
      return sql`SELECT id::text AS key, handle AS label FROM channels WHERE id::text = ANY (${ids})`;
    case 'campaign':
      return sql`SELECT id::text AS key, name AS label FROM campaigns WHERE id::text = ANY (${ids})`;
    case 'defector':
      return sql`SELECT id::text AS key, display_name AS label FROM defectors WHERE id::text = ANY (${ids})`;
    case 'quote':
      return sql`SELECT q.id::text AS key,
          'Quote ' || left(q.id::text, 8) || coalesce(' · ' || d.display_name, '') AS label
        FROM quotes q LEFT JOIN defectors d ON d.id = q.defector_id WHERE q.id::text = ANY (${ids})`;
    default:
      return null;
  }
}
