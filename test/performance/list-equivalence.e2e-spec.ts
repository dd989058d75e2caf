import fc from 'fast-check';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import * as schema from '../../src/db/schema/index.js';
import type { Database } from '../../src/db/database.js';
import { POST_STATUSES, type PostStatus } from '../../src/db/schema/index.js';
import { type PostFilter, PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

interface StoredPost {
  id: string;
  created_at: Date;
  status: PostStatus;
  channel_id: string;
  campaign_id: string;
  scheduled_at: Date | null;
  needs_retraction: boolean;
}

interface Filter {
  status?: PostStatus[];
  channelId?: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
  needsRetraction?: boolean;
  limit: number;
}

/**
 * The posts list (newest first, filtered, paged by cursor) answers exactly what a plain reading
 * of the table says, whichever indexes the planner picks: compared with the rule applied in
 * JavaScript to every row, and with the same query run with index scans switched off.
 */
describe('posts list at scale: same items, order and cursors with and without indexes', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let world: ApiWorld;
  let all: StoredPost[];
  let campaigns: string[];
  let reader: SignedInClient;
  let indexed: PostsRepository;
  let sequential: PostsRepository;
  let sequentialClient: pg.Client;

  beforeAll(async () => {
    // No job workers: publishing and reconciling would move posts while the lists are compared.
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    world = await seedApiWorld(owner, { posts: 1_500, quotes: 200, channels: 6, campaigns: 4 });
    // Ties on created_at, so the id breaks them across page boundaries.
    await owner.query(
      `UPDATE posts SET created_at = date_trunc('day', created_at) WHERE ascii(id::text) % 3 = 0`,
    );
    await owner.query(
      `UPDATE posts SET needs_retraction = true WHERE ascii(id::text) % 7 = 0 AND status = 'published'`,
    );
    await owner.query('ANALYZE posts');
    all = (
      await owner.query<StoredPost>(
        'SELECT id, created_at, status, channel_id, campaign_id, scheduled_at, needs_retraction FROM posts',
      )
    ).rows;
    campaigns = [...new Set(all.map((p) => p.campaign_id))];
    reader = await t.as(['analyst']);
    indexed = new PostsRepository(t.db);
    sequentialClient = new pg.Client({ connectionString: t.config.database.url });
    await sequentialClient.connect();
    await sequentialClient.query(
      'SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off',
    );
    sequential = new PostsRepository(drizzle(sequentialClient, { schema }) as unknown as Database);
  }, 120_000);

  afterAll(async () => {
    await sequentialClient?.end();
    await owner?.end();
    await t?.close();
  });

  const reference = (f: Filter) =>
    all
      .filter(
        (p) =>
          (!f.status || f.status.includes(p.status)) &&
          (!f.channelId || p.channel_id === f.channelId) &&
          (!f.campaignId || p.campaign_id === f.campaignId) &&
          (!f.from || (p.scheduled_at !== null && p.scheduled_at >= f.from)) &&
          (!f.to || (p.scheduled_at !== null && p.scheduled_at < f.to)) &&
          (f.needsRetraction === undefined || p.needs_retraction === f.needsRetraction),
      )
      .sort(
        (x, y) =>
          y.created_at.getTime() - x.created_at.getTime() ||
          (y.id < x.id ? -1 : y.id > x.id ? 1 : 0),
      )
      .map((p) => p.id);

  const filters = () => {
    const year = all.map((p) => p.created_at.getTime());
    const [min, max] = [Math.min(...year), Math.max(...year) + 5 * 86_400_000];
    const instant = fc.integer({ min, max }).map((ms) => new Date(ms));
    return fc.record(
      {
        status: fc.uniqueArray(fc.constantFrom(...POST_STATUSES), { minLength: 1, maxLength: 4 }),
        channelId: fc.constantFrom(...world.channelIds),
        campaignId: fc.constantFrom(...campaigns),
        from: instant,
        to: instant,
        needsRetraction: fc.boolean(),
        limit: fc.integer({ min: 1, max: 120 }),
      },
      { requiredKeys: ['limit'] },
    );
  };

  it('the API pages through exactly the reference list, cursor after cursor', async () => {
    await fc.assert(
      fc.asyncProperty(filters(), async (f) => {
        const expected = reference(f);
        const got: string[] = [];
        let cursor: string | null | undefined;
        // Up to five pages: enough to cross page boundaries without thousands of requests.
        for (let page = 0; page < 5 && cursor !== null; page++) {
          const res = await reader.get('/api/posts').query(query(f, cursor)).expect(200);
          got.push(...(res.body.items as { id: string }[]).map((i) => i.id));
          cursor = res.body.nextCursor;
        }
        expect(got).toEqual(expected.slice(0, got.length));
        expect(cursor === null).toBe(got.length === expected.length);
      }),
      { numRuns: 40 },
    );
  });

  it('the calendar pages through the same posts and cursors, with the list items’ own fields', async () => {
    const calendarFields = [
      'id',
      'campaignId',
      'channelId',
      'status',
      'scheduledAt',
      'excerpt',
      'segmentCount',
    ] as const;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(filters(), async (f) => {
        let cursor: string | null | undefined;
        for (let page = 0; page < 3 && cursor !== null; page++) {
          const [list, calendar] = await Promise.all([
            reader.get('/api/posts').query(query(f, cursor)).expect(200),
            reader.get('/api/posts/calendar').query(query(f, cursor)).expect(200),
          ]);
          const listed = list.body.items as Record<string, unknown>[];
          expect(calendar.body.items).toEqual(
            listed.map((item) => Object.fromEntries(calendarFields.map((k) => [k, item[k]]))),
          );
          expect(calendar.body.nextCursor).toBe(list.body.nextCursor);
          compared += listed.length;
          cursor = list.body.nextCursor;
        }
      }),
      // The first run is the whole list, so pages of posts are compared whatever the draws.
      { numRuns: 25, examples: [[{ limit: 40 }]] },
    );
    expect(compared).toBeGreaterThanOrEqual(120);
  });

  it('the repository answers the same with index scans switched off', async () => {
    await fc.assert(
      fc.asyncProperty(filters(), async (f) => {
        const expected = reference(f);
        const window: PostFilter = { ...f, limit: f.limit };
        const [a, b] = await Promise.all([indexed.list(window), sequential.list(window)]);
        expect(a.map((p) => p.id)).toEqual(expected.slice(0, f.limit));
        expect(b.map((p) => p.id)).toEqual(expected.slice(0, f.limit));
        expect(a).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });
});

function query(f: Filter, cursor: string | undefined | null): Record<string, string | number> {
  return {
    limit: f.limit,
    ...(f.status ? { status: f.status.join(',') } : {}),
    ...(f.channelId ? { channelId: f.channelId } : {}),
    ...(f.campaignId ? { campaignId: f.campaignId } : {}),
    ...(f.from ? { from: f.from.toISOString() } : {}),
    ...(f.to ? { to: f.to.toISOString() } : {}),
    ...(f.needsRetraction !== undefined ? { needsRetraction: String(f.needsRetraction) } : {}),
    ...(cursor ? { cursor } : {}),
  };
}
