import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import { TOKEN_PREFIX } from '../../src/auth/auth.service.js';
import { digest } from '../../src/auth/secrets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** How a paged endpoint's answer counts its items. */
type Items = (body: unknown, text: string) => number;

const listed: Items = (body) => (body as { items: unknown[] }).items.length;
/** CSV: one line per item under the header. */
const csvRows: Items = (_body, text) => text.trimEnd().split('\n').length - 1;

interface Paged {
  /** The OpenAPI path, as the route table lists it. */
  route: string;
  /** The request without its `limit`. */
  path: string;
  items: Items;
}

/**
 * An endpoint that answers everything it names (an export ignores `limit`; a post's comments,
 * reviews and revisions are not paged), asked where that is one item and where it is many.
 */
interface WholeSet {
  route: string;
  few: string;
  many: string;
  items: Items;
  /** The fewest items the larger read must hold to mean anything, where the world has fewer than 12. */
  atLeast?: number;
}

/**
 * A read whose answer has a fixed shape (one entity, a count, a caller's settings): it is read
 * before the world grows and after, and may send no more statements then.
 */
interface FixedSize {
  route: string;
  /** Absent where the test cannot make the request (a browser prints it, a platform calls it). */
  path?: string;
  why: string;
  /** The answer's status where it is not 200. */
  status?: number;
}

/** An unpaged list read before and after `grow` adds a dozen or more rows to it. */
interface Growing {
  route: string;
  path: string;
  grow: string;
  values: unknown[];
  items?: Items;
  /** Whose read it is, when not the all-roles user's. */
  token?: string;
}

/** The length of a plain array, or of `items`. */
const listLength: Items = (body) =>
  Array.isArray(body) ? body.length : (body as { items: unknown[] }).items.length;

/**
 * Two posts in review with one comment, one review and one revision each; the second then gets a
 * dozen more of each, by a dozen people (the lists name them).
 */
async function postsWithFewAndMany(owner: pg.Pool): Promise<[string, string]> {
  const { rows } = await owner.query<{ id: string }>(
    `SELECT p.id FROM posts p
     WHERE p.status = 'in_review' AND p.current_revision = 1
       AND NOT EXISTS (SELECT FROM post_comments c WHERE c.post_id = p.id)
       AND NOT EXISTS (SELECT FROM reviews r WHERE r.post_id = p.id)
     ORDER BY p.id LIMIT 2`,
  );
  const [few, many] = rows.map((r) => r.id) as [string, string];
  await owner.query(
    `INSERT INTO post_comments (post_id, author_id, body)
     SELECT id, author_id, 'A first note' FROM posts WHERE id = ANY($1::uuid[])`,
    [[few, many]],
  );
  await owner.query(
    `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision)
     SELECT r.post_id, r.revision, r.hash, 'editorial', p.author_id, 'request_changes'
     FROM post_revisions r JOIN posts p ON p.id = r.post_id
     WHERE r.post_id = ANY($1::uuid[]) AND r.revision = 1`,
    [[few, many]],
  );
  await owner.query(
    `INSERT INTO post_comments (post_id, author_id, body)
     SELECT $1, u.id, 'A note from ' || u.display_name FROM users u ORDER BY u.email LIMIT 12`,
    [many],
  );
  await owner.query(
    `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision)
     SELECT r.post_id, r.revision, r.hash, 'editorial', u.id, 'request_changes'
     FROM post_revisions r, (SELECT id FROM users ORDER BY email LIMIT 12) u
     WHERE r.post_id = $1 AND r.revision = 1`,
    [many],
  );
  await owner.query(
    `INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id)
     SELECT post_id, revision + g, segments, quote_ids, md5(hash || g), author_id
     FROM post_revisions, generate_series(1, 12) g WHERE post_id = $1 AND revision = 1`,
    [many],
  );
  await owner.query(`UPDATE posts SET current_revision = 13 WHERE id = $1`, [many]);
  // Its current revision quotes a dozen testimonies; the first post's quotes one.
  await owner.query(
    `UPDATE post_revisions SET quote_ids = ARRAY(SELECT id FROM quotes ORDER BY id LIMIT 12)
     WHERE post_id = $1 AND revision = 13`,
    [many],
  );
  await owner.query(
    `UPDATE post_revisions SET quote_ids = ARRAY(SELECT id FROM quotes ORDER BY id LIMIT 1)
     WHERE post_id = $1 AND revision = 1`,
    [few],
  );
  await owner.query(
    `INSERT INTO post_quotes (post_id, quote_id)
     SELECT p.id, q FROM posts p, post_revisions r, unnest(r.quote_ids) q
     WHERE p.id = ANY($1::uuid[]) AND r.post_id = p.id AND r.revision = p.current_revision
     ON CONFLICT DO NOTHING`,
    [[few, many]],
  );
  return [few, many];
}

/**
 * No endpoint runs a query per row (issue #15), in three ways of growing what a read answers:
 * every paged list sends no more statements to PostgreSQL for a page of twenty or more items
 * than for a page of one or two, whatever the page sizes; an export, a report's groups, a post's
 * own lists, a thread's metrics or a quote's retraction impact no more for many items than for
 * one; and every other list, page or report no more after a dozen rows more. What is left answers
 * in a fixed shape (one entity, a count, the caller's settings) and sends no more once all that
 * has grown. Every GET route of the OpenAPI document is one of these, so a new endpoint must join
 * the test. Counted at the pg client, so every statement counts: authentication, the read of
 * each item's quotes, reviews or names, and any transaction around them. The read cache is off,
 * or a repeated read would send none at all.
 */
describe('statements per request: many items cost no more statements than one', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let world: ApiWorld;
  let paged: Paged[];
  let wholeSets: WholeSet[];
  let growing: Growing[];
  let fixedSize: FixedSize[];
  /** Each fixed-size read's statements before the world grew. */
  const fixedBefore = new Map<string, number>();
  const statements = jest.spyOn(pg.Client.prototype, 'query');

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api', READ_CACHE_MB: '0' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    world = await seedApiWorld(owner, { posts: 1_500, quotes: 200, channels: 6, campaigns: 4 });
    const userId = (await owner.query<{ id: string }>('SELECT user_id AS id FROM api_tokens'))
      .rows[0]!.id;
    // The world's queue holds a few days' submissions: enough drafts join it for a full page.
    await owner.query(
      `UPDATE posts SET status = 'in_review', submitted_at = created_at
       WHERE id IN (SELECT id FROM posts WHERE status = 'draft' ORDER BY id LIMIT 60)`,
    );
    // Four campaigns are too few for a page: a dozen more, as the first is.
    await owner.query(
      `INSERT INTO campaigns (name, goal, audience, language, timezone, extra_stages)
       SELECT name || ' ' || g, goal, audience, language, timezone, extra_stages
       FROM campaigns, generate_series(1, 12) g WHERE id = $1`,
      [world.campaignIds[0]],
    );
    // Six users are too few for a page: a dozen more, as the first is.
    await owner.query(
      `INSERT INTO users (email, display_name, password_hash, roles)
       SELECT g || '.' || email, display_name || ' ' || g, password_hash, roles
       FROM users, generate_series(1, 12) g WHERE id = $1`,
      [userId],
    );
    // What the world has none of: audit events, the caller's notifications, a webhook's
    // deliveries and a sandbox feed, sixty of each.
    await owner.query(
      `INSERT INTO audit_events (actor_id, actor_label, action, entity_type, entity_id)
       SELECT $1, 'statements test', 'post.approved', 'post', id::text
       FROM posts ORDER BY id LIMIT 60`,
      [userId],
    );
    await owner.query(
      `INSERT INTO notifications (user_id, audit_event_id, kind, post_id, title)
       SELECT $1, id, 'approved', entity_id::uuid, 'A post was approved' FROM audit_events`,
      [userId],
    );
    const webhook = await t
      .http()
      .post('/api/webhooks')
      .set('authorization', `Bearer ${world.token}`)
      .send({ url: 'https://chat.example.org/hooks/countervoice', kinds: ['approved'] })
      .expect(201);
    await owner.query(
      `INSERT INTO webhook_deliveries (endpoint_id, audit_event_id, kind, body, status)
       SELECT $1, id, 'approved', '{}', 'sent' FROM audit_events`,
      [webhook.body.id],
    );
    await owner.query(
      `INSERT INTO sandbox_posts (channel_id, external_id, text)
       SELECT $1, 'sandbox-' || g, 'Published in the sandbox ' || g FROM generate_series(1, 60) g`,
      [world.channelIds[0]],
    );
    const now = new Date();
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString();
    const year = `campaignId=${world.campaignIds[0]}&from=${yearAgo}&to=${now.toISOString()}`;
    paged = [
      { route: '/api/posts', path: '/api/posts?status=published', items: listed },
      {
        route: '/api/posts/calendar',
        path: `/api/posts/calendar?from=${monthAgo}&to=${now.toISOString()}`,
        items: listed,
      },
      { route: '/api/posts/review-queue', path: '/api/posts/review-queue', items: listed },
      { route: '/api/library/quotes', path: '/api/library/quotes?q=bread', items: listed },
      { route: '/api/library/sources', path: '/api/library/sources', items: listed },
      { route: '/api/library/defectors', path: '/api/library/defectors', items: listed },
      { route: '/api/campaigns', path: '/api/campaigns', items: listed },
      { route: '/api/users', path: '/api/users', items: listed },
      { route: '/api/audit-events', path: '/api/audit-events', items: listed },
      { route: '/api/notifications', path: '/api/notifications', items: listed },
      { route: '/api/sandbox/feed', path: '/api/sandbox/feed', items: listed },
      {
        route: '/api/webhooks/{id}/deliveries',
        path: `/api/webhooks/${webhook.body.id as string}/deliveries`,
        items: listed,
      },
      {
        route: '/api/analytics/top-posts',
        path: `/api/analytics/top-posts?${year}`,
        items: listed,
      },
      {
        route: '/api/analytics/top-posts.csv',
        path: `/api/analytics/top-posts.csv?${year}`,
        items: csvRows,
      },
    ];
    // The instant one post of the campaign was published: a range of one millisecond holds it alone.
    const { rows: published } = await owner.query<{ at: Date }>(
      `SELECT published_at AS at FROM post_metrics WHERE campaign_id = $1 AND checkpoint_hours = 24
       ORDER BY published_at LIMIT 1 OFFSET 100`,
      [world.campaignIds[0]],
    );
    /** The compare report's two periods, both `range`. */
    const periods = (range: string) => {
      const [from, to] = range.split('&').map((part) => part.split('=')[1]);
      return `aFrom=${from}&aTo=${to}&bFrom=${from}&bTo=${to}`;
    };
    const onePost = `from=${published[0]!.at.toISOString()}&to=${new Date(published[0]!.at.getTime() + 1).toISOString()}`;
    const [few, many] = await postsWithFewAndMany(owner);
    // A quote in one post, and the quote in the most posts.
    const { rows: impacts } = await owner.query<{ quote: string; defector: string }>(
      `(SELECT pq.quote_id AS quote, q.defector_id AS defector
        FROM post_quotes pq JOIN quotes q ON q.id = pq.quote_id
        WHERE (SELECT count(*) FROM quotes o WHERE o.defector_id = q.defector_id) = 1
        GROUP BY 1, 2 HAVING count(*) = 1 LIMIT 1)
       UNION ALL
       (SELECT pq.quote_id, q.defector_id FROM post_quotes pq JOIN quotes q ON q.id = pq.quote_id
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1)`,
    );
    // The defector of the most used quote is given a dozen quotes more, each used by a post.
    await owner.query(
      `WITH copies AS (
         INSERT INTO quotes (text, language, search_config, translation_search_config, source_id,
           defector_id, verification, identity_risk, vetting_status, created_by)
         SELECT text || ' (' || g || ')', language, search_config, translation_search_config,
           source_id, defector_id, verification, identity_risk, vetting_status, created_by
         FROM quotes, generate_series(1, 12) g WHERE id = $1
         RETURNING id)
       INSERT INTO post_quotes (post_id, quote_id)
       SELECT (SELECT post_id FROM post_quotes WHERE quote_id = $1 LIMIT 1), id FROM copies`,
      [impacts[1]!.quote],
    );
    const [lone, shared] = [impacts[0]!, impacts[1]!];
    // Chosen after the copies above: a defector whose one 'bread' quote was the most used one
    // has thirteen by now.
    const oneQuote = await owner.query<{ id: string }>(
      `SELECT defector_id AS id FROM quotes WHERE text ~* 'bread' GROUP BY 1 HAVING count(*) = 1 LIMIT 1`,
    );
    // Two published single posts with a month of metrics; the second becomes a thread of a dozen
    // segments, each with its metrics at every checkpoint.
    const { rows: singles } = await owner.query<{ id: string }>(
      `SELECT id FROM posts p WHERE status = 'published' AND cardinality(external_ids) = 1
         AND EXISTS (SELECT FROM metric_snapshots m WHERE m.post_id = p.id AND m.checkpoint_hours = 720)
       ORDER BY id LIMIT 2`,
    );
    const [single, thread] = singles.map((r) => r.id) as [string, string];
    await owner.query(
      `WITH grown AS (
         UPDATE posts SET external_ids = external_ids
           || ARRAY(SELECT external_ids[1] || '-' || g FROM generate_series(1, 11) g)
         WHERE id = $1 RETURNING id, external_ids)
       INSERT INTO metric_snapshots (post_id, segment, external_id, checkpoint_hours, taken_at,
         impressions, likes, reposts, replies, quotes, bookmarks)
       SELECT m.post_id, g, grown.external_ids[g + 1], m.checkpoint_hours, m.taken_at,
         m.impressions, m.likes, m.reposts, m.replies, m.quotes, m.bookmarks
       FROM metric_snapshots m JOIN grown ON grown.id = m.post_id, generate_series(1, 11) g
       WHERE m.segment = 0`,
      [thread],
    );
    const withdrawn = (body: unknown) => {
      const impact = body as { withdrawn: { count: number }[]; flaggedForDeletion: number };
      return impact.withdrawn.reduce((n, w) => n + w.count, 0) + impact.flaggedForDeletion;
    };
    wholeSets = [
      // What retracting each quote would withdraw.
      {
        route: '/api/library/quotes/{id}/retraction-impact',
        few: `/api/library/quotes/${lone.quote}/retraction-impact`,
        many: `/api/library/quotes/${shared.quote}/retraction-impact`,
        items: withdrawn,
      },
      // The post page, its current revision linking one quote and then a dozen.
      {
        route: '/api/posts/{id}',
        few: `/api/posts/${few}`,
        many: `/api/posts/${many}`,
        items: (body: unknown) =>
          (body as { revision: { quoteIds: unknown[] } }).revision.quoteIds.length,
      },
      ...['comments', 'reviews', 'revisions'].map((list) => ({
        route: `/api/posts/{id}/${list}`,
        few: `/api/posts/${few}/${list}`,
        many: `/api/posts/${many}/${list}`,
        items: (body: unknown) => (body as unknown[]).length,
      })),
      {
        route: '/api/library/quotes/export.csv',
        few: `/api/library/quotes/export.csv?q=bread&defectorId=${oneQuote.rows[0]!.id}`,
        many: '/api/library/quotes/export.csv?q=bread',
        items: csvRows,
      },
      {
        route: '/api/analytics/posts.csv',
        few: `/api/analytics/posts.csv?campaignId=${world.campaignIds[0]}&${onePost}`,
        many: `/api/analytics/posts.csv?${year}`,
        items: csvRows,
      },
      // A grouped report names each group (quote, defector): one post's groups, then a year's.
      ...['quote', 'defector'].map((groupBy) => ({
        route: `/api/analytics/report?groupBy=${groupBy}`,
        few: `/api/analytics/report?campaignId=${world.campaignIds[0]}&${onePost}&groupBy=${groupBy}`,
        many: `/api/analytics/report?${year}&groupBy=${groupBy}`,
        items: (body: unknown) => (body as { groups: unknown[] }).groups.length,
      })),
      {
        route: '/api/analytics/report.csv',
        few: `/api/analytics/report.csv?campaignId=${world.campaignIds[0]}&${onePost}&groupBy=quote`,
        many: `/api/analytics/report.csv?${year}&groupBy=quote`,
        // A line per group under the line of the total.
        items: (body: unknown, text: string) => csvRows(body, text) - 1,
      },
      // Two periods compared group by group: one post's quotes against themselves, then a year's.
      {
        route: '/api/analytics/compare',
        few: `/api/analytics/compare?campaignId=${world.campaignIds[0]}&groupBy=quote&${periods(onePost)}`,
        many: `/api/analytics/compare?campaignId=${world.campaignIds[0]}&groupBy=quote&${periods(`from=${yearAgo}&to=${now.toISOString()}`)}`,
        items: (body: unknown) => (body as { groups: unknown[] }).groups.length,
      },
      // What withdrawing consent would take: a defector quoted once, then the most quoted one.
      {
        route: '/api/library/defectors/{id}/consent-impact',
        few: `/api/library/defectors/${lone.defector}/consent-impact`,
        many: `/api/library/defectors/${shared.defector}/consent-impact`,
        items: (body: unknown) => (body as { quotes: number }).quotes,
      },
      // A report by theme and by hour: one post's groups, then a year's (every hour of the day).
      ...['theme', 'hour'].map((groupBy) => ({
        route: `/api/analytics/report?groupBy=${groupBy}`,
        few: `/api/analytics/report?campaignId=${world.campaignIds[0]}&${onePost}&groupBy=${groupBy}`,
        many: `/api/analytics/report?${year}&groupBy=${groupBy}`,
        items: (body: unknown) => (body as { groups: unknown[] }).groups.length,
        // The world's quotes carry five themes.
        atLeast: groupBy === 'theme' ? 5 : 12,
      })),
      {
        route: '/api/analytics/compare.csv',
        few: `/api/analytics/compare.csv?campaignId=${world.campaignIds[0]}&groupBy=quote&${periods(onePost)}`,
        many: `/api/analytics/compare.csv?campaignId=${world.campaignIds[0]}&groupBy=quote&${periods(`from=${yearAgo}&to=${now.toISOString()}`)}`,
        // Under a line for each period's whole, a line for each period's figures of each group.
        items: (body: unknown, text: string) => (csvRows(body, text) - 2) / 2,
      },
      // A day by day series: one post's day, then a year of days with the decisions marked in it.
      {
        route: '/api/analytics/timeseries',
        few: `/api/analytics/timeseries?campaignId=${world.campaignIds[0]}&${onePost}`,
        many: `/api/analytics/timeseries?${year}`,
        items: (body: unknown) => (body as { points: unknown[] }).points.length,
      },
      {
        route: '/api/analytics/timeseries.csv',
        few: `/api/analytics/timeseries.csv?campaignId=${world.campaignIds[0]}&${onePost}`,
        many: `/api/analytics/timeseries.csv?${year}`,
        items: csvRows,
      },
      // A single post's metrics, then a thread's of a dozen segments, at every checkpoint.
      {
        route: '/api/analytics/posts/{id}/snapshots',
        few: `/api/analytics/posts/${single}/snapshots`,
        many: `/api/analytics/posts/${thread}/snapshots`,
        items: (body: unknown) => {
          const { checkpoints } = body as { checkpoints: { segments: unknown[] }[] };
          return Math.max(...checkpoints.map((c) => c.segments.length));
        },
      },
    ];
    const [campaignId, channelId] = [world.campaignIds[0]!, world.channelIds[0]!];
    // One objective of each way of measuring to start with, so the first read already pays for
    // each kind's statement.
    await owner.query(
      `INSERT INTO objectives (campaign_id, metric, target, window_from, window_to)
       SELECT $1, metric, 1000, now() - interval '90 days', now() + interval '90 days'
       FROM unnest(ARRAY['impressions', 'followers_gained']) metric`,
      [campaignId],
    );
    const week = `from=${now.toISOString()}&to=${new Date(now.getTime() + 7 * 86_400_000).toISOString()}`;
    // A quote and its defector, each shown with its history (and the defector, to an admin, with
    // the identifying details safety reviewers recorded).
    const { rows: quoted } = await owner.query<{ quote: string; defector: string }>(
      `SELECT id AS quote, defector_id AS defector FROM quotes ORDER BY id LIMIT 1`,
    );
    const { quote, defector } = quoted[0]!;
    const moreObjectives = `INSERT INTO objectives (campaign_id, metric, target, window_from, window_to)
      SELECT $1, (ARRAY['impressions', 'followers_gained', 'replies'])[1 + g % 3], 10 * g,
        now() - interval '90 days', now() + interval '90 days'
      FROM generate_series(1, 14) g`;
    // The author of the world's posts, for the feedback on their own work.
    const authorToken = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { rows: author } = await owner.query<{ id: string }>(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
       SELECT author_id, 'author', $1, $2, now() + interval '1 day' FROM posts LIMIT 1
       RETURNING user_id AS id`,
      [digest(authorToken), authorToken.slice(0, 10)],
    );
    growing = [
      {
        route: '/api/posts/feedback',
        path: '/api/posts/feedback',
        // Reviewers send back every one of the fifty open posts the feedback reads that is not
        // waiting on the author yet (a dozen and more).
        grow: `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision, comment)
               SELECT p.id, r.revision, r.hash, 'editorial', $2, 'request_changes', 'Name the source'
               FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
               WHERE p.id IN (SELECT id FROM posts WHERE author_id = $1
                   AND status IN ('draft', 'rejected') ORDER BY updated_at DESC, id DESC LIMIT 50)
                 AND NOT EXISTS (SELECT FROM reviews x WHERE x.post_id = p.id
                   AND x.revision = p.current_revision AND x.decision <> 'approve')`,
        values: [author[0]!.id, userId],
        token: authorToken,
      },
      {
        route: '/api/library/quotes/{id}',
        path: `/api/library/quotes/${quote}`,
        grow: `WITH vetting AS (
                 INSERT INTO quote_vetting_decisions (quote_id, stage, decision, comment, actor_label)
                 SELECT $1, (ARRAY['editorial', 'legal'])[1 + g % 2], 'approve', 'Checked ' || g,
                   'Reviewer ' || g
                 FROM generate_series(1, 14) g)
               INSERT INTO quote_verification_changes (quote_id, to_level, reason, actor_label)
               SELECT $1, 'corroborated', 'Second source ' || g, 'Reviewer ' || g
               FROM generate_series(1, 14) g`,
        values: [quote],
        items: (body) => {
          const page = body as { vettingHistory: unknown[]; verificationHistory: unknown[] };
          return page.vettingHistory.length + page.verificationHistory.length;
        },
      },
      {
        route: '/api/library/defectors/{id}',
        path: `/api/library/defectors/${defector}`,
        grow: `WITH consent AS (
                 INSERT INTO defector_consent_changes (defector_id, to_status, reason, actor_label)
                 SELECT $1, 'granted', 'Confirmed again ' || g, 'Safety ' || g
                 FROM generate_series(1, 14) g)
               INSERT INTO defector_identifying_details (defector_id, kind, value)
               SELECT $1, 'other', 'Detail ' || g FROM generate_series(1, 14) g`,
        values: [defector],
        items: (body) => {
          const page = body as { consentHistory: unknown[]; identifyingDetails?: unknown[] };
          return page.consentHistory.length + (page.identifyingDetails?.length ?? 0);
        },
      },
      {
        route: '/api/library/defectors/{id}/identifying-details',
        path: `/api/library/defectors/${defector}/identifying-details`,
        grow: `INSERT INTO defector_identifying_details (defector_id, kind, value)
               SELECT $1, 'location', 'Place ' || g FROM generate_series(1, 14) g`,
        values: [defector],
      },
      {
        route: '/api/analytics/campaigns/{id}/funder-report',
        path: `/api/analytics/campaigns/${campaignId}/funder-report?from=${yearAgo}&to=${now.toISOString()}`,
        grow: moreObjectives,
        values: [campaignId],
        items: (body) =>
          (body as { objectives: { objectives: unknown[] } }).objectives.objectives.length,
      },
      {
        route: '/api/analytics/campaigns/{id}/objectives.csv',
        path: `/api/analytics/campaigns/${campaignId}/objectives.csv`,
        grow: moreObjectives,
        values: [campaignId],
        items: csvRows,
      },
      // Each channel's free slots for a week: read over every channel, then over more of them.
      {
        route: '/api/slots',
        path: `/api/slots?${week}`,
        grow: `INSERT INTO channels (platform, handle, language, timezone, weekly_slots)
               SELECT platform, handle || '_slots_' || g, language, timezone,
                 '[{"weekday": 1, "time": "09:00"}, {"weekday": 3, "time": "18:30"}]'::jsonb
               FROM channels, generate_series(1, 14) g WHERE id = $1`,
        values: [channelId],
      },
      // The same slots counted per date for the month grid, over more channels again.
      {
        route: '/api/slots/days',
        path: `/api/slots/days?${week}&timezone=Europe%2FLondon`,
        grow: `INSERT INTO channels (platform, handle, language, timezone, weekly_slots)
               SELECT platform, handle || '_days_' || g, language, timezone,
                 '[{"weekday": 2, "time": "09:00"}, {"weekday": 5, "time": "18:30"}]'::jsonb
               FROM channels, generate_series(1, 14) g WHERE id = $1`,
        values: [channelId],
        // The slots counted, which the new channels add to.
        items: (body: unknown) =>
          (body as { days: { open: number }[] }).days.reduce((n, d) => n + d.open, 0),
      },
      {
        route: '/api/library/themes',
        path: '/api/library/themes',
        grow: `INSERT INTO themes (key, name, description)
               SELECT 'theme_' || g, 'Theme ' || g, 'What theme ' || g || ' is about'
               FROM generate_series(1, 14) g`,
        values: [],
      },
      {
        route: '/api/audit-events/actions',
        path: '/api/audit-events/actions',
        grow: `INSERT INTO audit_events (actor_label, action, entity_type, entity_id)
               SELECT 'statements test', 'test.action_' || g, 'post', g::text
               FROM generate_series(1, 14) g`,
        values: [],
      },
      {
        route: '/api/analytics/decisions.csv',
        path: `/api/analytics/decisions.csv?${year}`,
        grow: `INSERT INTO decision_log (campaign_id, at, what, why)
               SELECT $1, now() - g * interval '1 hour', 'Decision ' || g, 'Because ' || g
               FROM generate_series(1, 14) g`,
        values: [campaignId],
        items: csvRows,
      },
      {
        route: '/api/channels',
        path: '/api/channels',
        grow: `INSERT INTO channels (platform, handle, language, timezone)
               SELECT platform, handle || '_' || g, language, timezone
               FROM channels, generate_series(1, 14) g WHERE id = $1`,
        values: [channelId],
      },
      {
        route: '/api/webhooks',
        path: '/api/webhooks',
        grow: `INSERT INTO webhook_endpoints (url, description, sealed_secret, kinds)
               SELECT url, 'Endpoint ' || g, sealed_secret, kinds
               FROM webhook_endpoints, generate_series(1, 14) g`,
        values: [],
      },
      {
        route: '/api/auth/tokens',
        path: '/api/auth/tokens',
        grow: `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
               SELECT user_id, 'Integration ' || g, md5(token_hash || g), prefix, expires_at
               FROM api_tokens, generate_series(1, 14) g`,
        values: [],
      },
      {
        route: '/api/pauses',
        path: '/api/pauses',
        grow: `INSERT INTO pauses (kind, scope, channel_id, starts_at, ends_at, reason)
               SELECT 'blackout', 'channel', id, now() + interval '1 day', now() + interval '2 days',
                 'Anniversary of the attack'
               FROM channels`,
        values: [],
      },
      {
        route: '/api/analytics/decisions',
        path: `/api/analytics/decisions?${year}`,
        grow: `INSERT INTO decision_log (campaign_id, at, what, why, recorded_by)
               SELECT $1, now() - g * interval '1 day', 'Decision ' || g, 'Because ' || g, user_id
               FROM api_tokens, generate_series(1, 14) g LIMIT 14`,
        values: [campaignId],
      },
      {
        route: '/api/analytics/campaigns/{id}/objectives',
        path: `/api/analytics/campaigns/${campaignId}/objectives`,
        // Each objective is evaluated against the campaign's figures or its follower counts.
        items: (body) => (body as { objectives: unknown[] }).objectives.length,
        grow: `INSERT INTO objectives (campaign_id, metric, target, window_from, window_to, created_by)
               SELECT $1, (ARRAY['impressions', 'followers_gained', 'engagement_rate'])[1 + g % 3],
                 1000 * g, now() - interval '90 days',
                 now() + interval '90 days', user_id
               FROM api_tokens, generate_series(1, 14) g LIMIT 14`,
        values: [campaignId],
      },
    ];
    const { rows: sources } = await owner.query<{ id: string }>(
      'SELECT id FROM sources ORDER BY id LIMIT 1',
    );
    const oneEntity = 'One entity by its id.';
    fixedSize = [
      { route: '/health/live', path: '/health/live', why: 'The process answers.' },
      {
        route: '/health/ready',
        path: '/health/ready',
        why: 'A few counts: the queue’s consumers, the overdue posts.',
        // Unready: no worker consumes this world's queue, and its due posts are overdue.
        status: 503,
      },
      { route: '/api/auth/me', path: '/api/auth/me', why: 'The caller, their roles and settings.' },
      {
        route: '/api/notifications/unread-count',
        path: '/api/notifications/unread-count',
        why: 'A count.',
      },
      {
        route: '/api/notifications/preferences',
        path: '/api/notifications/preferences',
        why: 'The caller’s own choices.',
      },
      {
        route: '/api/settings/rules',
        path: '/api/settings/rules',
        why: 'The rules the server runs with.',
      },
      { route: '/api/campaigns/{id}', path: `/api/campaigns/${campaignId}`, why: oneEntity },
      { route: '/api/channels/{id}', path: `/api/channels/${channelId}`, why: oneEntity },
      {
        route: '/api/library/sources/{id}',
        path: `/api/library/sources/${sources[0]!.id}`,
        why: oneEntity,
      },
      {
        route: '/api/posts/{id}/diff',
        path: `/api/posts/${many}/diff?from=1&to=13`,
        why: 'Two revisions, compared segment by segment.',
      },
      {
        route: '/api/analytics/campaigns/{id}/funder-report.pdf',
        why: 'A browser prints the funder page, whose one read is the funder report (measured as its objectives grow).',
      },
      ...['oauth1', 'oauth2'].map((version) => ({
        route: `/api/channels/connect/x/${version}/callback`,
        why: 'X sends the browser back here with one pending connection’s state.',
      })),
    ];
    for (const fixed of fixedSize)
      if (fixed.path)
        fixedBefore.set(
          fixed.route,
          (await read(fixed.path, () => 1, world.token, fixed.status)).count,
        );
  }, 180_000);

  afterAll(async () => {
    statements.mockRestore();
    await owner.end();
    await t.close();
  });

  /** The fewest statements of two reads (a background statement can only add), and the items. */
  async function read(
    path: string,
    items: Items,
    token = world.token,
    status = 200,
  ): Promise<{ count: number; items: number }> {
    let count = Infinity;
    let found = 0;
    for (let i = 0; i < 2; i++) {
      const before = statements.mock.calls.length;
      const res = await t.http().get(path).set('authorization', `Bearer ${token}`).expect(status);
      count = Math.min(count, statements.mock.calls.length - before);
      found = items(res.body, res.text);
    }
    return { count, items: found };
  }

  /** What a failure should say: which endpoint, how many items each read held, and the counts. */
  function compared(
    route: string,
    small: { count: number; items: number },
    large: { count: number; items: number },
    smallAsked: number,
    atLeast = 12,
  ) {
    return {
      route,
      smallPage: small.items === smallAsked ? 'as asked' : `${small.items} items for ${smallAsked}`,
      // Without many items on the larger read the comparison would prove nothing.
      largePage: large.items >= atLeast ? 'many items' : `${large.items} items`,
      statements:
        small.count > 0 && large.count <= small.count
          ? 'no more'
          : `${large.count} for ${large.items} items, ${small.count} for ${small.items}`,
    };
  }

  const AS_EXPECTED = {
    smallPage: 'as asked',
    largePage: 'many items',
    statements: 'no more',
  };

  const withLimit = (path: string, limit: number) =>
    `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;

  it('covers every endpoint that reads: each paged, grown or of a fixed size', async () => {
    const doc = (await t.http().get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: unknown }>;
    };
    const reads = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([route]) => route)
      .sort();
    const covered = [...paged, ...wholeSets, ...growing, ...fixedSize].map(
      (endpoint) => endpoint.route.split('?')[0]!,
    );
    expect([...new Set(covered)].sort()).toEqual(reads);
  });

  it('covers every endpoint that pages with `limit` by its pages', async () => {
    const doc = (await t.http().get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    const pagedRoutes = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'))
      .map(([route]) => route)
      .sort();
    expect(
      [...paged, ...wholeSets]
        .map((p) => p.route)
        .filter((r) => pagedRoutes.includes(r))
        .sort(),
    ).toEqual(pagedRoutes);
  });

  it('sends no more statements for a larger page, and the larger page holds many items', async () => {
    for (const endpoint of paged) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 2 }),
          fc.integer({ min: 20, max: 50 }),
          async (few, many) => {
            const small = await read(withLimit(endpoint.path, few), endpoint.items);
            const large = await read(withLimit(endpoint.path, many), endpoint.items);
            expect(compared(endpoint.route, small, large, few)).toEqual({
              route: endpoint.route,
              ...AS_EXPECTED,
            });
          },
        ),
        { numRuns: 3 },
      );
    }
  }, 240_000);

  it('sends no more statements for an export, report or post’s list of many items than of one', async () => {
    for (const endpoint of wholeSets) {
      const small = await read(endpoint.few, endpoint.items);
      const large = await read(endpoint.many, endpoint.items);
      expect(compared(endpoint.route, small, large, 1, endpoint.atLeast)).toEqual({
        route: endpoint.route,
        ...AS_EXPECTED,
      });
    }
  });

  it('sends no more statements for an unpaged list after a dozen rows more', async () => {
    for (const list of growing) {
      const before = await read(list.path, list.items ?? listLength, list.token);
      await owner.query(list.grow, list.values);
      const after = await read(list.path, list.items ?? listLength, list.token);
      // The rows added are in the answer: at least a dozen items more than before.
      expect(compared(list.route, before, after, before.items, before.items + 12)).toEqual({
        route: list.route,
        ...AS_EXPECTED,
      });
    }
  });

  it('sends no more statements for a read of a fixed size after the world grew', async () => {
    for (const fixed of fixedSize.filter((f) => f.path)) {
      const before = fixedBefore.get(fixed.route)!;
      const after = (await read(fixed.path!, () => 1, world.token, fixed.status)).count;
      expect({
        route: fixed.route,
        statements: after <= before ? 'no more' : `${after} after, ${before} before`,
      }).toEqual({ route: fixed.route, statements: 'no more' });
    }
  });
});
