import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { publishJobId } from '../../src/queue/publish-wake-ups.js';
import { ReconcilerService } from '../../src/publishing/reconciler.service.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const unique = (label: string) => `${label} ${randomBytes(4).toString('hex')}`;

interface PostState extends Record<string, unknown> {
  status: string;
  claim_id: string | null;
  external_ids: string[];
}
interface AttemptRow extends Record<string, unknown> {
  claim_id: string;
  outcome: string | null;
  error: string | null;
  external_ids: string[];
}

const postState = async (t: TestApp, id: string) =>
  (
    await t.query<PostState>('SELECT status, claim_id, external_ids FROM posts WHERE id = $1', [id])
  )[0]!;
const attempts = (t: TestApp, id: string) =>
  t.query<AttemptRow>(
    'SELECT claim_id, outcome, error, external_ids FROM publish_attempts WHERE post_id = $1 ORDER BY id',
    [id],
  );
const auditActions = async (t: TestApp, id: string) =>
  (
    await t.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_type = 'post' AND entity_id = $1 ORDER BY id`,
      [id],
    )
  ).map((r) => r.action);
const sandboxRows = (t: TestApp, text: string) =>
  t.query<{ external_id: string }>('SELECT external_id FROM sandbox_posts WHERE text = $1', [text]);

describe('the publishing claim: a stalled worker whose claim expired', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp({
      STALE_CLAIM_SECONDS: '5',
      X_TIMEOUT_MS: '2000',
      RECONCILE_INTERVAL_SECONDS: '1',
    });
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(() => t.close());

  it('sends nothing when it wakes up after the reconciler gave the post to a fresh wake-up', async () => {
    const channelId = await createChannel(team);
    const text = unique('stalled worker');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      [text],
      new Date(Date.now() + 1500),
    );

    // The publisher reads the pause windows alongside its claim and needs them before sending:
    // while this transaction holds the table, the worker that claimed the post waits right there.
    // Only posts, audit_events, publish_attempts and sandbox_posts are read while it is held.
    const blocker = new pg.Client({ connectionString: t.config.database.url });
    await blocker.connect();
    let locked = false;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE pauses IN ACCESS EXCLUSIVE MODE');
      locked = true;

      const first = await waitFor(
        () => postState(t, id),
        (p) => p.status === 'publishing',
      );
      const stalledClaim = first.claim_id;
      expect(stalledClaim).not.toBeNull();

      // Past the stale time the reconciler gives the claim up, finds nothing on the platform
      // and schedules the post again for a fresh wake-up (whose claim queues behind the stalled
      // one in this process).
      await waitFor(
        () => auditActions(t, id),
        (actions) => actions.includes('post.unknown') && actions.includes('post.resolved_absent'),
        20_000,
      );
      expect(await postState(t, id)).toMatchObject({ status: 'scheduled', claim_id: null });
      expect(await sandboxRows(t, text)).toHaveLength(0);

      await blocker.query('COMMIT');
      locked = false;

      const done = await waitFor(
        () => postState(t, id),
        (p) => p.status === 'published',
        20_000,
      );
      // Both workers have finished once the fresh attempt carries its outcome and the stalled
      // one its own word: the reconciler gave the stalled attempt an outcome already, so an
      // outcome on each can be read before the stalled worker has woken up (CI at 172509a).
      const rows = await waitFor(
        () => attempts(t, id),
        (list) =>
          list.length === 2 &&
          list[1]!.outcome !== null &&
          /claim lost/i.test(list[0]!.error ?? ''),
        20_000,
      );

      const feed = await sandboxRows(t, text);
      expect(feed).toHaveLength(1);
      expect(done.external_ids).toEqual([feed[0]!.external_id]);
      const actions = await auditActions(t, id);
      expect(actions).toEqual(
        expect.arrayContaining(['post.unknown', 'post.resolved_absent', 'post.published']),
      );
      expect(actions.filter((a) => a === 'post.published')).toHaveLength(1);

      const [stalled, fresh] = rows;
      expect(stalled!.claim_id).toBe(stalledClaim);
      expect(stalled!.outcome).toBe('unknown');
      expect(stalled!.external_ids).toEqual([]);
      expect(stalled!.error).toMatch(/claim lost/i);
      expect(fresh!.outcome).toBe('published');
      expect(fresh!.external_ids).toEqual([feed[0]!.external_id]);
    } finally {
      if (locked) await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  }, 60_000);
});

describe('wake-up jobs: a failed one does not block a later one with the same job id', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    // No periodic sweep and a one-hour horizon: the only wake-up the post gets is the one the
    // test asks the reconciler for, so nothing else can rescue it.
    t = await startTestApp({ RECONCILE_INTERVAL_SECONDS: '3600', PUBLISH_HORIZON_HOURS: '1' });
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterAll(() => t.close());

  it('publishes the post when the reconciler re-adds the id of a wake-up that failed', async () => {
    const channelId = await createChannel(team);
    const text = unique('after a failed wake-up');
    // Beyond the horizon: scheduling it enqueues no wake-up.
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      [text],
      new Date(Date.now() + 2 * 3_600_000),
    );
    // Due now, behind the scheduler's back; its wake-up id follows from the row.
    const dueAt = new Date();
    await t.query('UPDATE posts SET scheduled_at = $2 WHERE id = $1', [id, dueAt]);
    const jobId = publishJobId({ id, currentRevision: 1, scheduledAt: dueAt });

    // A wake-up with that id fails (PostgreSQL rejects the id, so the handler throws).
    const publishQueue = t.app.get<Queue>(getQueueToken('publish'));
    await t.app.get(JobQueue).enqueue('post.publish', { postId: 'not-a-uuid' }, { jobId });
    await waitFor(
      async () => {
        const job = await publishQueue.getJob(jobId);
        return job ? await job.getState() : 'gone';
      },
      (state) => state === 'gone' || state === 'failed',
    );
    expect((await postState(t, id)).status).toBe('scheduled');

    // The reconciler's sweep re-adds the same id; that wake-up must run.
    await t.app.get(ReconcilerService).reconcileOnce();
    const done = await waitFor(
      () => postState(t, id),
      (p) => p.status === 'published',
    );
    const feed = await sandboxRows(t, text);
    expect(feed).toHaveLength(1);
    expect(done.external_ids).toEqual([feed[0]!.external_id]);
    expect((await attempts(t, id)).map((a) => a.outcome)).toEqual(['published']);
  });
});
