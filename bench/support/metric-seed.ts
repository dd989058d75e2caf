import type pg from 'pg';

/**
 * Public metrics at the six checkpoints of each segment of the posts `where` selects (alias `p`,
 * checkpoints `c.hours`), derived from the post's id so every run writes the same numbers. One
 * statement: the insert fills the post_metrics rollup through its trigger at full size.
 */
export async function seedMetricSnapshots(pool: pg.Pool, where = ''): Promise<void> {
  await pool.query(`
    INSERT INTO metric_snapshots (post_id, segment, external_id, checkpoint_hours, taken_at,
      impressions, likes, reposts, replies, quotes, bookmarks, synthetic)
    SELECT p.id, s.segment, p.external_ids[s.segment + 1], c.hours,
      p.published_at + c.hours * interval '1 hour',
      CASE WHEN abs(hashtext(p.id::text)) % 20 = 0 THEN NULL
           ELSE (200 + abs(hashtext(p.id::text)) % 3000) * c.growth / (1 + s.segment) END,
      ((5 + abs(hashtext(p.id::text || 'l')) % 80) * c.growth / (1 + s.segment))::int,
      ((abs(hashtext(p.id::text || 'r')) % 20) * c.growth)::int,
      ((abs(hashtext(p.id::text || 'p')) % 15) * c.growth)::int,
      ((abs(hashtext(p.id::text || 'q')) % 5) * c.growth)::int,
      ((abs(hashtext(p.id::text || 'b')) % 8) * c.growth)::int,
      false
    FROM posts p
    CROSS JOIN LATERAL generate_series(0, cardinality(p.external_ids) - 1) s(segment)
    CROSS JOIN (VALUES (1, 0.3), (6, 0.6), (24, 0.9), (72, 1.0), (168, 1.05), (720, 1.1)) c(hours, growth)
    ${where}`);
}
