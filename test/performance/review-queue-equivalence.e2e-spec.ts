import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld } from '../../bench/support/api-seed.js';
import type { Principal } from '../../src/auth/principal.js';
import { REVIEW_STAGES, type Role } from '../../src/db/schema/index.js';
import { STAGE_ROLE } from '../../src/posts/post-lifecycle.js';
import { PostReviewService } from '../../src/posts/post-review.service.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** How many of the world's posts a run puts in review with generated reviews and authorship. */
const IN_REVIEW = 24;

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
}

/**
 * The review queue reads posts in review in chunks with a fixed number of queries each (the
 * current revision's hash and quotes ride along with the list row, the reviews come by one array
 * parameter) and answers a page at a time: its pages, put together, answer exactly what asking
 * each post's own review state, one post at a time, answers, whatever reviews, stale approvals,
 * quotes, campaign policies, authorship, page and chunk sizes, and submissions within one
 * millisecond the posts have.
 */
describe('review queue: same posts, same order as each post’s own review state', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let users: UserRow[];
  let candidates: { id: string; current_revision: number; hash: string }[];
  let quoteIds: string[];
  let service: PostReviewService;
  let posts: PostsRepository;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    await seedApiWorld(owner, { posts: 600, quotes: 120, channels: 4, campaigns: 4 });
    await owner.query(
      `UPDATE campaigns SET extra_stages = CASE WHEN name LIKE '%2' THEN '{legal}'::text[] ELSE extra_stages END`,
    );
    users = (
      await owner.query<UserRow>('SELECT id, email, display_name, roles FROM users ORDER BY email')
    ).rows;
    candidates = (
      await owner.query<{ id: string; current_revision: number; hash: string }>(
        `SELECT p.id, p.current_revision, r.hash FROM posts p
         JOIN post_revisions r ON r.post_id = p.id AND r.revision = p.current_revision
         WHERE p.status IN ('draft', 'approved', 'rejected') ORDER BY p.id LIMIT $1`,
        [IN_REVIEW],
      )
    ).rows;
    quoteIds = (
      await owner.query<{ id: string }>('SELECT id FROM quotes ORDER BY id LIMIT 40')
    ).rows.map((r) => r.id);
    service = t.app.get(PostReviewService);
    posts = t.app.get(PostsRepository);
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const principalOf = (u: UserRow): Principal => ({
    userId: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    locale: 'en',
    timeZone: null,
    via: 'token',
  });

  /** The straightforward path: every post in review, its own review state, one at a time. */
  async function reference(principal: Principal): Promise<string[]> {
    const inReview = await owner.query<{ id: string }>(
      `SELECT id FROM posts WHERE status = 'in_review'
       ORDER BY date_trunc('milliseconds', submitted_at), id`,
    );
    const queued: string[] = [];
    for (const { id } of inReview.rows) {
      const post = (await posts.findById(id))!;
      const state = await service.reviewStateOf(principal, post);
      const mine = state.pendingStages.some((s) => principal.roles.includes(STAGE_ROLE[s]));
      const own = post.authorId === principal.userId || post.lastRevisedBy === principal.userId;
      if (mine && !own) queued.push(id);
    }
    return queued;
  }

  const review = fc.record({
    stage: fc.constantFrom(...REVIEW_STAGES),
    decision: fc.constantFrom('approve', 'approve', 'request_changes'),
    /** An approval of an older revision or another text does not count. */
    stale: fc.constantFrom('current', 'current', 'older revision', 'other hash'),
  });
  const postSetup = fc.record({
    author: fc.nat(),
    lastRevisedBy: fc.nat(),
    quotes: fc.uniqueArray(fc.nat({ max: 39 }), { maxLength: 3 }),
    reviews: fc.array(review, { maxLength: 4 }),
    /** Same submission millisecond as the previous post: the id breaks the tie. */
    tie: fc.boolean(),
    /** Microseconds past the millisecond, which a page's cursor does not carry. */
    micros: fc.integer({ min: 0, max: 999 }),
  });
  /** A small page reads small chunks (as many posts as the page, then doubling): boundaries. */
  const pageLimit = fc.integer({ min: 1, max: IN_REVIEW + 2 });
  const quoteSetup = fc.array(
    fc.record({
      identityRisk: fc.constantFrom('low', 'low', 'medium', 'high'),
      legal: fc.boolean(),
      sensitive: fc.boolean(),
    }),
    { minLength: 40, maxLength: 40 },
  );

  it('answers every reviewer exactly what the per-post review states say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(postSetup, { minLength: IN_REVIEW, maxLength: IN_REVIEW }),
        quoteSetup,
        pageLimit,
        async (setups, quoteFacts, limit) => {
          await owner.query(`UPDATE posts SET status = 'draft' WHERE status = 'in_review'`);
          for (const [i, q] of quoteFacts.entries()) {
            await owner.query(
              `UPDATE quotes SET identity_risk = $2, legal_flags = $3, sensitivity_flags = $4 WHERE id = $1`,
              [
                quoteIds[i],
                q.identityRisk,
                q.legal ? ['admitted_crime'] : [],
                q.sensitive ? ['graphic_violence'] : [],
              ],
            );
          }
          for (const [i, s] of setups.entries()) {
            const post = candidates[i]!;
            const linked = s.quotes.map((n) => quoteIds[n]!);
            await owner.query(
              `UPDATE posts SET status = 'in_review', author_id = $2, last_revised_by = $3,
                 submitted_at = timestamptz '2030-01-01' + $4 * interval '1 minute'
                   + $5 * interval '1 microsecond' WHERE id = $1`,
              [
                post.id,
                users[s.author % users.length]!.id,
                users[s.lastRevisedBy % users.length]!.id,
                s.tie && i > 0 ? i - 1 : i,
                s.micros,
              ],
            );
            await owner.query(
              `UPDATE post_revisions SET quote_ids = $3 WHERE post_id = $1 AND revision = $2`,
              [post.id, post.current_revision, linked],
            );
            await owner.query('DELETE FROM reviews WHERE post_id = $1', [post.id]);
            for (const r of s.reviews) {
              await owner.query(
                `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision, comment)
                 VALUES ($1, $2, $3, $4, $5, $6, 'generated')`,
                [
                  post.id,
                  r.stale === 'older revision' ? post.current_revision + 1 : post.current_revision,
                  r.stale === 'other hash' ? 'another text' : post.hash,
                  r.stage,
                  users[0]!.id,
                  r.decision,
                ],
              );
            }
          }
          for (const user of users) {
            const principal = principalOf(user);
            const pages: string[] = [];
            let past: { at: Date; id: string } | undefined;
            for (let page = 0; page <= IN_REVIEW; page++) {
              const rows = await service.reviewQueue(principal, { past, limit });
              pages.push(...rows.map((p) => p.id));
              const last = rows.at(-1);
              if (rows.length < limit || !last) break;
              past = { at: last.queuedAt, id: last.id };
            }
            expect(pages).toEqual(await reference(principal));
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 300_000);
});
