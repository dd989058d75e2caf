import request from 'supertest';
import { MetricsServer } from '../../src/observability/metrics-server.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('published posts: retraction, held posts, feed, metrics and dashboards', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp({ RECONCILE_INTERVAL_SECONDS: '3600', OVERDUE_ALERT_SECONDS: '60' });
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(() => t.close());

  const post = (id: string) => team.editor.get(`/api/posts/${id}`).then((r) => r.body);
  const publish = async (channelId: string, segments: string[]) => {
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      segments,
      new Date(Date.now() + 800),
    );
    return waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
  };

  it('shows what sandbox channels published, newest first, like a timeline', async () => {
    const channelId = await createChannel(team);
    await publish(channelId, ['feed one']);
    await publish(channelId, ['feed two', 'feed two, reply']);
    const res = await team.author
      .get(`/api/sandbox/feed?channelId=${channelId}&limit=2`)
      .expect(200);
    expect(res.body.items.map((i: { text: string }) => i.text)).toEqual([
      'feed two, reply',
      'feed two',
    ]);
    expect(res.body.items[0].inReplyTo).toBe(res.body.items[1].externalId);
    const next = await team.author
      .get(`/api/sandbox/feed?channelId=${channelId}&limit=2&cursor=${res.body.nextCursor}`)
      .expect(200);
    expect(next.body.items.map((i: { text: string }) => i.text)).toEqual(['feed one']);
  });

  it('retracts a published thread from the platform on an editor’s request', async () => {
    const channelId = await createChannel(team);
    const published = await publish(channelId, ['take me down', 'and my reply']);
    await team.author.post(`/api/posts/${published.id}/retract`, { reason: 'x' }).expect(403);
    const res = await team.editor
      .post(`/api/posts/${published.id}/retract`, { reason: 'Quote retracted by the outlet' })
      .expect(200);
    expect(res.body.status).toBe('deleted');
    const feed = await team.editor.get(`/api/sandbox/feed?channelId=${channelId}`).expect(200);
    expect(feed.body.items.every((i: { deleted: boolean }) => i.deleted)).toBe(true);
    await team.editor.post(`/api/posts/${published.id}/retract`, { reason: 'again' }).expect(409);
  });

  it('reschedules held posts into free slots only when an editor asks, never all at once', async () => {
    const channelId = await createChannel(team, { minSpacingMinutes: 30 });
    await t.query(`UPDATE channels SET weekly_slots = $2 WHERE id = $1`, [
      channelId,
      JSON.stringify(
        [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
          ['00:00', '06:00', '12:00', '18:00'].map((time) => ({ weekday, time })),
        ),
      ),
    ]);
    const pause = await team.editor
      .post('/api/pauses', {
        kind: 'pause',
        scope: 'channel',
        channelId,
        reason: 'Channel under review',
      })
      .expect(201);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        await scheduledPost(
          t,
          team,
          { campaignId, channelId },
          [`held ${i}`],
          new Date(Date.now() + 700 + i * 31 * 60_000),
        ),
      );
    await t.query(
      `UPDATE posts SET scheduled_at = now() - (interval '1 second' * $2::int) WHERE id = $1`,
      [ids[1], 5],
    );
    await t.query(
      `UPDATE posts SET scheduled_at = now() - (interval '1 second' * $2::int) WHERE id = $1`,
      [ids[2], 10],
    );
    const { ReconcilerService } = await import('../../src/publishing/reconciler.service.js');
    await t.app.get(ReconcilerService).reconcileOnce();
    await waitFor(
      () => Promise.all(ids.map(post)),
      (ps) => ps.every((p) => p.status === 'held'),
    );
    await team.editor.delete(`/api/pauses/${pause.body.id}`).expect(200);
    await team.author.post('/api/posts/held/reschedule', { channelId }).expect(403);
    const res = await team.editor.post('/api/posts/held/reschedule', { channelId }).expect(200);
    expect(res.body.notRescheduled).toEqual([]);
    const times = res.body.rescheduled
      .map((r: { scheduledAt: string }) => new Date(r.scheduledAt).getTime())
      .sort();
    expect(times).toHaveLength(3);
    for (const time of times) expect([0, 6, 12, 18]).toContain(new Date(time).getUTCHours());
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it('exposes Prometheus metrics', async () => {
    const { port } = t.app.get(MetricsServer).address()!;
    const res = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('countervoice_posts_published_total');
    expect(res.text).toMatch(/countervoice_posts\{status="published"\} \d+/);
    expect(res.text).toContain('countervoice_publish_lateness_seconds_bucket');
    expect(res.text).toContain('countervoice_queue_depth{queue="publish"}');
  });

  it('shows the queue dashboard to admins only', async () => {
    await t.http().get('/admin/queues').expect(401);
    await team.editor.get('/admin/queues').expect(403);
    const res = await team.admin.get('/admin/queues').expect(200);
    expect(res.text.toLowerCase()).toContain('bull');
  });

  it('turns unready when a scheduled post is overdue beyond the threshold', async () => {
    await t.http().get('/health/ready').expect(200);
    const channelId = await createChannel(team);
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['overdue'],
      new Date(Date.now() + 3_600_000),
    );
    await t.query(
      `UPDATE posts SET scheduled_at = now() - interval '10 minutes', status = 'scheduled' WHERE id = $1`,
      [id],
    );
    // Nothing wakes it: the reconciler is not run here, so it stays overdue.
    const res = await t.http().get('/health/ready').expect(503);
    expect(res.body.error.publishing.message).toMatch(/overdue/);
    await t.query(`UPDATE posts SET status = 'cancelled' WHERE id = $1`, [id]);
  });
});
