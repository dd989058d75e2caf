import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import pg from 'pg';
import * as schema from '../../src/db/schema/index.js';
import {
  type NumberedClaim,
  PublishingRepository,
} from '../../src/publishing/publishing.repository.js';
import { insertPublishingWorld } from '../support/publishing-fixtures.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * Workers claiming posts of the same channels at once (a backlog after an outage or a pause):
 * each reads what its channels have sent, counting the posts other workers are still sending.
 * Exactly one claim of a channel may find it free. None, and the channel sends nothing for a
 * spacing: when each claim counted every other, two claims that both committed before either
 * read deferred each other's posts. Two, and the channel's spacing breaks.
 */
/** Channels each batch claims posts of. */
const CHANNELS = 3;

describe('claims racing for a channel', () => {
  let pool: pg.Pool;
  let publishing: PublishingRepository;
  let world: Awaited<ReturnType<typeof insertPublishingWorld>>;
  let runs = 0;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 8 });
    const client = await pool.connect();
    try {
      world = await insertPublishingWorld(client, ['unused']);
    } finally {
      client.release();
    }
    publishing = new PublishingRepository(drizzle(pool, { schema }));
  });
  afterAll(() => pool.end());

  /** Fresh channels, and for each worker `perChannel` posts due now on each. */
  async function duePosts(workers: number, perChannel: number) {
    const { rows: channels } = await pool.query<{ id: string }>(
      `INSERT INTO channels (platform, handle, language, timezone, min_spacing_minutes)
       SELECT 'sandbox', 'race_' || $1 || '_' || n, 'en', 'UTC', 30 FROM generate_series(1, $2) n
       RETURNING id`,
      [++runs, CHANNELS],
    );
    const channelIds = channels.map((c) => c.id);
    // One statement: one `now()`, so no two posts of a channel share a slot.
    const { rows } = await pool.query<{ id: string; worker: number }>(
      `WITH planned AS (
         SELECT gen_random_uuid() AS id, c, w, now() - (w * $4 + i) * interval '1 ms' AS at
         FROM unnest($2::uuid[]) c, generate_series(0, $5 - 1) w, generate_series(1, $4) i),
       inserted AS (
         INSERT INTO posts (id, campaign_id, channel_id, status, approved_revision, approved_hash,
           scheduled_at, author_id, last_revised_by)
         SELECT id, $1, c, 'scheduled', 1, 'hash', at, $3, $3 FROM planned RETURNING id)
       SELECT id, w AS worker FROM planned JOIN inserted USING (id)`,
      [world.campaignId, channelIds, world.userId, perChannel, workers],
    );
    const batches = Array.from({ length: workers }, (_, w) =>
      rows.filter((r) => r.worker === w).map((r) => r.id),
    );
    return { channelIds, batches };
  }

  /** The workers whose claim found each channel free: nothing sent, nothing being sent before it. */
  async function freeFor(claims: NumberedClaim[][], channelIds: string[]) {
    const free = new Map(channelIds.map((id) => [id, 0]));
    const now = new Date();
    await Promise.all(
      claims.map(async (claimed) => {
        const history = await publishing.channelHistory(
          channelIds.map((channelId) => ({
            channelId,
            dayStart: new Date(now.getTime() - 86_400_000),
            seq: claimed.find((c) => c.post.channelId === channelId)!.channelSeq,
          })),
        );
        for (const [channelId, seen] of history)
          if (seen.lastSentAt === null && seen.sentToday === 0)
            free.set(channelId, free.get(channelId)! + 1);
      }),
    );
    return [...free.values()];
  }

  it('leaves exactly one claim free to send, whatever order the claims and reads interleave in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }).chain((workers) =>
          fc.tuple(
            fc.constant(workers),
            fc.integer({ min: 1, max: 3 }),
            fc.shuffledSubarray(
              Array.from({ length: 2 * workers }, (_, i) => i % workers),
              { minLength: 2 * workers },
            ),
          ),
        ),
        async ([workers, perChannel, steps]) => {
          const { channelIds, batches } = await duePosts(workers, perChannel);
          // Each worker's first step claims its batch, its second reads its channels' history.
          const claims: NumberedClaim[][] = [];
          const free = new Map(channelIds.map((id) => [id, 0]));
          for (const w of steps) {
            if (!claims[w]) {
              claims[w] = await publishing.claim(batches[w]!, new Date());
              expect(claims[w].length).toBe(CHANNELS * perChannel);
              continue;
            }
            const counted = await freeFor([claims[w]], channelIds);
            channelIds.forEach((id, i) => free.set(id, free.get(id)! + counted[i]!));
          }
          expect([...free.values()]).toEqual(channelIds.map(() => 1));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('numbers claims that run at the same moment in the order they commit, without deadlocking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        async (workers, perChannel) => {
          const { channelIds, batches } = await duePosts(workers, perChannel);
          // Each batch lists its channels in a different order: the statement sorts them.
          const claims = await Promise.all(
            batches.map((ids, w) => publishing.claim(w % 2 ? [...ids].reverse() : ids, new Date())),
          );
          for (const claimed of claims) expect(claimed.length).toBe(CHANNELS * perChannel);
          for (const channelId of channelIds) {
            const numbers = new Set(
              claims.map((c) => c.find((p) => p.post.channelId === channelId)!.channelSeq),
            );
            expect(numbers.size).toBe(workers);
          }
          expect(await freeFor(claims, channelIds)).toEqual(channelIds.map(() => 1));
        },
      ),
      { numRuns: 15 },
    );
  });
});
