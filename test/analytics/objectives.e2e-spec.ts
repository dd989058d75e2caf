import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { insertCampaign, insertChannel, m, publishedPost } from './reports-fixtures.js';

const WINDOW = { windowFrom: '2026-01-01T00:00:00Z', windowTo: '2026-02-01T00:00:00Z' };

describe('campaign objectives', () => {
  let t: TestApp;
  let editor: SignedInClient;
  let analyst: SignedInClient;
  let upcoming: string;
  let running: string;
  let channel: string;

  beforeAll(async () => {
    t = await startTestApp();
    [editor, analyst] = await Promise.all([t.as(['editor']), t.as(['analyst'])]);
    const author = await t.user(['author']);
    upcoming = await insertCampaign(t, { startsAt: '2099-01-01T00:00:00Z' });
    running = await insertCampaign(t, { startsAt: '2025-12-01T00:00:00Z' });
    channel = await insertChannel(t, { timezone: 'UTC', language: 'en' });
    // Six posts in January, 1,000 impressions and 10 engagements each at their latest snapshot.
    for (let i = 0; i < 6; i++) {
      await publishedPost(t, author.id, {
        campaignId: running,
        channelId: channel,
        publishedAt: `2026-01-0${i + 1}T12:00:00Z`,
        snapshots: { 24: [m(400, 4)], 168: [m(1000, 8, 1, 1)] },
      });
    }
    await t.query(
      `INSERT INTO channel_follower_snapshots (channel_id, day, followers) VALUES
         ($1, '2026-01-01', 100), ($1, '2026-01-15', 112), ($1, '2026-01-31', 130)`,
      [channel],
    );
  }, 120_000);
  afterAll(() => t.close());

  const objectivesOf = async (campaignId: string, query = '') =>
    (await analyst.get(`/api/analytics/campaigns/${campaignId}/objectives${query}`).expect(200))
      .body;

  it('computes each state server-side with the rule and numbers that decided it', async () => {
    const create = (body: object) =>
      editor
        .post(`/api/analytics/campaigns/${running}/objectives`, {
          ...WINDOW,
          reason: 'Set with the funder',
          ...body,
        })
        .expect(201);
    await create({ metric: 'impressions', target: 5000 });
    await create({ metric: 'engagement_rate', target: 5, minSample: 10 });
    await create({ metric: 'engagements', target: 100 });
    await create({ metric: 'followers_gained', target: 20, channelId: channel });
    await create({ metric: 'replies', target: 1, themeKey: 'infighting' });
    const body = await objectivesOf(running);
    const states = body.objectives.map(
      (o: { metric: string; evaluation: { state: string; rule: string } }) => [
        o.metric,
        o.evaluation.state,
        o.evaluation.rule,
      ],
    );
    expect(states).toEqual([
      [
        'impressions',
        'met',
        'met: 6,000 impressions ≥ target 5,000 over 6 posts with known impressions',
      ],
      [
        'engagement_rate',
        'insufficient_data',
        'insufficient data: 6 posts with known impressions, fewer than the minimum of 10',
      ],
      ['engagements', 'missed', 'missed: 60 engagements < target 100 over 6 posts'],
      [
        'followers_gained',
        'met',
        'met: 30 followers gained ≥ target 20 over 3 days of follower counts',
      ],
      // No post quotes an infighting testimony: nothing to measure.
      ['replies', 'insufficient_data', 'insufficient data: 0 posts, fewer than the minimum of 5'],
    ]);
    expect(body.objectives[0]).toMatchObject({ vanity: true, evaluation: { actual: 6000, n: 6 } });
    expect(body.vanityOnly).toBe(false);
  });

  it('warns when every objective counts only reach or likes', async () => {
    const campaign = await insertCampaign(t, { startsAt: '2099-01-01T00:00:00Z' });
    for (const metric of ['impressions', 'likes']) {
      await editor
        .post(`/api/analytics/campaigns/${campaign}/objectives`, { ...WINDOW, metric, target: 10 })
        .expect(201);
    }
    expect((await objectivesOf(campaign)).vanityOnly).toBe(true);
    await editor
      .post(`/api/analytics/campaigns/${campaign}/objectives`, {
        ...WINDOW,
        metric: 'replies',
        target: 10,
      })
      .expect(201);
    expect((await objectivesOf(campaign)).vanityOnly).toBe(false);
  });

  it('records every change before the start; after it, a change needs a reason and is shown as such', async () => {
    const created = await editor
      .post(`/api/analytics/campaigns/${upcoming}/objectives`, {
        ...WINDOW,
        metric: 'replies',
        target: 50,
      })
      .expect(201);
    const id = created.body.id;
    expect(created.body.changes).toEqual([
      expect.objectContaining({ kind: 'created', afterStart: false, reason: null, before: null }),
    ]);
    // The campaign starts.
    await t.query(`UPDATE campaigns SET starts_at = now() - interval '1 day' WHERE id = $1`, [
      upcoming,
    ]);
    const refused = await editor
      .patch(`/api/analytics/objectives/${id}`, { target: 20 })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'reason', rule: 'requiredAfterStart' }),
    ]);
    expect((await objectivesOf(upcoming)).objectives[0]).toMatchObject({ target: 50 });

    const changed = await editor
      .patch(`/api/analytics/objectives/${id}`, {
        target: 20,
        reason: 'Replies are rarer in Arabic',
      })
      .expect(200);
    expect(changed.body.target).toBe(20);
    expect(changed.body.changes[1]).toMatchObject({
      kind: 'updated',
      afterStart: true,
      reason: 'Replies are rarer in Arabic',
      before: { target: 50, metric: 'replies' },
      after: { target: 20, metric: 'replies' },
      changedBy: { id: editor.userId },
    });
    const audit = await t.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_events WHERE entity_type = 'objective' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['objective.created', 'objective.updated']);

    await editor.delete(`/api/analytics/objectives/${id}`).expect(400);
    await editor
      .delete(`/api/analytics/objectives/${id}?reason=Merged%20into%20another`)
      .expect(204);
    expect((await objectivesOf(upcoming)).objectives).toEqual([]);
    const withRemoved = await objectivesOf(upcoming, '?includeRemoved=true');
    expect(withRemoved.objectives[0].removedAt).not.toBeNull();
    expect(withRemoved.objectives[0].changes.map((c: { kind: string }) => c.kind)).toEqual([
      'created',
      'updated',
      'removed',
    ]);
    await editor.patch(`/api/analytics/objectives/${id}`, { target: 5, reason: 'x' }).expect(404);
  });

  it('refuses bad objectives with a 400 naming the field, and only editors and admins set them', async () => {
    const post = (client: SignedInClient, body: object) =>
      client.post(`/api/analytics/campaigns/${upcoming}/objectives`, {
        ...WINDOW,
        metric: 'replies',
        target: 5,
        reason: 'r',
        ...body,
      });
    for (const [body, field] of [
      [{ windowTo: '2025-12-01T00:00:00Z' }, 'windowTo'],
      [{ themeKey: 'no_such_theme' }, 'themeKey'],
      [{ channelId: '00000000-0000-4000-8000-000000000000' }, 'channelId'],
      [{ metric: 'vibes' }, 'metric'],
      [{ target: -1 }, 'target'],
      [{ minSample: 0 }, 'minSample'],
    ] as const) {
      const res = await post(editor, body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await post(await t.as(['admin']), {}).expect(201);
    await post(analyst, {}).expect(403);
    await post(await t.as(['author']), {}).expect(403);
    await editor
      .post('/api/analytics/campaigns/00000000-0000-4000-8000-000000000000/objectives', {
        ...WINDOW,
        metric: 'replies',
        target: 1,
      })
      .expect(404);
  });
});
