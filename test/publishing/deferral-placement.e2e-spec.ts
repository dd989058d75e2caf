import fc from 'fast-check';
import { ChannelsRepository } from '../../src/channels/channels.repository.js';
import { ChannelsService } from '../../src/channels/channels.service.js';
import { APP_CONFIG } from '../../src/config/app-config.js';
import { DATABASE } from '../../src/db/database.js';
import { PublishingMetrics } from '../../src/observability/publishing-metrics.js';
import { PausesRepository } from '../../src/pauses/pauses.repository.js';
import { PostsRepository } from '../../src/posts/posts.repository.js';
import { PublishOutcomes } from '../../src/publishing/publish-outcomes.js';
import { PublishingRepository } from '../../src/publishing/publishing.repository.js';
import { PublishScheduler } from '../../src/queue/publish-wake-ups.js';
import { ReconcilerService } from '../../src/publishing/reconciler.service.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;

/**
 * Where the engine puts a post it cannot send now: the first time its channel can take it, as an
 * editor could place it, against every other post the channel holds (PublishOutcomes.defer).
 */
describe('placing deferred posts', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp({ RECONCILE_INTERVAL_SECONDS: '3600' });
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(() => t.close());

  const post = (id: string) => team.editor.get(`/api/posts/${id}`).then((r) => r.body);
  const minutes = (m: number) => new Date(Date.now() + m * MINUTE);
  /** Makes the posts due now (a millisecond apart: no two may share a slot) and wakes them. */
  const dueNow = async (ids: string[]) => {
    await t.query(
      `UPDATE posts SET scheduled_at = now() + (array_position($1::uuid[], id) * interval '1 ms')
       WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    await t.app.get(ReconcilerService).reconcileOnce();
  };
  /**
   * Every post the channel holds now: a published one from the moment its sending began (its
   * claim, from which the channel's spacing counts), the rest at their slot.
   */
  const calendar = (channelId: string) =>
    t.query<{ id: string; status: string; at: Date }>(
      `SELECT p.id, p.status,
         CASE WHEN p.status = 'published'
           THEN (SELECT max(a.started_at) FROM publish_attempts a WHERE a.post_id = p.id)
           ELSE p.scheduled_at END AS at
       FROM posts p WHERE p.channel_id = $1 AND p.status IN ('scheduled', 'publishing', 'published')`,
      [channelId],
    );

  it('puts a post due too soon after the posts its channel already has scheduled, not on top of them', async () => {
    const channelId = await createChannel(team, { minSpacingMinutes: 10 });
    const first = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['just out'],
      minutes(0.02),
    );
    await waitFor(
      () => post(first),
      (p) => p.status === 'published',
    );
    // The channel is booked from the end of the spacing on: the next two slots an editor set.
    const booked = [
      await scheduledPost(t, team, { campaignId, channelId }, ['booked one'], minutes(11)),
      await scheduledPost(t, team, { campaignId, channelId }, ['booked two'], minutes(21)),
    ];
    const late = await scheduledPost(t, team, { campaignId, channelId }, ['late'], minutes(2880));
    await dueNow([late]);
    const deferred = await waitFor(
      () => post(late),
      (p) => p.statusReason?.includes('spacing'),
    );
    expect(deferred.status).toBe('scheduled');
    const at = new Date(deferred.scheduledAt).getTime();
    for (const id of booked) {
      const other = new Date((await post(id)).scheduledAt).getTime();
      expect(Math.abs(at - other)).toBeGreaterThanOrEqual(10 * MINUTE);
    }
    // The first free time: ten minutes after the second booked post, not a gap further on.
    expect(at).toBeLessThan(minutes(33).getTime());
  });

  it('keeps the spacing between every post of a channel, however many fall due together among booked ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(5, 30, 90),
        fc.integer({ min: 2, max: 6 }),
        // Booked posts, in spacings from now: an editor placed them, so they keep the spacing.
        fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 3 }),
        async (spacing, due, bookedAt) => {
          const channelId = await createChannel(team, { minSpacingMinutes: spacing });
          for (const [k, n] of bookedAt.entries())
            await scheduledPost(
              t,
              team,
              { campaignId, channelId },
              [`booked ${k}`],
              minutes(n * spacing * 2),
            );
          // Scheduled far apart (as the API requires), then all made due at once, as after an
          // outage or at the end of a pause.
          const late: string[] = [];
          for (let k = 0; k < due; k++)
            late.push(
              await scheduledPost(
                t,
                team,
                { campaignId, channelId },
                [`due together ${k}`],
                minutes(30 * 24 * 60 + k * 24 * 60),
              ),
            );
          await dueNow(late);
          const settled = await waitFor(
            () => calendar(channelId),
            // One sent, the others deferred: a post still scheduled at its due time (now) has
            // not been claimed yet.
            (rows) =>
              rows.every((r) => r.status !== 'publishing') &&
              rows.filter(
                (r) =>
                  late.includes(r.id) && r.status === 'scheduled' && r.at.getTime() > Date.now(),
              ).length ===
                due - 1,
          );
          // One went now; each of the others waits where the channel can take it.
          expect(settled.filter((r) => r.status === 'published')).toHaveLength(1);
          const times = settled.map((r) => r.at.getTime()).sort((a, b) => a - b);
          for (let k = 1; k < times.length; k++)
            expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(spacing * MINUTE);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('places posts deferred at the same moment by different workers one after another, each seeing the last', async () => {
    // Each worker writes the deferrals that reach it together; here one to three of them at once.
    const worker = () =>
      new PublishOutcomes(
        t.app.get(APP_CONFIG),
        t.app.get(DATABASE),
        t.app.get(PublishingRepository),
        t.app.get(PostsRepository),
        t.app.get(ChannelsRepository),
        t.app.get(PausesRepository),
        t.app.get(ChannelsService),
        t.app.get(PublishScheduler),
        t.app.get(PublishingMetrics),
      );
    const workers = [t.app.get(PublishOutcomes), worker(), worker()];
    const posts = t.app.get(PostsRepository);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 5, 30, 90),
        // Each defers its post to its own claim's spacing end, a few milliseconds apart.
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 10 }),
        fc.integer({ min: 1, max: workers.length }),
        async (spacing, offsetsMs, deferring) => {
          const channelId = await createChannel(team, { minSpacingMinutes: spacing });
          const ids: string[] = [];
          for (const k of offsetsMs.keys())
            ids.push(
              await scheduledPost(
                t,
                team,
                { campaignId, channelId },
                [`deferred together ${k}`],
                minutes(30 * 24 * 60 + k * 24 * 60),
              ),
            );
          const claimed = await t.query<{ id: string; claim_id: string }>(
            `UPDATE posts SET status = 'publishing', claim_id = gen_random_uuid(), claimed_at = now()
             WHERE id = ANY($1::uuid[]) RETURNING id, claim_id`,
            [ids],
          );
          const rows = await Promise.all(claimed.map(({ id }) => posts.findById(id)));
          const base = Date.now() + spacing * MINUTE;
          // All at once: a worker's first deferral goes alone, the rest of its share as one batch.
          await Promise.all(
            claimed.map(({ claim_id }, k) =>
              workers[k % deferring]!.defer(rows[k]!, claim_id, new Date(base + offsetsMs[k]!), {
                reason: `Keeps the channel's ${spacing}-minute spacing.`,
              }),
            ),
          );
          const times = (await calendar(channelId))
            .map((r) => r.at.getTime())
            .sort((a, b) => a - b);
          expect(times).toHaveLength(ids.length);
          expect(times[0]).toBeGreaterThanOrEqual(base);
          for (let k = 1; k < times.length; k++)
            expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(Math.max(1, spacing * MINUTE));
          // A channel without spacing takes them all at once, a millisecond apart at most.
          if (spacing === 0) expect(times.at(-1)! - base).toBeLessThan(MINUTE);
        },
      ),
      { numRuns: 5 },
    );
  });
});
