import { DemoSeed } from '../../src/demo/demo-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('analytics: the demo’s living data', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Seeding eight weeks of history on top of the app's start; generous on a busy machine.
    t = await startTestApp({ DEMO_MODE: 'true' });
  }, 120_000);
  afterAll(() => t.close());

  it('has eight weeks of published sandbox posts across languages and narratives, all synthetic', async () => {
    const [posts] = await t.query<{
      n: number;
      languages: number;
      themes: number;
      threads: number;
      oldest_days: number;
    }>(`
      SELECT count(DISTINCT p.id)::int AS n, count(DISTINCT ch.language)::int AS languages,
             count(DISTINCT qt.theme_key)::int AS themes,
             count(DISTINCT p.id) FILTER (WHERE cardinality(p.external_ids) > 1)::int AS threads,
             floor(extract(epoch FROM now() - min(p.published_at)) / 86400)::int AS oldest_days
      FROM posts p JOIN channels ch ON ch.id = p.channel_id
      JOIN post_quotes pq ON pq.post_id = p.id JOIN quote_themes qt ON qt.quote_id = pq.quote_id
      WHERE p.status = 'published'`);
    expect(posts!.n).toBeGreaterThan(200);
    expect(posts!.languages).toBe(3);
    expect(posts!.themes).toBeGreaterThanOrEqual(3);
    expect(posts!.threads).toBeGreaterThan(0);
    expect(posts!.oldest_days).toBeGreaterThanOrEqual(50);

    const [snapshots] = await t.query<{ n: number; real: number; missing: number }>(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT synthetic)::int AS real,
             (SELECT count(*)::int FROM posts p WHERE p.status = 'published'
                AND p.published_at < now() - interval '2 hours'
                AND NOT EXISTS (SELECT 1 FROM metric_snapshots s WHERE s.post_id = p.id)) AS missing
      FROM metric_snapshots`);
    expect(snapshots!.n).toBeGreaterThan(1_000);
    expect(snapshots!.real).toBe(0);
    expect(snapshots!.missing).toBe(0);

    const followers = await t.query<{ days: number; synthetic: boolean }>(`
      SELECT count(*)::int AS days, bool_and(synthetic) AS synthetic
      FROM channel_follower_snapshots GROUP BY channel_id`);
    expect(followers).toHaveLength(3);
    for (const f of followers) expect(f).toEqual({ days: 56, synthetic: true });

    // The post page's curve for one of them.
    const [one] = await t.query<{ id: string }>(
      `SELECT id FROM posts WHERE status = 'published' AND published_at < now() - interval '8 days' LIMIT 1`,
    );
    const analyst = await t.signIn('analyst@demo.countervoice.test', 'countervoice-demo');
    const curve = (await analyst.get(`/api/analytics/posts/${one!.id}/snapshots`).expect(200)).body;
    expect(curve.checkpoints.slice(0, 5)).toEqual(
      [1, 6, 24, 72, 168].map((checkpointHours) =>
        expect.objectContaining({ checkpointHours, state: 'taken', synthetic: true, late: false }),
      ),
    );
  });

  it('seeds again without adding anything', async () => {
    const count = async () =>
      (
        await t.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM metric_snapshots) + (SELECT count(*) FROM channel_follower_snapshots) + (SELECT count(*) FROM channels) AS n`,
        )
      )[0]!.n;
    const before = await count();
    await Promise.all([
      t.app.get(DemoSeed).onApplicationBootstrap(),
      t.app.get(DemoSeed).onApplicationBootstrap(),
    ]);
    expect(await count()).toBe(before);
  });
});
