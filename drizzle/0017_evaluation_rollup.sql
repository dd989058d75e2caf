-- post_metrics: one row per published post and checkpoint, thread-summed, with the post's report
-- dimensions, so reports read one narrow indexed table instead of joining snapshots to posts,
-- channels, revisions, quotes and themes. Kept by a statement trigger on metric_snapshots that
-- recomputes the (post, checkpoint) rows an insert touched — the same derivation as the
-- straightforward query in src/analytics/reports/report-sql.ts (the equality test compares them).
-- Idempotent: safe to run again.
CREATE OR REPLACE FUNCTION post_metrics_refresh(touched_posts uuid[]) RETURNS void AS $$
BEGIN
  INSERT INTO post_metrics (post_id, checkpoint_hours, is_latest, campaign_id, channel_id, language,
    published_at, local_weekday, local_hour, thread, theme_keys, quote_ids, defector_ids,
    impressions, likes, reposts, replies, quotes, bookmarks, engagements, synthetic)
  SELECT s.post_id, s.checkpoint_hours, false, p.campaign_id, p.channel_id, c.language, p.published_at,
    extract(isodow FROM p.published_at AT TIME ZONE c.timezone)::smallint,
    extract(hour FROM p.published_at AT TIME ZONE c.timezone)::smallint,
    coalesce(cardinality(r.segments), 1) > 1,
    coalesce((SELECT array_agg(DISTINCT qt.theme_key ORDER BY qt.theme_key)
              FROM quote_themes qt WHERE qt.quote_id = ANY (r.quote_ids)), '{}'),
    coalesce((SELECT array_agg(DISTINCT q ORDER BY q) FROM unnest(r.quote_ids) q), '{}'),
    coalesce((SELECT array_agg(DISTINCT q.defector_id ORDER BY q.defector_id)
              FROM quotes q WHERE q.id = ANY (r.quote_ids) AND q.defector_id IS NOT NULL), '{}'),
    CASE WHEN bool_and(s.impressions IS NOT NULL) THEN sum(s.impressions) END,
    sum(s.likes), sum(s.reposts), sum(s.replies), sum(s.quotes), sum(s.bookmarks),
    sum(s.likes + s.reposts + s.replies + s.quotes + s.bookmarks),
    bool_or(s.synthetic)
  FROM unnest(touched_posts) t(post_id)
  JOIN metric_snapshots s ON s.post_id = t.post_id
  JOIN posts p ON p.id = s.post_id
  JOIN channels c ON c.id = p.channel_id
  LEFT JOIN post_revisions r
    ON r.post_id = p.id AND r.revision = coalesce(p.approved_revision, p.current_revision)
  WHERE p.published_at IS NOT NULL
  GROUP BY s.post_id, s.checkpoint_hours, p.id, c.id, r.post_id, r.revision, t.post_id
  ON CONFLICT (post_id, checkpoint_hours) DO UPDATE SET
    campaign_id = EXCLUDED.campaign_id, channel_id = EXCLUDED.channel_id,
    language = EXCLUDED.language, published_at = EXCLUDED.published_at,
    local_weekday = EXCLUDED.local_weekday, local_hour = EXCLUDED.local_hour,
    thread = EXCLUDED.thread, theme_keys = EXCLUDED.theme_keys, quote_ids = EXCLUDED.quote_ids,
    defector_ids = EXCLUDED.defector_ids, impressions = EXCLUDED.impressions,
    likes = EXCLUDED.likes, reposts = EXCLUDED.reposts, replies = EXCLUDED.replies,
    quotes = EXCLUDED.quotes, bookmarks = EXCLUDED.bookmarks,
    engagements = EXCLUDED.engagements, synthetic = EXCLUDED.synthetic;
  -- "latest" is each post's highest checkpoint so far.
  UPDATE post_metrics m SET is_latest = (m.checkpoint_hours = l.latest)
  FROM (SELECT post_id, max(checkpoint_hours) AS latest FROM post_metrics
        WHERE post_id IN (SELECT unnest(touched_posts)) GROUP BY post_id) l
  WHERE m.post_id = l.post_id AND m.is_latest IS DISTINCT FROM (m.checkpoint_hours = l.latest);
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metric_snapshots_rollup() RETURNS trigger AS $$
BEGIN
  PERFORM post_metrics_refresh(ARRAY(SELECT DISTINCT post_id FROM inserted));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS metric_snapshots_rollup ON metric_snapshots;
--> statement-breakpoint
CREATE TRIGGER metric_snapshots_rollup
  AFTER INSERT ON metric_snapshots
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION metric_snapshots_rollup();
--> statement-breakpoint
-- Snapshots taken before this migration.
SELECT post_metrics_refresh(ARRAY(SELECT DISTINCT post_id FROM metric_snapshots));
