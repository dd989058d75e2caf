import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import {
  insertCampaign,
  insertChannel,
  m,
  publishedPost,
  themedQuote,
} from './reports-fixtures.js';

/**
 * A hand-computed world. Campaign C1 on a London channel, four posts (at 24 h):
 *   P1 single  2026-03-29T00:30Z (GMT, local 00:xx Sunday)  impr 1000, eng 10+2+3+1+4 = 20  [Q1]
 *   P2 thread  2026-03-29T01:30Z (BST from 01:00Z, local 02:xx) segments 500/5, 300/3+1 reply,
 *              200/1 → impr 1000, eng 10                                                [Q1, Q2]
 *   P3 single  2026-10-25T00:30Z (still BST, local 01:xx)   impr unknown, eng 7              [Q2]
 *   P4 single  2026-10-25T01:30Z (GMT again, local 01:xx)   impr 2000, eng 30+10 = 40        [Q3]
 * Q1 infighting; Q2 brutality_against_sunnis; Q3 infighting + quality_of_life.
 * P1 also has a 168 h snapshot (impr 1500, 15 likes). Campaign C2 on a Baghdad channel (Arabic):
 *   P5 synthetic 2026-03-29T22:00Z (local Monday 01:00) impr 100, eng 1.
 */
describe('analytics reports', () => {
  let t: TestApp;
  let analyst: SignedInClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.as(['analyst']);
    const author = await t.user(['author']);
    ids.c1 = await insertCampaign(t, { name: 'Spring voices' });
    ids.c2 = await insertCampaign(t, { name: 'Arabic voices' });
    ids.london = await insertChannel(t, {
      timezone: 'Europe/London',
      language: 'en',
      handle: 'cv_london',
    });
    ids.baghdad = await insertChannel(t, {
      timezone: 'Asia/Baghdad',
      language: 'ar',
      handle: 'cv_baghdad',
    });
    const q1 = await themedQuote(t, ['infighting']);
    const q2 = await themedQuote(t, ['brutality_against_sunnis']);
    const q3 = await themedQuote(t, ['infighting', 'quality_of_life']);
    Object.assign(ids, { q1: q1.quoteId, q2: q2.quoteId, q3: q3.quoteId, d1: q1.defectorId });
    const post = (seed: Parameters<typeof publishedPost>[2]) => publishedPost(t, author.id, seed);
    const c1 = { campaignId: ids.c1, channelId: ids.london };
    ids.p1 = await post({
      ...c1,
      publishedAt: '2026-03-29T00:30:00Z',
      quoteIds: [ids.q1],
      snapshots: { 24: [m(1000, 10, 2, 3, 1, 4)], 168: [m(1500, 15)] },
    });
    ids.p2 = await post({
      ...c1,
      publishedAt: '2026-03-29T01:30:00Z',
      quoteIds: [ids.q1, ids.q2],
      snapshots: { 24: [m(500, 5), m(300, 3, 0, 1), m(200, 1)] },
    });
    ids.p3 = await post({
      ...c1,
      publishedAt: '2026-10-25T00:30:00Z',
      quoteIds: [ids.q2],
      snapshots: { 24: [m(null, 7)] },
    });
    ids.p4 = await post({
      ...c1,
      publishedAt: '2026-10-25T01:30:00Z',
      quoteIds: [ids.q3],
      snapshots: { 24: [m(2000, 30, 10)] },
    });
    ids.p5 = await post({
      campaignId: ids.c2,
      channelId: ids.baghdad,
      publishedAt: '2026-03-29T22:00:00Z',
      quoteIds: [ids.q3],
      snapshots: { 24: [m(100, 1)] },
      synthetic: true,
    });
  }, 120_000);
  afterAll(() => t.close());

  const report = async (query: string) =>
    (await analyst.get(`/api/analytics/report?${query}`).expect(200)).body;

  it('sums threads over segments and computes totals, medians and the rate with their sample sizes', async () => {
    const body = await report(`groupBy=format&campaignId=${ids.c1}`);
    expect(body).toMatchObject({ at: '24h', synthetic: false });
    expect(body.total).toEqual({
      posts: 4,
      impressionsKnownPosts: 3,
      impressions: { value: 4000, n: 3 },
      engagements: { value: 77, n: 4 },
      likes: { value: 10 + 9 + 7 + 30, n: 4 },
      reposts: { value: 12, n: 4 },
      replies: { value: 4, n: 4 },
      quotes: { value: 1, n: 4 },
      bookmarks: { value: 4, n: 4 },
      medianImpressions: { value: 1000, n: 3 },
      medianEngagements: { value: 15, n: 4 },
      // (20 + 10 + 40) / 4000 impressions: the unknown-impression post's 7 are left out.
      engagementRate: { value: 17.5, n: 3 },
    });
    const thread = body.groups.find((g: { key: string }) => g.key === 'thread');
    expect(thread).toMatchObject({
      label: 'Thread',
      figures: { posts: 1, impressions: { value: 1000, n: 1 }, engagements: { value: 10, n: 1 } },
    });
  });

  it('counts hours and weekdays in the channel’s time zone across both DST changes', async () => {
    const byHour = await report(`groupBy=hour&campaignId=${ids.c1}&minSample=1`);
    expect(
      byHour.groups.map((g: { key: string; figures: { posts: number } }) => [
        g.key,
        g.figures.posts,
      ]),
    ).toEqual([
      ['0', 1],
      ['1', 2],
      ['2', 1],
    ]);
    expect(byHour.groups[0].label).toBe('00:00');
    const byWeekday = await report('groupBy=weekday&minSample=1');
    expect(
      byWeekday.groups.map((g: { label: string; figures: { posts: number } }) => [
        g.label,
        g.figures.posts,
      ]),
    ).toEqual([
      ['Monday', 1],
      ['Sunday', 4],
    ]);
  });

  it('groups a post under each of its themes and ranks only groups with the minimum sample', async () => {
    const strict = await report(`groupBy=theme&campaignId=${ids.c1}&minSample=2`);
    const summary = (body: {
      groups: {
        key: string;
        rank: number | null;
        insufficient: boolean;
        figures: { posts: number; engagementRate: { value: number | null; n: number } };
      }[];
    }) =>
      body.groups.map((g) => ({
        key: g.key,
        posts: g.figures.posts,
        rate: g.figures.engagementRate,
        rank: g.rank,
        insufficient: g.insufficient,
      }));
    expect(summary(strict)).toEqual([
      { key: 'infighting', posts: 3, rate: { value: 17.5, n: 3 }, rank: 1, insufficient: false },
      {
        key: 'brutality_against_sunnis',
        posts: 2,
        rate: { value: 10, n: 1 },
        rank: null,
        insufficient: true,
      },
      {
        key: 'quality_of_life',
        posts: 1,
        rate: { value: 20, n: 1 },
        rank: null,
        insufficient: true,
      },
    ]);
    const loose = await report(`groupBy=theme&campaignId=${ids.c1}&minSample=1`);
    expect(summary(loose).map((g) => [g.key, g.rank])).toEqual([
      ['quality_of_life', 1],
      ['infighting', 2],
      ['brutality_against_sunnis', 3],
    ]);
  });

  it('labels channels, campaigns, quotes and defectors by names readers may see', async () => {
    const byChannel = await report('groupBy=channel&minSample=1');
    expect(byChannel.groups.map((g: { label: string }) => g.label).sort()).toEqual([
      'cv_baghdad',
      'cv_london',
    ]);
    const byCampaign = await report('groupBy=campaign&minSample=1');
    expect(byCampaign.groups.map((g: { label: string }) => g.label).sort()).toEqual([
      'Arabic voices',
      'Spring voices',
    ]);
    const byDefector = await report(`groupBy=defector&campaignId=${ids.c1}`);
    const d1 = byDefector.groups.find((g: { key: string }) => g.key === ids.d1);
    expect(d1.label).toMatch(/^Sample /);
    expect(d1.figures.posts).toBe(2);
    const byQuote = await report(`groupBy=quote&campaignId=${ids.c1}`);
    expect(byQuote.groups.find((g: { key: string }) => g.key === ids.q1).label).toBe(
      `Quote ${ids.q1!.slice(0, 8)} · ${d1.label}`,
    );
  });

  it('filters by language, theme and period, and labels synthetic figures', async () => {
    const arabic = await report('groupBy=language&language=ar');
    expect(arabic).toMatchObject({ synthetic: true, total: { posts: 1 } });
    const all = await report('groupBy=language&minSample=1');
    expect(all.synthetic).toBe(true);
    const quality = await report('groupBy=campaign&theme=quality_of_life&minSample=1');
    expect(quality.total.posts).toBe(2);
    const march = await report(
      `groupBy=campaign&campaignId=${ids.c1}&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z`,
    );
    expect(march.total).toMatchObject({ posts: 2, engagements: { value: 30, n: 2 } });
  });

  it('compares posts at the checkpoint asked for: latest takes each post’s newest snapshot', async () => {
    const latest = await report(`groupBy=format&campaignId=${ids.c1}&at=latest`);
    expect(latest.at).toBe('latest');
    expect(latest.total.impressions).toEqual({ value: 4500, n: 3 });
    expect(latest.total.engagements).toEqual({ value: 72, n: 4 });
    const week = await report(`groupBy=format&campaignId=${ids.c1}&at=168h`);
    expect(week.total).toMatchObject({ posts: 1, engagements: { value: 15, n: 1 } });
  });

  it('draws days and weeks in the asked time zone with the decision markers of the range', async () => {
    const editor = await t.as(['editor']);
    await editor
      .post(`/api/analytics/campaigns/${ids.c1}/decisions`, {
        at: '2026-06-01T09:00:00Z',
        what: 'Moved posting to evenings',
        why: 'Morning posts reached fewer people',
      })
      .expect(201);
    await editor
      .post(`/api/analytics/campaigns/${ids.c2}/decisions`, {
        at: '2026-06-02T09:00:00Z',
        what: 'Other',
        why: 'Other',
      })
      .expect(201);
    const days = (
      await analyst
        .get(`/api/analytics/timeseries?campaignId=${ids.c1}&interval=day&timezone=Europe/London`)
        .expect(200)
    ).body;
    expect(
      days.points.map((p: { start: string; figures: { posts: number } }) => [
        p.start,
        p.figures.posts,
      ]),
    ).toEqual([
      ['2026-03-29', 2],
      ['2026-10-25', 2],
    ]);
    expect(days.decisions).toEqual([
      expect.objectContaining({
        what: 'Moved posting to evenings',
        at: '2026-06-01T09:00:00.000Z',
      }),
    ]);
    const weeks = (
      await analyst.get(`/api/analytics/timeseries?campaignId=${ids.c1}&interval=week`).expect(200)
    ).body;
    expect(weeks.points.map((p: { start: string }) => p.start)).toEqual([
      '2026-03-23',
      '2026-10-19',
    ]);
    const outside = (
      await analyst
        .get(`/api/analytics/timeseries?campaignId=${ids.c1}&from=2026-07-01T00:00:00Z`)
        .expect(200)
    ).body;
    expect(outside.decisions).toEqual([]);
  });

  it('compares two periods, in total and by group', async () => {
    const body = (
      await analyst
        .get(
          `/api/analytics/compare?campaignId=${ids.c1}&aFrom=2026-03-01T00:00:00Z&aTo=2026-04-01T00:00:00Z` +
            `&bFrom=2026-10-01T00:00:00Z&bTo=2026-11-01T00:00:00Z&groupBy=theme&minSample=1`,
        )
        .expect(200)
    ).body;
    expect(body.a.figures).toMatchObject({ posts: 2, engagements: { value: 30, n: 2 } });
    expect(body.b.figures).toMatchObject({ posts: 2, engagements: { value: 47, n: 2 } });
    const infighting = body.groups.find((g: { key: string }) => g.key === 'infighting');
    expect(infighting.a.posts).toBe(2);
    expect(infighting.b.posts).toBe(1);
    await analyst
      .get(
        '/api/analytics/compare?aFrom=2026-04-01T00:00:00Z&aTo=2026-03-01T00:00:00Z&bFrom=2026-10-01T00:00:00Z&bTo=2026-11-01T00:00:00Z',
      )
      .expect(400)
      .expect((res) =>
        expect(res.body.errors[0]).toMatchObject({ field: 'aTo', rule: 'isAfterFrom' }),
      );
  });

  it('lists top and bottom posts with their ids, by engagements or by rate', async () => {
    const top = (
      await analyst.get(`/api/analytics/top-posts?campaignId=${ids.c1}&limit=2`).expect(200)
    ).body;
    expect(top.items.map((i: { postId: string }) => i.postId)).toEqual([ids.p4, ids.p1]);
    expect(top.items[0]).toMatchObject({
      channelHandle: 'cv_london',
      campaignName: 'Spring voices',
      thread: false,
      themes: ['infighting', 'quality_of_life'],
      figures: { impressions: 2000, engagements: 40, engagementRate: 20 },
    });
    const bottom = (
      await analyst
        .get(`/api/analytics/top-posts?campaignId=${ids.c1}&order=bottom&limit=1`)
        .expect(200)
    ).body;
    expect(bottom.items.map((i: { postId: string }) => i.postId)).toEqual([ids.p3]);
    const byRate = (
      await analyst
        .get(`/api/analytics/top-posts?campaignId=${ids.c1}&by=engagement_rate`)
        .expect(200)
    ).body;
    // P3's impressions are unknown, so it has no rate to be ranked by.
    expect(byRate.items.map((i: { postId: string }) => i.postId)).toEqual([ids.p4, ids.p1, ids.p2]);
  });

  it('answers bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['groupBy=colour', 'groupBy'],
      ['groupBy=theme&at=soon', 'at'],
      ['groupBy=theme&minSample=0', 'minSample'],
      ['groupBy=theme&from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z', 'to'],
      ['groupBy=theme&campaignId=nope', 'campaignId'],
    ]) {
      const res = await analyst.get(`/api/analytics/report?${query}`).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
