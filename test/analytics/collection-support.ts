import type { TestApp } from '../support/test-app.js';

/**
 * A post that went out at `publishedAt` as `externalIds` (one per thread segment), stored
 * directly: collection only reads published rows, so review and scheduling are not needed here.
 */
export async function publishedPost(
  t: TestApp,
  place: { campaignId: string; channelId: string; authorId: string },
  externalIds: string[],
  publishedAt: Date,
): Promise<string> {
  const [row] = await t.query<{ id: string }>(
    `INSERT INTO posts (campaign_id, channel_id, status, author_id, last_revised_by, published_at, external_ids)
     VALUES ($1, $2, 'published', $3, $3, $4, $5) RETURNING id`,
    [place.campaignId, place.channelId, place.authorId, publishedAt, externalIds],
  );
  return row!.id;
}

/** Stored readings as (post, checkpoint, segment) keys with how often each occurs. */
export async function readingKeys(t: TestApp, postIds: string[]) {
  return t.query<{ post_id: string; checkpoint_hours: number; segment: number; n: number }>(
    `SELECT post_id, checkpoint_hours, segment, count(*)::int AS n FROM metric_snapshots
     WHERE post_id = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [postIds],
  );
}
