import fc from 'fast-check';
import { figuresOf } from '../../src/analytics/reports/report-figures.js';
import {
  GROUP_BY,
  type Checkpoint,
  MULTI_VALUED,
  type ReportFilter,
  TOP_POSTS_BY,
} from '../../src/analytics/reports/report-model.js';
import {
  type KeyedFigureRow,
  ReportsRepository,
} from '../../src/analytics/reports/reports.repository.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  insertCampaign,
  insertChannel,
  publishedPost,
  type SegmentMetrics,
  themedQuote,
} from './reports-fixtures.js';

const segment = fc.record({
  impressions: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null, freq: 4 }),
  likes: fc.integer({ min: 0, max: 300 }),
  reposts: fc.integer({ min: 0, max: 50 }),
  replies: fc.integer({ min: 0, max: 50 }),
  quotes: fc.integer({ min: 0, max: 20 }),
  bookmarks: fc.integer({ min: 0, max: 20 }),
}) as fc.Arbitrary<SegmentMetrics>;

const post = fc.record({
  channel: fc.nat({ max: 2 }),
  // Around both 2026 DST changes in Europe and anywhere in the year.
  publishedAt: fc.integer({
    min: Date.parse('2026-03-28T00:00:00Z'),
    max: Date.parse('2026-10-27T00:00:00Z'),
  }),
  quotes: fc.subarray([0, 1, 2]),
  segments: fc.integer({ min: 1, max: 3 }),
  checkpoints: fc.subarray([1, 24, 168], { minLength: 1 }),
  metrics: fc.array(segment, { minLength: 3, maxLength: 3 }),
  synthetic: fc.boolean(),
});

/**
 * The report queries over the trigger-kept rollup equal the straightforward derivation from
 * the raw tables (totals, every grouping with its folded total, series, rankings), and
 * single-valued groupings add up to the ungrouped totals.
 */
describe('analytics report properties', () => {
  let t: TestApp;
  let reports: ReportsRepository;
  let authorId: string;
  const channels: string[] = [];
  const quotes: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    reports = t.app.get(ReportsRepository);
    authorId = (await t.user(['author'])).id;
    channels.push(
      await insertChannel(t, { timezone: 'Europe/London', language: 'en' }),
      await insertChannel(t, { timezone: 'America/New_York', language: 'ar' }),
      await insertChannel(t, { timezone: 'Asia/Kolkata', language: 'fr' }),
    );
    for (const themes of [
      ['infighting'],
      ['quality_of_life', 'dull_duties'],
      ['infighting', 'corruption_unislamic'],
    ]) {
      quotes.push((await themedQuote(t, themes)).quoteId);
    }
  }, 120_000);
  afterAll(() => t.close());

  const byKey = (rows: KeyedFigureRow[]) =>
    [...rows]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((r) => ({ key: r.key, ...figuresOf(r) }));

  it('computes the same figures from the rollup as from the raw tables, and groups add up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(post, { minLength: 1, maxLength: 8 }), async (seeds) => {
        const campaignId = await insertCampaign(t);
        for (const s of seeds) {
          await publishedPost(t, authorId, {
            campaignId,
            channelId: channels[s.channel]!,
            publishedAt: new Date(s.publishedAt).toISOString(),
            quoteIds: s.quotes.map((q) => quotes[q]!),
            synthetic: s.synthetic,
            snapshots: Object.fromEntries(
              s.checkpoints.map((h, i) => [
                h,
                // Later checkpoints grow, as real metrics do.
                s.metrics.slice(0, s.segments).map((x) => ({
                  ...x,
                  impressions: x.impressions === null ? null : x.impressions * (i + 1),
                  likes: x.likes * (i + 1),
                })),
              ]),
            ),
          });
        }
        for (const at of [{ hours: 24 }, 'latest'] as Checkpoint[]) {
          const filter: ReportFilter = { campaignId, at };
          const total = await reports.totals(filter);
          expect(figuresOf(total)).toEqual(figuresOf(await reports.totals(filter, 'raw')));
          for (const groupBy of GROUP_BY) {
            const { total: groupedTotal, groups: grouped } = await reports.grouped(filter, groupBy);
            const raw = await reports.grouped(filter, groupBy, 'raw');
            expect(byKey(grouped)).toEqual(byKey(raw.groups));
            // The total folded into the grouped statement is the stand-alone total.
            expect(figuresOf(groupedTotal)).toEqual(figuresOf(total));
            expect(figuresOf(raw.total)).toEqual(figuresOf(total));
            if (MULTI_VALUED.includes(groupBy)) continue;
            const sum = (pick: (f: ReturnType<typeof figuresOf>) => number | null) =>
              grouped.reduce((acc, row) => acc + (pick(figuresOf(row)) ?? 0), 0);
            const whole = figuresOf(total);
            expect(sum((f) => f.posts)).toBe(whole.posts);
            expect(sum((f) => f.impressionsKnownPosts)).toBe(whole.impressionsKnownPosts);
            expect(sum((f) => f.engagements.value)).toBe(whole.engagements.value ?? 0);
            expect(sum((f) => f.impressions.value)).toBe(whole.impressions.value ?? 0);
          }
          expect(byKey(await reports.series(filter, 'week', 'Europe/London'))).toEqual(
            byKey(await reports.series(filter, 'week', 'Europe/London', 'raw')),
          );
          expect(await reports.posts(filter, {})).toEqual(await reports.posts(filter, {}, 'raw'));
          for (const by of TOP_POSTS_BY) {
            for (const order of ['top', 'bottom'] as const) {
              const ranking = { by, order, limit: 3 };
              expect(await reports.posts(filter, ranking)).toEqual(
                await reports.posts(filter, ranking, 'raw'),
              );
            }
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});
