import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import pg from 'pg';
import * as schema from '../../src/db/schema/index.js';
import { PublishingRepository } from '../../src/publishing/publishing.repository.js';
import { insertPublishingWorld } from '../support/publishing-fixtures.js';
import { createTestDatabase } from '../support/test-app.js';

/** Where a thread's claim stands when its worker re-checks it or saves its progress. */
const STANDINGS = ['held', 'given up', 'claimed again', 'never claimed'] as const;
type Standing = (typeof STANDINGS)[number];

/**
 * Threads in flight together re-check their claims and save their sent segments' ids in shared
 * statements. Whatever mix of claims a batch carries, each post is read and written only under
 * its own claim: one given up to the reconciler, claimed again by another worker or never claimed
 * is neither reported as held nor has its ids overwritten.
 */
describe('thread batches: each post is re-checked and its progress saved under its own claim', () => {
  let client: pg.Client;
  let publishing: PublishingRepository;
  let ours: { userId: string; campaignId: string; channelId: string };

  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    const world = await insertPublishingWorld(client, ['ours']);
    ours = { ...world, channelId: world.channelIds.ours };
    publishing = new PublishingRepository(drizzle(client, { schema }));
  });

  afterAll(() => client.end());

  /** A post in `standing`, with the claim id its (possibly stalled) worker holds. */
  async function postIn(standing: Standing, segments: string[]) {
    const workerClaim = randomUUID();
    const onPost = {
      held: { status: 'publishing', claimId: workerClaim },
      'given up': { status: 'unknown', claimId: workerClaim },
      'claimed again': { status: 'publishing', claimId: randomUUID() },
      'never claimed': { status: 'scheduled', claimId: null },
    }[standing];
    const { rows } = await client.query<{ id: string }>(
      `WITH p AS (
         INSERT INTO posts (campaign_id, channel_id, status, approved_revision, approved_hash,
           claim_id, claimed_at, external_ids, author_id, last_revised_by)
         VALUES ($1, $2, $3, 1, 'hash', $4, now(), ARRAY['earlier'], $5, $5) RETURNING id)
       INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id)
       SELECT id, 1, $6, '{}', 'hash', $5 FROM p RETURNING post_id AS id`,
      [ours.campaignId, ours.channelId, onPost.status, onPost.claimId, ours.userId, segments],
    );
    return { postId: rows[0]!.id, claimId: workerClaim, standing, segments };
  }

  it('reports and saves only the threads whose claim still holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            standing: fc.constantFrom(...STANDINGS),
            segments: fc.array(fc.string({ minLength: 1, maxLength: 20 }), {
              minLength: 2,
              maxLength: 4,
            }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (threads) => {
          const batch = [];
          for (const t of threads) batch.push(await postIn(t.standing, t.segments));
          const held = batch.filter((t) => t.standing === 'held');

          const now = await publishing.claimedNow(batch);
          expect([...now.keys()].sort()).toEqual(held.map((t) => t.postId).sort());
          for (const t of held) expect(now.get(t.postId)?.revision?.segments).toEqual(t.segments);

          await publishing.saveExternalIds(
            batch.map((t) => ({ ...t, externalIds: ['earlier', `sent-${t.postId}`] })),
            new Date(),
          );
          const { rows } = await client.query<{ id: string; external_ids: string[] }>(
            'SELECT id, external_ids FROM posts WHERE id = ANY($1)',
            [batch.map((t) => t.postId)],
          );
          const saved = new Map(rows.map((r) => [r.id, r.external_ids]));
          for (const t of batch)
            expect(saved.get(t.postId)).toEqual(
              t.standing === 'held' ? ['earlier', `sent-${t.postId}`] : ['earlier'],
            );
        },
      ),
      { numRuns: 25 },
    );
  });
});
