import { randomUUID } from 'node:crypto';
import { insertQuote } from '../support/library-fixtures.js';
import type { TestApp } from '../support/test-app.js';

/** One segment's metrics at one checkpoint. */
export interface SegmentMetrics {
  impressions: number | null;
  likes: number;
  reposts?: number;
  replies?: number;
  quotes?: number;
  bookmarks?: number;
}

export const m = (
  impressions: number | null,
  likes: number,
  reposts = 0,
  replies = 0,
  quotes = 0,
  bookmarks = 0,
): SegmentMetrics => ({ impressions, likes, reposts, replies, quotes, bookmarks });

export interface PostSeed {
  campaignId: string;
  channelId: string;
  publishedAt: string;
  quoteIds?: string[];
  /** Per checkpoint (hours), one entry per segment: a thread has several. */
  snapshots: Record<number, SegmentMetrics[]>;
  synthetic?: boolean;
}

export async function insertCampaign(
  t: TestApp,
  options: { name?: string; startsAt?: string | null } = {},
): Promise<string> {
  const [row] = await t.query<{ id: string }>(
    `INSERT INTO campaigns (name, goal, audience, language, timezone, starts_at)
     VALUES ($1, 'goal', 'audience', 'en', 'UTC', $2) RETURNING id`,
    [options.name ?? `Campaign ${randomUUID().slice(0, 6)}`, options.startsAt ?? null],
  );
  return row!.id;
}

export async function insertChannel(
  t: TestApp,
  options: { timezone: string; language: string; handle?: string },
): Promise<string> {
  const [row] = await t.query<{ id: string }>(
    `INSERT INTO channels (platform, handle, language, timezone) VALUES ('sandbox', $1, $2, $3) RETURNING id`,
    [options.handle ?? `ch_${randomUUID().slice(0, 8)}`, options.language, options.timezone],
  );
  return row!.id;
}

/** A vetted quote on these themes (its defector may carry identifying details). */
export async function themedQuote(
  t: TestApp,
  themes: string[],
  identifyingDetails: { kind: string; value: string }[] = [],
): Promise<{ quoteId: string; defectorId: string }> {
  const quote = await insertQuote(t, { identifyingDetails });
  for (const theme of themes) {
    await t.query(`INSERT INTO quote_themes (quote_id, theme_key) VALUES ($1, $2)`, [
      quote.quoteId,
      theme,
    ]);
  }
  return quote;
}

/**
 * A published post as publishing leaves it (status, revision with its segments and quotes,
 * external ids) with its snapshots inserted in one statement, as the collector stores a batch.
 */
export async function publishedPost(t: TestApp, authorId: string, seed: PostSeed): Promise<string> {
  const segments = Math.max(...Object.values(seed.snapshots).map((s) => s.length), 1);
  const postId = randomUUID();
  const externalIds = Array.from({ length: segments }, (_, i) => `${postId.slice(0, 8)}-${i}`);
  await t.query(
    `INSERT INTO posts (id, campaign_id, channel_id, status, current_revision, approved_revision,
       approved_hash, author_id, last_revised_by, published_at, external_ids)
     VALUES ($1, $2, $3, 'published', 1, 1, 'h', $4, $4, $5, $6)`,
    [postId, seed.campaignId, seed.channelId, authorId, seed.publishedAt, externalIds],
  );
  await t.query(
    `INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id)
     VALUES ($1, 1, $2, $3, 'h', $4)`,
    [postId, externalIds.map((_, i) => `[SAMPLE] segment ${i + 1}`), seed.quoteIds ?? [], authorId],
  );
  const rows = Object.entries(seed.snapshots).flatMap(([hours, perSegment]) =>
    perSegment.map((s, segment) => [
      postId,
      segment,
      externalIds[segment],
      Number(hours),
      new Date(Date.parse(seed.publishedAt) + Number(hours) * 3600_000).toISOString(),
      s.impressions,
      s.likes,
      s.reposts ?? 0,
      s.replies ?? 0,
      s.quotes ?? 0,
      s.bookmarks ?? 0,
      seed.synthetic ?? false,
    ]),
  );
  if (rows.length > 0) {
    const values = rows
      .map((_, r) => `(${Array.from({ length: 12 }, (_, c) => `$${r * 12 + c + 1}`).join(', ')})`)
      .join(', ');
    await t.query(
      `INSERT INTO metric_snapshots (post_id, segment, external_id, checkpoint_hours, taken_at,
         impressions, likes, reposts, replies, quotes, bookmarks, synthetic) VALUES ${values}`,
      rows.flat(),
    );
  }
  return postId;
}
