import fc from 'fast-check';
import { dueCheckpoints } from '../../src/analytics/collection/checkpoints.js';
import { CollectionRepository } from '../../src/analytics/collection/collection.repository.js';
import { MetricsCollector } from '../../src/analytics/collection/metrics-collector.js';
import {
  syntheticFollowers,
  syntheticMetrics,
} from '../../src/platforms/sandbox/synthetic-metrics.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { publishedPost } from './collection-support.js';

const HOUR = 3_600_000;

describe('analytics: collection from sandbox channels and the due-reading query', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let authorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    team = await publishingTeam(t);
    authorId = (await t.user(['author'])).id;
  });
  afterAll(() => t.close());

  /** A sandbox post in the feed, `ageMs` old, as its channel "published" it. */
  async function sandboxPost(channelId: string, campaignId: string, ageMs: number) {
    const externalId = `sbx-test-${Math.random().toString(36).slice(2)}`;
    const publishedAt = new Date(Date.now() - ageMs);
    await t.query(
      `INSERT INTO sandbox_posts (channel_id, external_id, text, created_at) VALUES ($1, $2, 'x', $3)`,
      [channelId, externalId, publishedAt],
    );
    const id = await publishedPost(
      t,
      { campaignId, channelId, authorId },
      [externalId],
      publishedAt,
    );
    return { id, externalId, publishedAt };
  }

  it('labels sandbox readings and follower counts synthetic, growing like real ones', async () => {
    const campaignId = await createCampaign(team);
    const channelId = await createChannel(team);
    const post = await sandboxPost(channelId, campaignId, 30 * HOUR);

    const before = Date.now();
    await t.app.get(MetricsCollector).collect(new Date());
    const after = Date.now();
    const rows = await t.query<Record<string, number | boolean>>(
      `SELECT checkpoint_hours, impressions, likes, reposts, replies, quotes, bookmarks, synthetic
       FROM metric_snapshots WHERE post_id = $1 ORDER BY checkpoint_hours`,
      [post.id],
    );
    expect(rows.map((r) => r.checkpoint_hours)).toEqual([1, 6, 24]);
    const low = syntheticMetrics(post.externalId, (before - post.publishedAt.getTime()) / HOUR);
    const high = syntheticMetrics(post.externalId, (after - post.publishedAt.getTime()) / HOUR);
    for (const row of rows) {
      expect(row.synthetic).toBe(true);
      for (const [name, value] of Object.entries(low)) {
        expect(row[name]).toBeGreaterThanOrEqual(value);
        expect(row[name]).toBeLessThanOrEqual(high[name as keyof typeof high]);
      }
    }
    expect(low.impressions).toBeGreaterThan(0);

    const curve = (await team.editor.get(`/api/analytics/posts/${post.id}/snapshots`).expect(200))
      .body;
    expect(curve.checkpoints[0]).toMatchObject({ state: 'taken', synthetic: true });

    const now = new Date();
    await t.app.get(MetricsCollector).collectFollowers(now);
    const day = now.toISOString().slice(0, 10);
    expect(
      await t.query(
        `SELECT followers, synthetic FROM channel_follower_snapshots WHERE channel_id = $1`,
        [channelId],
      ),
    ).toEqual([{ followers: syntheticFollowers(channelId, day), synthetic: true }]);
  });

  it('finds exactly the due and missing readings the checkpoint rule names', async () => {
    const channelId = await createChannel(team);
    const repository = t.app.get(CollectionRepository);
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 5 })),
        fc.array(
          fc.record({
            ageHours: fc.integer({ min: 0, max: 1_000 }),
            segments: fc.integer({ min: 1, max: 3 }),
            takenSeed: fc.nat(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (checkpoints, specs) => {
          const campaignId = await createCampaign(team);
          if (checkpoints) {
            await team.admin
              .patch(`/api/campaigns/${campaignId}`, { metricCheckpoints: checkpoints })
              .expect(200);
          }
          const hours = checkpoints ?? [1, 6, 24, 72, 168, 720];
          const now = new Date();
          const expected: string[] = [];
          const postIds: string[] = [];
          for (const spec of specs) {
            const publishedAt = new Date(now.getTime() - spec.ageHours * HOUR);
            const externalIds = Array.from(
              { length: spec.segments },
              (_, i) => `p${i}-${Math.random()}`,
            );
            const id = await publishedPost(
              t,
              { campaignId, channelId, authorId },
              externalIds,
              publishedAt,
            );
            postIds.push(id);
            // Some (checkpoint, segment) readings already stored, chosen by the seed's bits.
            const taken = new Map<number, Set<number>>();
            let bit = 0;
            for (const h of hours) {
              for (let segment = 0; segment < spec.segments; segment++) {
                if ((spec.takenSeed >> (bit++ % 30)) & 1) {
                  taken.set(segment, (taken.get(segment) ?? new Set()).add(h));
                  await t.query(
                    `INSERT INTO metric_snapshots (post_id, segment, external_id, checkpoint_hours, taken_at, likes, reposts, replies, quotes, bookmarks)
                     VALUES ($1, $2, $3, $4, now(), 0, 0, 0, 0, 0)`,
                    [id, segment, externalIds[segment], h],
                  );
                }
              }
            }
            for (let segment = 0; segment < spec.segments; segment++) {
              for (const h of dueCheckpoints(
                publishedAt,
                hours,
                taken.get(segment) ?? new Set(),
                now,
              )) {
                expected.push(`${id}/${h}/${segment}`);
              }
            }
          }
          const due = (await repository.dueReadings(now, 1_000_000))
            .filter((r) => postIds.includes(r.postId))
            .map((r) => `${r.postId}/${r.checkpointHours}/${r.segment}`);
          expect(due.sort()).toEqual(expected.sort());
          // Leave nothing due for the next run's comparison.
          await t.query(`UPDATE posts SET status = 'deleted' WHERE id = ANY($1)`, [postIds]);
        },
      ),
      { numRuns: 15 },
    );
  });
});
