import fc from 'fast-check';
import pg from 'pg';
import { seedApiWorld, type ApiWorld } from '../../bench/support/api-seed.js';
import { SLOT_HOLDING_STATUSES } from '../../src/db/schema/index.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface StoredPost {
  id: string;
  channel_id: string;
  status: string;
  scheduled_at: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * The taken slots every placement and the calendar's open slots are judged against come from the
 * database as one text of instants per channel: the same instants, to the millisecond, as the
 * driver gives for each post's own row, whatever the channels, period and posts left out.
 */
describe('taken slots: the instants a plain reading of the posts gives', () => {
  let t: TestApp;
  let owner: pg.Pool;
  let world: ApiWorld;
  let all: StoredPost[];
  let repository: PostsRepository;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    owner = new pg.Pool({ connectionString: t.config.database.url, max: 2 });
    world = await seedApiWorld(owner, { posts: 1_500, quotes: 200, channels: 6, campaigns: 4 });
    // Microseconds just short of the next millisecond, which rounding would carry over, and one
    // slot before 1970, where cutting toward zero would move it a millisecond later.
    await owner.query(
      `UPDATE posts SET scheduled_at = date_trunc('milliseconds', scheduled_at) + interval '999 microseconds'
       WHERE ascii(id::text) % 4 = 0 AND scheduled_at IS NOT NULL`,
    );
    await owner.query(
      `UPDATE posts SET scheduled_at = '1969-12-31 23:59:59.9995+00'
       WHERE id = (SELECT id FROM posts WHERE status = 'scheduled' ORDER BY id LIMIT 1)`,
    );
    all = (await owner.query<StoredPost>('SELECT id, channel_id, status, scheduled_at FROM posts'))
      .rows;
    repository = new PostsRepository(t.db);
  }, 120_000);

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const holding = new Set<string>(SLOT_HOLDING_STATUSES);

  it('gives each channel exactly the slot-holding posts’ instants in the period, less those left out', async () => {
    const times = all.flatMap((p) => (p.scheduled_at ? [p.scheduled_at.getTime()] : []));
    const instant = fc
      .integer({ min: Math.min(...times) - DAY_MS, max: Math.max(...times) + DAY_MS })
      .map((ms) => new Date(ms));
    const ids = all.map((p) => p.id);
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(world.channelIds),
        instant,
        instant,
        fc.subarray(ids, { maxLength: 200 }),
        async (channelIds, a, b, except) => {
          const [from, until] = a <= b ? [a, b] : [b, a];
          const left = new Set(except);
          const expected = channelIds.map((channelId) => [
            channelId,
            all
              .filter(
                (p) =>
                  p.channel_id === channelId &&
                  holding.has(p.status) &&
                  p.scheduled_at !== null &&
                  p.scheduled_at >= from &&
                  p.scheduled_at < until &&
                  !left.has(p.id),
              )
              .map((p) => p.scheduled_at!.getTime())
              .sort((x, y) => x - y),
          ]);
          const taken = await repository.takenSlots(t.db, channelIds, { from, until }, except);
          expect(
            channelIds.map((channelId) => [
              channelId,
              taken
                .get(channelId)!
                .map((d) => d.getTime())
                .sort((x, y) => x - y),
            ]),
          ).toEqual(expected);
          expect([...taken.keys()].sort()).toEqual([...channelIds].sort());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads the whole year of every channel: before 1970 and to the last microsecond', async () => {
    const from = new Date(Date.UTC(1969, 0, 1));
    const until = new Date(Date.UTC(2100, 0, 1));
    const taken = await repository.takenSlots(t.db, world.channelIds, { from, until });
    const got = [...taken.values()].flat().map((d) => d.getTime());
    const expected = all
      .filter((p) => holding.has(p.status) && p.scheduled_at !== null)
      .map((p) => p.scheduled_at!.getTime());
    expect(got.sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
    expect(got).toContain(-1);
    expect(got.length).toBeGreaterThan(100);
  });
});
