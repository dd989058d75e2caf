/**
 * Report queries over a year of results: a scratch database (created and dropped here) with
 * 100,000 published posts over 12 months, 20 channels, 4 languages and the 5 themes, one post in
 * ten a two-post thread, and 6 checkpoint snapshots per post segment — generated with set-based
 * SQL, so the snapshot insert also exercises the rollup trigger at full size.
 *
 * Each report runs as the app runs it (services over the `post_metrics` rollup) and, beside it,
 * as the straightforward query that derives the same rows from the raw tables on every call
 * (`source: 'raw'`). Then the Analytics screen's first set of requests, as it opens (on a
 * campaign) and with "All campaigns" chosen, one request after another and all at once. Prints
 * median / p95 of each and a final JSON line.
 *
 *   npx tsx bench/analytics-reports.ts          (npm run bench:analytics runs it with collection)
 *   BENCH_RUNS=50 npx tsx bench/analytics-reports.ts
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { DecisionsRepository } from '../src/analytics/decisions/decisions.repository.js';
import { ObjectivesRepository } from '../src/analytics/objectives/objectives.repository.js';
import { ObjectivesService } from '../src/analytics/objectives/objectives.service.js';
import type { ReportFilter } from '../src/analytics/reports/report-model.js';
import { ReportsRepository } from '../src/analytics/reports/reports.repository.js';
import { ReportsService } from '../src/analytics/reports/reports.service.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { CampaignsRepository } from '../src/campaigns/campaigns.repository.js';
import * as schema from '../src/db/schema/index.js';
import { distribution, ms, print, table } from './support/figures.js';
import { seedMetricSnapshots } from './support/metric-seed.js';
import { createScratchDatabase } from './support/scratch.js';

const POSTS = 100_000;
const CHANNELS = 20;
const CAMPAIGNS = 4;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 3);
const WARMUP = 3;
const P95_BUDGET_MS = 150;
const SCREEN_BUDGET_MS = 400;

/** One set-based statement per table; the snapshot insert fires the rollup trigger once. */
async function seed(pool: pg.Pool): Promise<{ campaignId: string; seconds: number }> {
  const started = performance.now();
  const q = (sql: string) => pool.query(sql);
  await q(`INSERT INTO users (email, display_name, password_hash, roles)
           VALUES ('bench-analytics@bench.countervoice.test', 'Bench author', 'not-a-login', '{author}')`);
  await q(`INSERT INTO campaigns (name, goal, audience, language, timezone, starts_at)
           SELECT '[BENCH] campaign ' || i, 'measure', 'nobody', 'en', 'UTC', now() - interval '366 days'
           FROM generate_series(1, ${CAMPAIGNS}) i`);
  await q(`INSERT INTO channels (platform, handle, language, timezone)
           SELECT 'sandbox', 'bench_' || i, (ARRAY['en','ar','fr','de'])[1 + i % 4],
             (ARRAY['Europe/London','Asia/Baghdad','Europe/Paris','America/New_York','Asia/Kolkata'])[1 + i % 5]
           FROM generate_series(1, ${CHANNELS}) i`);
  await q(`INSERT INTO sources (outlet, title, url, language)
           VALUES ('[SAMPLE] Bench outlet', 'Bench source', 'https://example.org/bench/analytics', 'en')`);
  await q(`INSERT INTO defectors (display_name, consent_status)
           SELECT '[SAMPLE] Voice ' || i, 'public_record' FROM generate_series(1, 12) i`);
  await q(`INSERT INTO quotes (text, language, search_config, translation_search_config, source_id,
             defector_id, verification, identity_risk, vetting_status)
           SELECT '[SAMPLE] bench quote ' || i, 'en', 'english', 'simple', (SELECT id FROM sources),
             (SELECT id FROM defectors ORDER BY display_name OFFSET i % 12 LIMIT 1),
             'single_source', 'low', 'vetted'
           FROM generate_series(1, 60) i`);
  // Each quote has one narrative, a third of them a second one.
  await q(`WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM quotes),
                t AS (SELECT key, row_number() OVER (ORDER BY key) - 1 AS k FROM themes)
           INSERT INTO quote_themes (quote_id, theme_key)
           SELECT numbered.id, t.key FROM numbered JOIN t
             ON t.k = numbered.n % 5 OR (numbered.n % 3 = 0 AND t.k = (numbered.n + 2) % 5)`);
  await q(`CREATE TEMP TABLE bench_ids AS
           SELECT array_agg(id ORDER BY created_at, id) AS campaigns,
             (SELECT array_agg(id ORDER BY handle) FROM channels) AS channels,
             (SELECT array_agg(id ORDER BY id) FROM quotes) AS quotes,
             (SELECT id FROM users LIMIT 1) AS author
           FROM campaigns`);
  await q(`INSERT INTO posts (id, campaign_id, channel_id, status, current_revision, approved_revision,
             approved_hash, author_id, last_revised_by, published_at, external_ids, created_at)
           SELECT gen_random_uuid(), b.campaigns[1 + i % ${CAMPAIGNS}], b.channels[1 + (i * 7) % ${CHANNELS}],
             'published', 1, 1, 'h', b.author, b.author,
             now() - (i::float8 / ${POSTS}) * interval '365 days' - (i % 97) * interval '13 minutes',
             CASE WHEN i % 10 = 0 THEN ARRAY['b' || i || '-0', 'b' || i || '-1'] ELSE ARRAY['b' || i || '-0'] END,
             now()
           FROM generate_series(1, ${POSTS}) i, bench_ids b`);
  await q(`INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id)
           SELECT p.id, 1, CASE WHEN cardinality(p.external_ids) = 2 THEN ARRAY['a','b'] ELSE ARRAY['a'] END,
             CASE WHEN n % 4 = 0 THEN ARRAY[b.quotes[1 + n % 60], b.quotes[1 + (n * 7) % 60]]
                  ELSE ARRAY[b.quotes[1 + n % 60]] END,
             'h', p.author_id
           FROM (SELECT p.*, row_number() OVER (ORDER BY p.id) AS n FROM posts p) p, bench_ids b`);
  await seedMetricSnapshots(pool);
  await q(`INSERT INTO decision_log (campaign_id, at, what, why)
           SELECT campaigns[1], now() - i * interval '30 days', 'Adjustment ' || i, 'Bench'
           FROM bench_ids, generate_series(1, 10) i`);
  await q(`INSERT INTO objectives (campaign_id, metric, target, window_from, window_to, theme_key, min_sample)
           SELECT campaigns[1], m.metric, m.target, now() - interval '180 days', now() + interval '30 days',
             m.theme, 5
           FROM bench_ids, (VALUES ('impressions', 1e7, NULL), ('engagement_rate', 40, NULL),
             ('replies', 5e4, 'infighting'), ('engagements', 1e6, 'quality_of_life')) m(metric, target, theme)`);
  // A year of collected metrics has long been vacuumed by autovacuum (the rollup's own settings,
  // migration analytics_covering_indexes, vacuum it after 2% changed); without it the first
  // minute of the run would time the visibility map being built instead of the reports.
  await q('VACUUM ANALYZE');
  // The seed's pages (the database is about 800 MB) would otherwise be written out by the checkpointer
  // while the reports are timed, beside them on the same two cores.
  await q('CHECKPOINT');
  const { rows } = await pool.query<{ id: string }>('SELECT campaigns[1] AS id FROM bench_ids');
  return { campaignId: rows[0]!.id, seconds: (performance.now() - started) / 1000 };
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const started = performance.now();
    await run();
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

async function main() {
  const scratch = await createScratchDatabase('cv_bench_analytics');
  // The app's pool size (DB_POOL_MAX's default), so the screen's requests at once queue as there.
  const pool = new pg.Pool({ connectionString: scratch.url, max: 10 });
  try {
    const { campaignId, seconds } = await seed(pool);
    const counts = (
      await pool.query<{ posts: number; snapshots: number; rollup: number }>(
        `SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM metric_snapshots)::int AS snapshots,
           (SELECT count(*) FROM post_metrics)::int AS rollup`,
      )
    ).rows[0]!;
    // Figures from a shared machine mean little without how busy it was.
    print(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
    print(
      `seeded ${counts.posts} posts, ${counts.snapshots} snapshot rows, ${counts.rollup} rollup rows in ${seconds.toFixed(1)} s`,
    );

    const db = drizzle(pool, { schema });
    const repo = new ReportsRepository(db);
    const decisions = new DecisionsRepository(db);
    const reports = new ReportsService(repo, decisions);
    const objectives = new ObjectivesService(
      db,
      new ObjectivesRepository(db),
      new CampaignsRepository(db),
      repo,
      new AuditRepository(db),
    );
    const year: ReportFilter = { campaignId, at: { hours: 24 } };
    const now = Date.now();
    const quarter = (ago: number) => ({
      from: new Date(now - (ago + 91) * 86400_000),
      to: new Date(now - ago * 86400_000),
    });
    const grouping = { minSample: 5, rankBy: 'engagement_rate' as const };
    const objectiveFilters = (await objectives.overview(campaignId)).objectives.map<ReportFilter>(
      (o) => ({
        campaignId,
        theme: o.themeKey ?? undefined,
        from: new Date(o.windowFrom),
        to: new Date(o.windowTo),
        at: 'latest',
      }),
    );

    type Case = [string, () => Promise<unknown>, () => Promise<unknown>];
    const everyCampaign: ReportFilter = { at: { hours: 24 } };
    /** The reports the screen asks for whatever the campaign filter says, over `filter`. */
    const screenReports = (filter: ReportFilter, scope: string): Case[] => [
      ...(['theme', 'language', 'channel'] as const).map((groupBy): Case => [
        `by ${groupBy} (${scope}, 12 months)`,
        () => reports.grouped(filter, { ...grouping, groupBy }),
        () => repo.grouped(filter, groupBy, 'raw'),
      ]),
      [
        `time series by day (${scope})`,
        () => reports.timeSeries(filter, { interval: 'day', timezone: 'Europe/London' }),
        () => repo.series(filter, 'day', 'Europe/London', 'raw'),
      ],
      ...(['top', 'bottom'] as const).map((order): Case => [
        `${order} 5 posts (${scope})`,
        () => reports.topPosts(filter, { order, by: 'engagements', limit: 5 }),
        () => repo.posts(filter, { order, by: 'engagements', limit: 5 }, 'raw'),
      ]),
    ];

    /** [name, as the app runs it, the straightforward query] */
    const cases: Case[] = [
      ['totals (campaign, 12 months)', () => repo.totals(year), () => repo.totals(year, 'raw')],
      ...screenReports(year, 'campaign'),
      ...(['defector', 'format', 'hour'] as const).map((groupBy): Case => [
        `by ${groupBy} (campaign, 12 months)`,
        () => reports.grouped(year, { ...grouping, groupBy }),
        () => repo.grouped(year, groupBy, 'raw'),
      ]),
      [
        'by language (latest)',
        () => reports.grouped({ campaignId, at: 'latest' }, { ...grouping, groupBy: 'language' }),
        () => repo.grouped({ campaignId, at: 'latest' }, 'language', 'raw'),
      ],
      [
        'two quarters by theme',
        () =>
          reports.compare(year, { a: quarter(91), b: quarter(0), groupBy: 'theme', minSample: 5 }),
        async () => {
          for (const period of [quarter(91), quarter(0)]) {
            await repo.grouped({ ...year, ...period }, 'theme', 'raw');
          }
        },
      ],
      [
        // Nothing to pre-compute: the same indexed query on both sides.
        'decision log (campaign)',
        () => decisions.list({ campaignId }),
        () => decisions.list({ campaignId }),
      ],
      [
        'objectives (4, evaluated)',
        () => objectives.overview(campaignId),
        async () => {
          for (const filter of objectiveFilters) await repo.totals(filter, 'raw');
        },
      ],
      ...screenReports(everyCampaign, 'all campaigns'),
    ];
    // The Analytics screen's first requests (web/src/screens/analytics/Analytics.tsx and its
    // sections). It opens on a campaign (web/src/screens/analytics/opening-campaign.ts): its
    // objectives and decision log, then the reports. "All campaigns" is one choice away. The
    // campaign, channel and theme lists of the filter bar are shared with other screens and not
    // counted. Each set is timed twice: one request after another (the most they can take), and
    // all at once, as the browser sends them, through a pool the size of the app's.
    const firstSets: Record<string, string[]> = {
      'Analytics screen first set, as opened (campaign)': [
        'objectives (4, evaluated)',
        'decision log (campaign)',
        ...screenReports(year, 'campaign').map(([name]) => name),
      ],
      'Analytics screen first set, All campaigns chosen': screenReports(
        everyCampaign,
        'all campaigns',
      ).map(([name]) => name),
    };
    const screens = Object.entries(firstSets).flatMap(([title, names]): Case[] => {
      const unknown = names.filter((name) => !cases.some(([c]) => c === name));
      if (unknown.length > 0) throw new Error(`${title} names no case: ${unknown.join(', ')}`);
      const chosen = cases.filter(([name]) => names.includes(name));
      return [
        [
          `${title}, one after another`,
          async () => {
            for (const [, run] of chosen) await run();
          },
          async () => {
            for (const [, , raw] of chosen) await raw();
          },
        ],
        [
          `${title}, all at once`,
          () => Promise.all(chosen.map(([, run]) => run())),
          () => Promise.all(chosen.map(([, , raw]) => raw())),
        ],
      ];
    });
    const opened = screens[0]![0];
    const rows = [['report', 'median', 'p95', 'straightforward median', 'p95', 'speed-up']];
    const results: Record<string, { p50: number; p95: number; rawP50: number; rawP95: number }> =
      {};
    for (const [name, run, raw] of [...cases, ...screens]) {
      const fast = distribution(await timed(RUNS, run));
      const slow = distribution(await timed(RAW_RUNS, raw));
      results[name] = { p50: fast.p50, p95: fast.p95, rawP50: slow.p50, rawP95: slow.p95 };
      rows.push([
        name,
        ms(fast.p50),
        ms(fast.p95),
        ms(slow.p50),
        ms(slow.p95),
        `${(slow.p50 / fast.p50).toFixed(1)}×`,
      ]);
      print(`  ${name}: ${ms(fast.p50)} / p95 ${ms(fast.p95)}`);
    }
    print();
    print(table(rows));
    const worst = (names: string[]) => Math.max(...names.map((name) => results[name]!.p95));
    const allCampaigns = cases
      .map(([name]) => name)
      .filter((name) => name.includes('all campaigns'));
    const worstCampaignP95 = worst(
      cases.map(([name]) => name).filter((name) => !allCampaigns.includes(name)),
    );
    const worstAllP95 = worst(allCampaigns);
    const screenP95 = results[opened]!.p95;
    const verdict = (p95: number, budget: number) =>
      `${p95 <= budget ? 'yes' : 'NO'} (worst ${ms(p95)})`;
    print();
    print(
      `each report p95 ≤ ${P95_BUDGET_MS} ms: over one campaign ${verdict(worstCampaignP95, P95_BUDGET_MS)}, ` +
        `over all campaigns ${verdict(worstAllP95, P95_BUDGET_MS)}; ` +
        `screen's first set as opened, one after another, p95 ≤ ${SCREEN_BUDGET_MS} ms: ${verdict(screenP95, SCREEN_BUDGET_MS)}`,
    );
    print(
      JSON.stringify({
        bench: 'analytics-reports',
        posts: counts.posts,
        snapshots: counts.snapshots,
        seedSeconds: Math.round(seconds * 10) / 10,
        loadAverage: loadavg()[0],
        cores: cpus().length,
        runs: RUNS,
        rawRuns: RAW_RUNS,
        reports: Object.fromEntries(
          Object.entries(results).map(([k, v]) => [
            k,
            {
              p50: Math.round(v.p50 * 10) / 10,
              p95: Math.round(v.p95 * 10) / 10,
              straightforwardP50: Math.round(v.rawP50),
              straightforwardP95: Math.round(v.rawP95),
            },
          ]),
        ),
        worstCampaignReportP95: Math.round(worstCampaignP95 * 10) / 10,
        worstAllCampaignsReportP95: Math.round(worstAllP95 * 10) / 10,
        screenFirstSetP95: Math.round(screenP95 * 10) / 10,
      }),
    );
  } finally {
    await pool.end();
    await scratch.drop();
  }
}

await main();
