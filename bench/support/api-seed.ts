import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { digest } from '../../src/auth/secrets.js';
import { TOKEN_PREFIX } from '../../src/auth/auth.service.js';
import { encodeCursor } from '../../src/common/pagination.js';
import * as schema from '../../src/db/schema/index.js';
import { DuplicateKeysBackfill } from '../../src/posts/duplicate-keys-backfill.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { seedMetricSnapshots } from './metric-seed.js';

/** What the API benchmark's requests refer to. */
export interface ApiWorld {
  /** A live API token of a user holding every role, so every endpoint answers it. */
  token: string;
  channelIds: string[];
  campaignIds: string[];
  /** A post in the middle of the year, for the post page. */
  postId: string;
  /** The posts list's cursor halfway down it, newest first, as the API issues it. */
  halfwayPostsCursor: string;
  counts: Record<string, number>;
}

export interface ApiWorldSize {
  posts: number;
  quotes: number;
  channels: number;
  campaigns: number;
}

/** The api benches' busy year; BENCH_POSTS makes a smaller one for trying a bench out. */
export function apiWorldSize(): ApiWorldSize {
  const posts = Number(process.env.BENCH_POSTS ?? 100_000);
  return { posts, quotes: Math.round(posts * 0.3), channels: 20, campaigns: 12 };
}

const ROLES = ['admin', 'author', 'editor', 'safety_reviewer', 'legal_reviewer', 'analyst'];

const WORDS =
  'we were promised heroism but cleaned toilets guarded empty checkpoints emirs lived in villas while fighters queued for bread executions in the square every friday brothers killed other sunni rebels instead of the regime salaries never came foreign fighters got better houses local men were treated like servants the commanders stole the spoils nobody prayed properly'.split(
    ' ',
  );

const SENTENCES = 1_000;

/**
 * A pool of pseudo-random sentences (the same on every run) rows pick from by index, so
 * 150,000 revisions and 30,000 quotes are one set-based statement each and setup takes seconds.
 */
async function createSentences(pool: pg.Pool): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS bench_sentences`);
  await pool.query(
    `CREATE UNLOGGED TABLE bench_sentences AS
     SELECT array_agg(s ORDER BY n) AS s FROM (
       SELECT n, (SELECT string_agg(($1::text[])[1 + ((n::bigint * 7919 + k * 104729) % $2)], ' ')
                  FROM generate_series(1, 8 + n % 17) k) AS s
       FROM generate_series(1, $3::int) n) x`,
    [WORDS, WORDS.length, SENTENCES],
  );
}

/** Two sentences of the pool for row number `n` (an SQL expression); `salt` varies the pick. */
const sentenceSql = (n: string, salt: number) =>
  `(SELECT '[SAMPLE] ' || s[1 + (${n}::bigint + ${salt}) % ${SENTENCES}] || ' ' || s[1 + (${n}::bigint * 7 + ${salt}) % 997] FROM bench_sentences)`;

/** Post `i`'s id, the same on every run and shaped as a version 4 UUID (the API checks). */
const postIdSql = (i: string) =>
  `overlay(overlay(md5('post' || ${i}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * A year of a busy organisation's work, written straight to PostgreSQL as the workflow leaves it:
 * six users (one per role, the first holding all of them), channels, campaigns, quotes with
 * sources and themes, and posts from eleven months ago to one month ahead. Past posts are mostly
 * published (with a publish attempt), some failed, withdrawn, cancelled or rejected; the coming
 * month is scheduled, approved and drafted, with the next three days' share in review. Every post
 * has one or two revisions, review decisions and a comment on one in four. Revisions carry the
 * duplicate keys the app writes with them, unless `withoutDuplicateKeys` leaves them as SQL wrote
 * them (the api then computes them as it starts).
 */
export async function seedApiWorld(
  pool: pg.Pool,
  size: ApiWorldSize,
  options: { withoutDuplicateKeys?: boolean } = {},
): Promise<ApiWorld> {
  await createSentences(pool);
  const ids = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ id: string }>(sql, params)).rows.map((r) => r.id);

  const userIds = await ids(
    `INSERT INTO users (email, display_name, password_hash, roles)
     SELECT 'bench-' || r || '@bench.countervoice.test', 'Bench ' || r, 'not-a-login',
            CASE WHEN n = 1 THEN $1::text[] ELSE ARRAY[r] END
     FROM unnest($1::text[]) WITH ORDINALITY AS u(r, n) ORDER BY n RETURNING id`,
    [ROLES],
  );
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await pool.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
     VALUES ($1, 'bench', $2, $3, now() + interval '1 day')`,
    [userIds[0], digest(token), token.slice(0, 10)],
  );
  const channelIds = await ids(
    // A busy organisation's channels post every hour from 07:00 to 22:00: the calendar draws
    // each one's open slots.
    `INSERT INTO channels (platform, handle, language, timezone, weekly_slots, min_spacing_minutes, daily_cap)
     SELECT 'sandbox', 'bench_' || i, 'en', 'Europe/London',
            (SELECT jsonb_agg(jsonb_build_object('weekday', d, 'time', lpad(h::text, 2, '0') || ':00'))
             FROM generate_series(1, 7) d, generate_series(7, 22) h),
            0, 100000
     FROM generate_series(1, $1::int) i RETURNING id`,
    [size.channels],
  );
  const campaignIds = await ids(
    `INSERT INTO campaigns (name, goal, audience, language, timezone, extra_stages)
     SELECT '[BENCH] Campaign ' || i, 'measure', 'nobody', 'en', 'Europe/London',
            CASE WHEN i % 3 = 0 THEN '{safety}'::text[] ELSE '{}'::text[] END
     FROM generate_series(1, $1::int) i RETURNING id`,
    [size.campaigns],
  );
  const sourceIds = await ids(
    `INSERT INTO sources (outlet, title, url, language)
     SELECT '[SAMPLE] Outlet ' || i, '[SAMPLE] Report ' || i, 'https://example.org/bench/' || i, 'en'
     FROM generate_series(1, 300) i RETURNING id`,
  );
  const defectorIds = await ids(
    `INSERT INTO defectors (display_name, consent_status)
     SELECT '[SAMPLE] Defector ' || i, 'public_record' FROM generate_series(1, 2000) i RETURNING id`,
  );
  await pool.query(
    `INSERT INTO quotes (text, language, search_config, translation_search_config, source_id,
       defector_id, verification, identity_risk, vetting_status, created_by, created_at)
     SELECT ${sentenceSql('i', 0)}, 'en', 'english', 'simple',
            ($1::uuid[])[1 + i % cardinality($1::uuid[])], ($2::uuid[])[1 + i % cardinality($2::uuid[])],
            (ARRAY['unverified','single_source','single_source','corroborated','disputed'])[1 + i % 5],
            (ARRAY['low','low','medium','high'])[1 + i % 4],
            (ARRAY['pending','vetted','vetted','vetted','rejected'])[1 + (i / 5) % 5],
            $3, now() - interval '2 years' + i * interval '30 minutes'
     FROM generate_series(1, $4::int) i`,
    [sourceIds, defectorIds, userIds[1], size.quotes],
  );
  await pool.query(
    `INSERT INTO quote_themes (quote_id, theme_key)
     SELECT id, (ARRAY['infighting','brutality_against_sunnis','corruption_unislamic','quality_of_life','dull_duties'])[1 + abs(hashtext(id::text)) % 5]
     FROM quotes`,
  );

  // Post i is due at start + i·step: one instant per post, so no two share a channel's slot.
  const yearMs = 365 * 86_400_000;
  await pool.query(
    `WITH p AS (
       SELECT i, now() - interval '11 months' + (i * $1::bigint) * interval '1 millisecond' AS at
       FROM generate_series(0, $2::int - 1) i
     ), s AS (
       SELECT i, at, CASE
         WHEN at < now() THEN (ARRAY['published','failed','unknown','withdrawn','cancelled','rejected','deleted','held'])[
           CASE WHEN i % 100 < 80 THEN 1 WHEN i % 100 < 83 THEN 2 WHEN i % 100 < 84 THEN 3
                WHEN i % 100 < 88 THEN 4 WHEN i % 100 < 93 THEN 5 WHEN i % 100 < 96 THEN 6
                WHEN i % 100 < 99 THEN 7 ELSE 8 END]
         WHEN i % 100 < 45 THEN 'scheduled'
         WHEN i % 100 < 55 THEN 'approved'
         WHEN i % 100 < 70 THEN CASE WHEN at < now() + interval '3 days' THEN 'in_review' ELSE 'draft' END
         WHEN i % 100 < 95 THEN 'draft'
         ELSE 'rejected' END AS status
       FROM p
     )
     INSERT INTO posts (id, campaign_id, channel_id, status, current_revision, approved_revision,
       approved_hash, scheduled_at, requested_at, author_id, last_revised_by, submitted_at,
       published_at, external_ids, created_at, updated_at)
     SELECT ${postIdSql('i')}, ($3::uuid[])[1 + i % cardinality($3::uuid[])],
       ($4::uuid[])[1 + i % cardinality($4::uuid[])], status, 1 + i % 2,
       CASE WHEN status IN ('approved','scheduled','published','failed','unknown','held') THEN 1 + i % 2 END,
       CASE WHEN status IN ('approved','scheduled','published','failed','unknown','held') THEN md5('rev' || i) END,
       CASE WHEN status IN ('draft','in_review','rejected') AND i % 3 = 0 THEN NULL ELSE at END,
       CASE WHEN i % 4 = 0 THEN at END,
       $5::uuid, $5::uuid,
       CASE WHEN status <> 'draft' THEN at - interval '2 days' END,
       CASE WHEN status IN ('published','unknown') THEN at + interval '1 second' END,
       CASE WHEN status = 'published' THEN ARRAY['x' || i] ELSE '{}'::text[] END,
       at - interval '3 days', at - interval '1 day'
     FROM s`,
    [Math.floor(yearMs / size.posts), size.posts, campaignIds, channelIds, userIds[1]],
  );
  await pool.query(
    `WITH q AS (SELECT array_agg(id ORDER BY id) AS ids FROM quotes WHERE vetting_status = 'vetted')
     INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id, created_at)
     SELECT p.id, r, CASE WHEN n % 5 = 0
                       THEN ARRAY[${sentenceSql('n + r', 0)}, ${sentenceSql('n + r', 500)}]
                       ELSE ARRAY[${sentenceSql('n + r', 0)}] END,
            ARRAY[q.ids[1 + n % cardinality(q.ids)]], md5('rev' || n), p.author_id,
            p.created_at + r * interval '1 hour'
     FROM (SELECT *, ('x' || substr(id::text, 1, 7))::bit(28)::int AS n FROM posts) p
     CROSS JOIN q, generate_series(1, p.current_revision) r`,
  );
  await pool.query(
    `INSERT INTO post_quotes (post_id, quote_id)
     SELECT post_id, quote_ids[1] FROM post_revisions r JOIN posts p ON p.id = r.post_id
     AND p.current_revision = r.revision`,
  );
  await pool.query(
    `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision, created_at)
     SELECT id, approved_revision, approved_hash, 'editorial', $1::uuid, 'approve', submitted_at + interval '1 hour'
     FROM posts WHERE approved_revision IS NOT NULL
     UNION ALL
     SELECT id, current_revision, md5('rev' || id), 'editorial', $1::uuid, 'request_changes', submitted_at
     FROM posts WHERE status IN ('rejected','in_review') AND current_revision = 2`,
    [userIds[2]],
  );
  await pool.query(
    `INSERT INTO post_comments (post_id, author_id, body, created_at)
     SELECT id, $1::uuid, '[SAMPLE] Could we name the source in the second line?', created_at + interval '2 hours'
     FROM posts WHERE ('x' || substr(id::text, 1, 2))::bit(8)::int % 4 = 0`,
    [userIds[2]],
  );
  await pool.query(
    `INSERT INTO publish_attempts (post_id, revision, claim_id, started_at, finished_at, outcome, external_ids)
     SELECT id, current_revision, gen_random_uuid(), scheduled_at, scheduled_at + interval '1 second',
            CASE status WHEN 'published' THEN 'published' WHEN 'failed' THEN 'failed'
                        WHEN 'held' THEN 'held' ELSE 'unknown' END, external_ids
     FROM posts WHERE status IN ('published','failed','unknown','held')`,
  );
  // A year of collected results for the analytics reports: each published post's public metrics
  // at its six checkpoints (the snapshot insert fills the post_metrics rollup through its trigger).
  await seedMetricSnapshots(
    pool,
    `WHERE p.status = 'published' AND p.published_at + c.hours * interval '1 hour' < now()`,
  );
  await pool.query('DROP TABLE bench_sentences');
  if (!options.withoutDuplicateKeys) {
    // The app's own computation, so the revisions hold what the app would have written.
    const db = drizzle(pool, { schema });
    await new DuplicateKeysBackfill(db, new PostsRepository(db)).run();
  }
  // A world of 12 months has long been vacuumed by autovacuum (post_metrics after 2% changed, by
  // its own settings in migration analytics_covering_indexes); left as seeded, with no page
  // marked all-visible, every covering index would send its index-only scans to the heap.
  await pool.query('VACUUM ANALYZE');
  // The seed's pages would otherwise be written out by the checkpointer while endpoints are
  // measured, beside them on the same two cores.
  await pool.query('CHECKPOINT');
  const counted = await pool.query<{ table: string; n: string }>(
    `SELECT 'posts' AS table, count(*) AS n FROM posts UNION ALL
     SELECT 'post_revisions', count(*) FROM post_revisions UNION ALL
     SELECT 'reviews', count(*) FROM reviews UNION ALL
     SELECT 'post_comments', count(*) FROM post_comments UNION ALL
     SELECT 'publish_attempts', count(*) FROM publish_attempts UNION ALL
     SELECT 'metric_snapshots', count(*) FROM metric_snapshots UNION ALL
     SELECT 'quotes', count(*) FROM quotes UNION ALL
     SELECT 'channels', count(*) FROM channels UNION ALL
     SELECT 'users', count(*) FROM users UNION ALL
     SELECT 'in_review', count(*) FROM posts WHERE status = 'in_review'`,
  );
  const [{ id: postId }] = (
    await pool.query<{ id: string }>(`SELECT ${postIdSql('$1::int')} AS id`, [
      Math.floor(size.posts / 2),
    ])
  ).rows as [{ id: string }];
  const [halfway] = (
    await pool.query<{ created_at: Date; id: string }>(
      'SELECT created_at, id FROM posts ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1',
      [Math.floor(size.posts / 2)],
    )
  ).rows as [{ created_at: Date; id: string }];
  return {
    token,
    channelIds,
    campaignIds,
    postId,
    halfwayPostsCursor: encodeCursor({ key: halfway.created_at.toISOString(), id: halfway.id }),
    counts: Object.fromEntries(counted.rows.map((r) => [r.table, Number(r.n)])),
  };
}
