import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import pg from 'pg';
import * as schema from '../../src/db/schema/index.js';
import { PublishingRepository } from '../../src/publishing/publishing.repository.js';
import { nodesOf, watchExecutedPlans } from '../support/executed-plans.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * A claim reads the posts it names and no others, whatever the backlog of due posts and however
 * stale PostgreSQL's statistics are. A burst is scheduled faster than statistics follow; planned
 * from statistics that say few posts are scheduled, a claim of two posts once scanned all 4,800
 * due ones, and every claim of a burst did so again.
 *
 * The plan is read through auto_explain at NOTICE level on the claiming connection itself, so the
 * test sees the plan PostgreSQL ran, with the rows each node read and threw away.
 */
describe('the publishing claim reads only the posts it claims', () => {
  let client: pg.Client;
  let repository: PublishingRepository;
  let plans: Awaited<ReturnType<typeof watchExecutedPlans>>;
  let channelId: string;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    // A campaign's history (published posts) and statistics taken while nothing is scheduled, as
    // before a burst, kept so: this database is the test's own.
    await client.query('ALTER TABLE posts SET (autovacuum_enabled = false)');
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO channels (platform, handle, language, timezone)
       VALUES ('sandbox', 'claimed', 'en', 'UTC') RETURNING id`,
    );
    channelId = rows[0]!.id;
    await insertPosts(2_000, 'published');
    await client.query('ANALYZE posts');
    plans = await watchExecutedPlans(client);
    repository = new PublishingRepository(drizzle(client, { schema }));
  });

  afterAll(() => client.end());

  /**
   * `count` approved posts of one channel, one a minute into the past, committed and written
   * without the campaigns and people their foreign keys name: the claim reads none of them (its
   * joins are left joins). The channel exists, as the claim numbers its claims (channel_claims).
   */
  async function insertPosts(count: number, status: 'scheduled' | 'published'): Promise<string[]> {
    await client.query('SET session_replication_role = replica');
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO posts (campaign_id, channel_id, status, approved_revision, approved_hash,
         scheduled_at, published_at, author_id, last_revised_by)
       SELECT gen_random_uuid(), $3, $2, 1, 'hash', now() - i * interval '1 minute',
         CASE WHEN $2 = 'published' THEN now() - i * interval '1 minute' END,
         gen_random_uuid(), gen_random_uuid()
       FROM generate_series(1, $1) AS i RETURNING id`,
      [count, status, channelId],
    );
    await client.query('SET session_replication_role = origin');
    return rows.map((r) => r.id);
  }

  it('claims exactly the named posts and filters out at most as many rows as it was given', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 50, max: 3_000 }),
        fc.integer({ min: 1, max: 25 }),
        async (backlog, claimSize) => {
          const due = await insertPosts(backlog, 'scheduled');
          // The claim's own writes are rolled back; the backlog is removed after each case.
          await client.query('BEGIN');
          try {
            const named = due.slice(0, claimSize);
            const from = plans.mark();
            const claimed = await repository.claim(named, new Date());
            expect(claimed.map((c) => c.post.id).sort()).toEqual([...named].sort());
            const nodes = plans
              .since(from)
              .map(({ plan }) => nodesOf(plan))
              .find((all) =>
                all.some((n) => n['Node Type'] === 'ModifyTable' && n['Relation Name'] === 'posts'),
              );
            expect(nodes?.map((n) => n['Index Name'])).toContain('posts_pkey');
            const filtered = (nodes ?? []).map((n) => n['Rows Removed by Filter'] ?? 0);
            expect(Math.max(0, ...filtered)).toBeLessThanOrEqual(named.length);
          } finally {
            await client.query('ROLLBACK');
            await client.query('SET session_replication_role = replica');
            await client.query(`DELETE FROM posts WHERE status <> 'published'`);
            await client.query('SET session_replication_role = origin');
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
