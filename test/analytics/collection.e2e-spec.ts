import { jest } from '@jest/globals';
import { CollectionRepository } from '../../src/analytics/collection/collection.repository.js';
import { MetricsCollector } from '../../src/analytics/collection/metrics-collector.js';
import type { ChannelRow } from '../../src/channels/channels.repository.js';
import { XAdapter } from '../../src/platforms/x/x-adapter.js';
import { fakeXFollowers, fakeXMetrics } from '../fake-x/metrics.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import { X_RATE_LIMITS } from '../fake-x/rate-limits.js';
import type { FakeAccount } from '../fake-x/store.js';
import { newAccount, targetOf, xChannel, xEnv } from '../platforms/x-test-support.js';
import {
  createCampaign,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { publishedPost, readingKeys } from './collection-support.js';

const HOUR = 3_600_000;

describe('analytics: metrics collection from X', () => {
  let t: TestApp;
  let fake: FakeX;
  let team: PublishingTeam;
  let campaignId: string;
  let authorId: string;
  /** The fake's clock runs this far behind real time while posts are created... */
  let clockOffset = 0;
  /** ...and stands still while a test compares its numbers with the formula. */
  let frozenAt: number | undefined;

  beforeAll(async () => {
    fake = await startFakeX({
      now: () => frozenAt ?? Date.now() + clockOffset,
      // Tests create many posts quickly; X's create limit is not what is under test here.
      rateLimits: { 'POST /2/tweets': { ...X_RATE_LIMITS['POST /2/tweets']!, limit: 10_000 } },
    });
    t = await startTestApp(xEnv(fake));
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
    authorId = (await t.user(['author'])).id;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  afterEach(() => {
    fake.clearFaults();
    jest.restoreAllMocks();
  });

  const collector = () => t.app.get(MetricsCollector);

  /** Posts created on the fake X `ageMs` ago (by the fake's clock), each a thread of `segments`. */
  async function postsOnX(
    channel: ChannelRow,
    count: number,
    ageMs: number,
    segments = 1,
    campaign = campaignId,
  ): Promise<Array<{ id: string; externalIds: string[]; publishedAt: Date }>> {
    const x = t.app.get(XAdapter);
    const target = targetOf(t, channel);
    clockOffset = -ageMs;
    const publishedAt = new Date(Date.now() + clockOffset);
    const out = [];
    try {
      for (let i = 0; i < count; i++) {
        const externalIds: string[] = [];
        for (let s = 0; s < segments; s++) {
          const created = await x.createPost(target, `Post ${i} part ${s} ${Math.random()}`, {
            ...(externalIds.length ? { inReplyTo: externalIds.at(-1) } : {}),
          });
          externalIds.push(created.externalId);
        }
        out.push({ externalIds, publishedAt });
      }
    } finally {
      clockOffset = 0;
    }
    return Promise.all(
      out.map(async (p) => ({
        ...p,
        id: await publishedPost(
          t,
          { campaignId: campaign, channelId: channel.id, authorId },
          p.externalIds,
          p.publishedAt,
        ),
      })),
    );
  }

  async function xAccountChannel(): Promise<{ account: FakeAccount; channel: ChannelRow }> {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    return { account, channel };
  }

  const lookups = (account: FakeAccount) =>
    fake.requestsTo('GET /2/tweets').filter((r) => r.accountId === account.id);

  it('reads every segment at each due checkpoint with the numbers X serves, summed per thread', async () => {
    const { account, channel } = await xAccountChannel();
    const [thread, single] = [
      ...(await postsOnX(channel, 1, 25 * HOUR, 3)),
      ...(await postsOnX(channel, 1, 25 * HOUR, 1)),
    ];
    const now = new Date();
    frozenAt = now.getTime();
    const run = await collector()
      .collect(now)
      .finally(() => (frozenAt = undefined));

    // +1 h, +6 h and +24 h are due; four segments each, all in one lookup of four ids.
    expect(run.stored).toBe(12);
    expect(lookups(account)).toHaveLength(1);
    expect(lookups(account)[0]?.query['tweet.fields']).toBe('public_metrics,non_public_metrics');

    const analyst = await t.as(['analyst']);
    const curve = (await analyst.get(`/api/analytics/posts/${thread!.id}/snapshots`).expect(200))
      .body;
    expect(curve.segmentCount).toBe(3);
    expect(curve.checkpoints.map((c: { checkpointHours: number }) => c.checkpointHours)).toEqual([
      1, 6, 24, 72, 168, 720,
    ]);
    const [h1, h6, h24, h72] = curve.checkpoints;
    expect([h1.state, h6.state, h24.state, h72.state]).toEqual([
      'taken',
      'taken',
      'taken',
      'upcoming',
    ]);
    // Read 24 h and 19 h after they were due: late; +24 h an hour after: on time.
    expect([h1.late, h6.late, h24.late]).toEqual([true, true, false]);
    expect(h24.synthetic).toBe(false);
    expect(h24.complete).toBe(true);

    // The fake's numbers at the moment of reading.
    expect(h24.takenAt).toBe(now.toISOString());
    const readAgeMs = (id: string) =>
      now.getTime() - fake.tweets.find((tw) => tw.id === id)!.createdAt.getTime();
    const expected = thread!.externalIds.map((id) => fakeXMetrics(id, readAgeMs(id)));
    expect(h24.segments).toEqual(
      expected.map((m, segment) => ({
        segment,
        externalId: thread!.externalIds[segment],
        takenAt: h24.takenAt,
        impressions: m.impression_count,
        likes: m.like_count,
        reposts: m.retweet_count,
        replies: m.reply_count,
        quotes: m.quote_count,
        bookmarks: m.bookmark_count,
      })),
    );
    const sum = (pick: (m: (typeof expected)[number]) => number) =>
      expected.reduce((n, m) => n + pick(m), 0);
    expect(h24.total).toEqual({
      impressions: sum((m) => m.impression_count),
      likes: sum((m) => m.like_count),
      reposts: sum((m) => m.retweet_count),
      replies: sum((m) => m.reply_count),
      quotes: sum((m) => m.quote_count),
      bookmarks: sum((m) => m.bookmark_count),
    });
    const singleCurve = (await analyst.get(`/api/analytics/posts/${single!.id}/snapshots`)).body;
    expect(singleCurve.checkpoints[0].segments).toHaveLength(1);

    // Idempotent: nothing is due any more, so nothing is asked or stored.
    const again = await collector().collect(new Date());
    expect(again).toEqual({ stored: 0, requests: 0, skippedChannels: [] });
    expect(lookups(account)).toHaveLength(1);
  });

  it('follows the campaign’s own checkpoints', async () => {
    const custom = await createCampaign(team);
    await team.admin.patch(`/api/campaigns/${custom}`, { metricCheckpoints: [3, 2] }).expect(200);
    const campaign = (await team.admin.get(`/api/campaigns/${custom}`).expect(200)).body;
    expect(campaign.metricCheckpoints).toEqual([2, 3]);
    await team.admin
      .patch(`/api/campaigns/${custom}`, { metricCheckpoints: [0] })
      .expect(400)
      .expect((res) => expect(JSON.stringify(res.body)).toContain('metricCheckpoints'));

    const { channel } = await xAccountChannel();
    const [post] = await postsOnX(channel, 1, 2.5 * HOUR, 1, custom);
    await collector().collect(new Date());
    expect(await readingKeys(t, [post!.id])).toEqual([
      { post_id: post!.id, checkpoint_hours: 2, segment: 0, n: 1 },
    ]);
  });

  it('stops a channel at a 429, holds it until the reset and takes the rest later', async () => {
    const { channel } = await xAccountChannel();
    const posts = await postsOnX(channel, 150, 2 * HOUR);
    // The refused request is answered before X looks at the token, so count every lookup.
    const start = fake.requestsTo('GET /2/tweets').length;
    const requests = () => fake.requestsTo('GET /2/tweets').length - start;
    fake.inject({ endpoint: 'GET /2/tweets', kind: '429', afterMatch: 1, resetInSec: 600 });

    const now = new Date();
    const first = await collector().collect(now);
    // The first batch of 100 ids was stored; the second was refused and not repeated.
    expect(first.stored).toBe(100);
    expect(first.skippedChannels).toContain(channel.id);
    expect(requests()).toBe(2);

    const meanwhile = await collector().collect(new Date(now.getTime() + 5 * 60_000));
    expect(meanwhile.skippedChannels).toContain(channel.id);
    expect(requests()).toBe(2);

    const after = await collector().collect(new Date(now.getTime() + 11 * 60_000));
    expect(after.stored).toBe(50);
    expect(requests()).toBe(3);
    const keys = await readingKeys(
      t,
      posts.map((p) => p.id),
    );
    expect(keys).toHaveLength(150);
    expect(keys.every((k) => k.n === 1 && k.checkpoint_hours === 1)).toBe(true);
  });

  it('resumes after a crash between batches without counting any reading twice', async () => {
    const { account, channel } = await xAccountChannel();
    const posts = await postsOnX(channel, 120, 7 * HOUR);
    const repository = t.app.get(CollectionRepository);
    const insert = repository.insertSnapshots.bind(repository);
    let calls = 0;
    jest.spyOn(repository, 'insertSnapshots').mockImplementation(async (rows) => {
      if (++calls === 2) throw new Error('worker killed');
      return insert(rows);
    });
    await expect(collector().collect(new Date())).rejects.toThrow('worker killed');
    jest.restoreAllMocks();
    const stored = await readingKeys(
      t,
      posts.map((p) => p.id),
    );
    // One batch (100 ids, +1 h and +6 h each) made it before the crash.
    expect(stored).toHaveLength(200);
    const before = await t.query(
      `SELECT id, likes FROM metric_snapshots WHERE post_id = ANY($1) ORDER BY id`,
      [posts.map((p) => p.id)],
    );

    const resumed = await collector().collect(new Date());
    expect(resumed.stored).toBe(40);
    const keys = await readingKeys(
      t,
      posts.map((p) => p.id),
    );
    expect(keys).toHaveLength(240);
    expect(keys.every((k) => k.n === 1)).toBe(true);
    // What was stored before the crash stays exactly as it was.
    const kept = await t.query(
      `SELECT id, likes FROM metric_snapshots WHERE id = ANY($1) ORDER BY id`,
      [before.map((r) => r.id)],
    );
    expect(kept).toEqual(before);
    expect(lookups(account)).toHaveLength(3);
  });

  it('reads each channel’s follower count once a day', async () => {
    const { account, channel } = await xAccountChannel();
    const now = new Date();
    await collector().collectFollowers(now);
    const day = now.toISOString().slice(0, 10);
    const rows = await t.query(
      `SELECT day::text, followers, synthetic FROM channel_follower_snapshots WHERE channel_id = $1`,
      [channel.id],
    );
    const readAt = fake
      .requestsTo('GET /2/users/me')
      .filter((r) => r.accountId === account.id)
      .at(-1)!.at;
    expect(rows).toEqual([
      { day, followers: fakeXFollowers(account.id, readAt.getTime()), synthetic: false },
    ]);
    expect(await collector().collectFollowers(now)).toBe(0);
    await collector().collectFollowers(new Date(now.getTime() + 24 * HOUR));
    const days = await t.query(
      `SELECT day::text FROM channel_follower_snapshots WHERE channel_id = $1 ORDER BY day`,
      [channel.id],
    );
    expect(days).toHaveLength(2);
  });

  it('answers 404 for a post that does not exist', async () => {
    const analyst = await t.as(['analyst']);
    await analyst
      .get('/api/analytics/posts/00000000-0000-4000-8000-000000000000/snapshots')
      .expect(404);
  });
});
