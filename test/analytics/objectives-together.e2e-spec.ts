import fc from 'fast-check';
import { ObjectivesService } from '../../src/analytics/objectives/objectives.service.js';
import { OBJECTIVE_METRICS } from '../../src/db/schema/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  insertCampaign,
  insertChannel,
  m,
  publishedPost,
  themedQuote,
} from './reports-fixtures.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const WINDOWS = [
  ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'],
  ['2026-01-10T00:00:00Z', '2026-04-01T00:00:00Z'],
  ['2025-12-01T00:00:00Z', '2026-01-05T00:00:00Z'],
] as const;

/**
 * A campaign's objectives are measured together, in one statement for every total and one for
 * every follower gain: each objective must come out exactly as it does when it is the campaign's
 * only one, whatever the mix of metrics, scopes (channel, language, theme) and windows.
 */
describe('objectives measured together', () => {
  let t: TestApp;
  let objectives: ObjectivesService;
  let campaign: string;
  let channels: string[];

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    objectives = t.app.get(ObjectivesService);
    const author = await t.user(['author']);
    campaign = await insertCampaign(t, { startsAt: '2025-11-01T00:00:00Z' });
    channels = [
      await insertChannel(t, { timezone: 'UTC', language: 'en' }),
      await insertChannel(t, { timezone: 'Asia/Baghdad', language: 'ar' }),
    ];
    const infighting = await themedQuote(t, ['infighting']);
    const corruption = await themedQuote(t, ['corruption_unislamic']);
    // Twenty posts over December to February, on both channels, half quoting a testimony.
    for (let i = 0; i < 20; i++) {
      const quote = [infighting, corruption, null][i % 3];
      await publishedPost(t, author.id, {
        campaignId: campaign,
        channelId: channels[i % 2]!,
        publishedAt: new Date(Date.UTC(2025, 11, 3 + i * 4, 12)).toISOString(),
        ...(quote ? { quoteIds: [quote.quoteId] } : {}),
        snapshots: { 24: [m(i % 5 === 0 ? null : 300 + 40 * i, 3 + i, i % 4, i % 3, 1, i % 2)] },
      });
    }
    for (const [i, channel] of channels.entries())
      await t.query(
        `INSERT INTO channel_follower_snapshots (channel_id, day, followers)
         SELECT $1, d::date, 1000 * ($2 + 1) + 7 * n
         FROM generate_series('2025-12-01'::date, '2026-02-28'::date, interval '9 days')
           WITH ORDINALITY AS s(d, n)`,
        [channel, i],
      );
  }, 120_000);
  afterAll(() => t.close());

  const objective = fc.record({
    metric: fc.constantFrom(...OBJECTIVE_METRICS),
    target: fc.integer({ min: 1, max: 20_000 }),
    window: fc.constantFrom(...WINDOWS),
    channel: fc.constantFrom(null, 0, 1),
    language: fc.constantFrom(null, 'en', 'ar'),
    theme: fc.constantFrom(null, 'infighting', 'corruption_unislamic'),
    minSample: fc.integer({ min: 1, max: 8 }),
  });

  it('gives each objective the state and figures it has alone', async () => {
    let evaluated = 0;
    let measured = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(objective, { minLength: 2, maxLength: 7 }), async (specs) => {
        await t.query('DELETE FROM objectives WHERE campaign_id = $1', [campaign]);
        for (const o of specs) {
          // Follower gains are counted per channel: no language or theme applies to them.
          const followers = o.metric === 'followers_gained';
          await t.query(
            `INSERT INTO objectives (campaign_id, metric, target, window_from, window_to,
               channel_id, language, theme_key, min_sample)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              campaign,
              o.metric,
              o.target,
              o.window[0],
              o.window[1],
              o.channel === null ? null : channels[o.channel],
              followers ? null : o.language,
              followers ? null : o.theme,
              o.minSample,
            ],
          );
        }
        const together = await objectives.overview(campaign, { now: NOW });
        expect(together.objectives).toHaveLength(specs.length);
        for (const one of together.objectives) {
          evaluated++;
          if (one.evaluation.actual !== null) measured++;
          await t.query(
            'UPDATE objectives SET removed_at = now() WHERE campaign_id = $1 AND id <> $2',
            [campaign, one.id],
          );
          const alone = await objectives.overview(campaign, { now: NOW });
          await t.query('UPDATE objectives SET removed_at = NULL WHERE campaign_id = $1', [
            campaign,
          ]);
          expect(alone.objectives.map((o) => [o.id, o.evaluation])).toEqual([
            [one.id, one.evaluation],
          ]);
        }
      }),
      { numRuns: 25 },
    );
    // Objectives with nothing to measure would agree vacuously: most must have measured figures.
    expect(measured / evaluated).toBeGreaterThan(0.5);
  }, 120_000);
});
