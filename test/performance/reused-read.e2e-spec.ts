import { sql, type SQL } from 'drizzle-orm';
import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld } from '../../bench/support/api-seed.js';
import { CampaignsRepository } from '../../src/campaigns/campaigns.repository.js';
import { ChannelsRepository } from '../../src/channels/channels.repository.js';
import { DATABASE, type Database, type Executor } from '../../src/db/database.js';
import { DefectorsRepository } from '../../src/library/defectors.repository.js';
import { QuotesRepository } from '../../src/library/quotes.repository.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Inside a transaction, one change the property makes to what a post page reads. */
const CHANGES: Record<string, (postId: string) => SQL> = {
  campaign: (id) => sql`UPDATE campaigns SET name = name || ' (renamed)'
                        WHERE id = (SELECT campaign_id FROM posts WHERE id = ${id})`,
  channel: (id) => sql`UPDATE channels SET daily_cap = daily_cap + 1
                       WHERE id = (SELECT channel_id FROM posts WHERE id = ${id})`,
  post: (id) => sql`UPDATE posts SET needs_retraction = NOT needs_retraction WHERE id = ${id}`,
  revision: (id) => sql`UPDATE post_revisions SET segments = array_append(segments, 'Bread, again.')
                        WHERE (post_id, revision) =
                          (SELECT id, current_revision FROM posts WHERE id = ${id})`,
  review: (id) =>
    sql`DELETE FROM reviews WHERE id = (SELECT min(id) FROM reviews WHERE post_id = ${id})`,
  quote: (id) =>
    sql`UPDATE quotes SET identity_risk = CASE identity_risk WHEN 'high' THEN 'low' ELSE 'high' END
        WHERE id IN (SELECT unnest(r.quote_ids) FROM post_revisions r JOIN posts p
                     ON (p.id, p.current_revision) = (r.post_id, r.revision) WHERE p.id = ${id})`,
};

class Rollback extends Error {}

/**
 * The reads a post page and the review transactions share (src/db/reused-read.ts) are built once
 * for the pool and afresh for a transaction: through either they read the same rows, and only
 * the transaction sees what it wrote before it commits, whichever statement ran first.
 */
describe('reads built once for the pool: same rows, and a transaction sees its own writes', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let db: Database;
  let postIds: string[];

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    await seedApiWorld(owner, { posts: 300, quotes: 80, channels: 3, campaigns: 2 });
    db = t.app.get<Database>(DATABASE);
    // Posts with reviews and linked quotes, so every read has rows to return.
    postIds = (
      await owner.query<{ id: string }>(
        `SELECT p.id FROM posts p
         JOIN post_revisions r ON (r.post_id, r.revision) = (p.id, p.current_revision)
         WHERE cardinality(r.quote_ids) > 0 AND EXISTS (SELECT 1 FROM reviews WHERE post_id = p.id)
         ORDER BY p.created_at LIMIT 12`,
      )
    ).rows.map((r) => r.id);
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  /** Everything a post page reads through the shared helpers, read through `ex`. */
  async function pageReads(ex: Executor, postId: string) {
    const posts = t.app.get(PostsRepository);
    const post = (await posts.findById(postId, ex))!;
    const revision = (await posts.revision(postId, post.currentRevision, ex))!;
    const quotes = await t.app.get(QuotesRepository).usabilityFacts(revision.quoteIds, ex);
    return {
      post,
      revision,
      campaign: await t.app.get(CampaignsRepository).findById(post.campaignId, ex),
      channel: await t.app.get(ChannelsRepository).findById(post.channelId, ex),
      reviews: await posts.reviewsOf(postId, ex),
      clearances: await posts.clearances(postId, revision.revision, ex),
      quotes,
      details: await t.app.get(DefectorsRepository).identifyingDetails(
        quotes.map((q) => q.defectorId),
        ex,
      ),
    };
  }

  it('reads alike through the pool and a transaction; the pool never sees an uncommitted write', async () => {
    expect(postIds.length).toBeGreaterThan(5);
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: postIds.length - 1 }),
        fc.constantFrom(...Object.keys(CHANGES)),
        fc.boolean(),
        async (i, change, poolFirst) => {
          const postId = postIds[i]!;
          // Which statement is built first (the pool's prepared one or the transaction's) must
          // not matter.
          if (poolFirst) await pageReads(db, postId);
          const before = await pageReads(db, postId);
          await db
            .transaction(async (tx) => {
              expect(await pageReads(tx, postId)).toEqual(before);
              await tx.execute(CHANGES[change]!(postId));
              const inside = await pageReads(tx, postId);
              expect(inside).not.toEqual(before);
              expect(await pageReads(db, postId)).toEqual(before);
              changed++;
              throw new Rollback();
            })
            .catch((error: unknown) => {
              if (!(error instanceof Rollback)) throw error;
            });
          expect(await pageReads(db, postId)).toEqual(before);
        },
      ),
      { numRuns: 40 },
    );
    expect(changed).toBe(40);
  }, 120_000);
});
