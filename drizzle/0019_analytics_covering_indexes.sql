-- Reports filter post_metrics by checkpoint (or is_latest), campaign and publication time, then read
-- a dozen columns of every matching row. Through narrow indexes those rows were scattered over the
-- whole table (a campaign's year at one checkpoint touched 16,000 of its 26,000 pages). The two
-- covering indexes below keep each such set contiguous and carry every column a report reads
-- (all but quote_ids, only needed by the rarely asked quote grouping), so the read is an
-- index-only range scan. They replace the three narrow indexes dropped first. INCLUDE cannot be
-- written in the Drizzle schema, hence plain SQL here.
DROP INDEX "post_metrics_checkpoint_published_idx";--> statement-breakpoint
DROP INDEX "post_metrics_latest_published_idx";--> statement-breakpoint
DROP INDEX "post_metrics_campaign_idx";--> statement-breakpoint
CREATE INDEX post_metrics_checkpoint_cover
  ON post_metrics (checkpoint_hours, campaign_id, published_at)
  INCLUDE (post_id, channel_id, language, local_weekday, local_hour, thread, theme_keys,
    defector_ids, impressions, likes, reposts, replies, quotes, bookmarks, engagements, synthetic);--> statement-breakpoint
CREATE INDEX post_metrics_latest_cover
  ON post_metrics (campaign_id, published_at)
  INCLUDE (post_id, checkpoint_hours, channel_id, language, local_weekday, local_hour, thread,
    theme_keys, defector_ids, impressions, likes, reposts, replies, quotes, bookmarks, engagements,
    synthetic)
  WHERE is_latest;--> statement-breakpoint
-- An index-only scan still visits the heap for pages changed since the last vacuum. Every
-- collection run inserts rows and moves is_latest, so vacuum this table after 2% of it changed
-- (default 20%) to keep the visibility map, and with it the index-only reads, current.
ALTER TABLE post_metrics SET (autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
