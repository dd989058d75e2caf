import { createsOf } from '../../bench/support/fake-x-ledger.js';
import { assertBuilt, WorkerFleet } from '../../bench/support/worker-processes.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import type { FakeAccount } from '../fake-x/store.js';
import { newAccount, xEnv } from '../platforms/x-test-support.js';
import { insertQuote } from '../support/library-fixtures.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Real processes: the API schedules in this process (APP_ROLE=api, so it never publishes), and
// `node dist/main.js` workers publish through the real twitter-api-v2 to the fake X.
describe('publishing with separate worker processes', () => {
  let fake: FakeX;
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;
  let fleet: WorkerFleet;

  beforeAll(async () => {
    assertBuilt();
    fake = await startFakeX();
    t = await startTestApp(xEnv(fake, { APP_ROLE: 'api' }));
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
    fleet = new WorkerFleet({
      NODE_ENV: 'test',
      DATABASE_URL: t.config.database.url,
      REDIS_URL: t.config.redis.url,
      QUEUE_PREFIX: t.config.redis.prefix,
      DB_MIGRATE_ON_START: 'false',
      DEMO_MODE: 'false',
      LOG_LEVEL: 'warn',
      // The shortest the configuration allows: a killed worker's claim is given up after 5 s.
      STALE_CLAIM_SECONDS: '5',
      // The longest that 5 s allows (twice this): the test must see a post still publishing
      // while X holds its create, and a loaded CI machine took more than 2 s to look.
      X_TIMEOUT_MS: '2500',
      RECONCILE_INTERVAL_SECONDS: '1',
      ...xEnv(fake),
    });
  });
  afterEach(async () => {
    fake.clearFaults();
    await fleet?.killAll();
  });
  afterAll(async () => {
    await fleet?.killAll();
    await t?.close();
    await fake?.close();
  });

  const post = (id: string) => team.editor.get(`/api/posts/${id}`).then((r) => r.body);
  const timeline = (account: FakeAccount) => fake.timeline(account.username).map((tw) => tw.text);
  const auditActions = async (id: string) =>
    (
      await t.query<{ action: string }>(
        'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id',
        [id],
      )
    ).map((r) => r.action);
  const xChannelFor = async (account: FakeAccount) =>
    createChannel(team, {
      platform: 'x',
      handle: account.username,
      minSpacingMinutes: 0,
      dailyCap: 100,
      credentials: {
        kind: 'oauth1',
        accessToken: account.accessToken,
        accessSecret: account.accessSecret,
      },
    });
  const soon = () => new Date(Date.now() + 1500);
  /** Drafted, submitted and approved, not yet scheduled. */
  const approvedPost = async (channelId: string, text: string) => {
    const { quoteId } = await insertQuote(t);
    const draft = await team.author
      .post('/api/posts', { campaignId, channelId, segments: [text], quoteIds: [quoteId] })
      .expect(201);
    await team.author.post(`/api/posts/${draft.body.id}/submit`).expect(200);
    await team.editor
      .post(`/api/posts/${draft.body.id}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(200);
    return draft.body.id as string;
  };

  it('publishes exactly once when the worker is SIGKILLed while X holds the create request', async () => {
    await fleet.start();
    const account = newAccount(fake);
    const channelId = await xChannelFor(account);
    fake.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang' });
    const text = 'Killed mid-publish, out exactly once.';
    const id = await scheduledPost(t, team, { campaignId, channelId }, [text], soon());

    await waitFor(
      async () => createsOf(fake, text).length,
      (n) => n === 1,
    );
    expect((await post(id)).status).toBe('publishing');
    await fleet.killAll('SIGKILL');
    // X took the post before the worker died; nothing in our database says so yet.
    expect(timeline(account)).toEqual([text]);
    expect((await post(id)).status).toBe('publishing');

    await fleet.start();
    const done = await waitFor(
      () => post(id),
      (p) => p.status === 'published',
      30_000,
    );
    expect(timeline(account)).toEqual([text]);
    expect(createsOf(fake, text)).toHaveLength(1);
    expect(done.externalIds).toEqual([fake.timeline(account.username)[0]!.id]);
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['post.unknown', 'post.resolved_published']),
    );
  }, 60_000);

  it('resumes a thread after a SIGKILL at segment 2 without posting any segment twice', async () => {
    await fleet.start();
    const account = newAccount(fake);
    const channelId = await xChannelFor(account);
    fake.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang', afterMatch: 1 });
    const segments = ['K1 first of three', 'K2 second of three', 'K3 third of three'];
    const id = await scheduledPost(t, team, { campaignId, channelId }, segments, soon());

    await waitFor(
      async () => createsOf(fake, segments[1]!).length,
      (n) => n === 1,
    );
    await fleet.killAll('SIGKILL');
    expect(timeline(account)).toEqual([segments[1], segments[0]]);

    await fleet.start();
    const done = await waitFor(
      () => post(id),
      (p) => p.status === 'published',
      30_000,
    );
    const tweets = [...fake.timeline(account.username)].reverse();
    expect(tweets.map((tw) => tw.text)).toEqual(segments);
    expect(tweets[1]!.inReplyToTweetId).toBe(tweets[0]!.id);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
    for (const segment of segments) expect(createsOf(fake, segment)).toHaveLength(1);
    expect(done.externalIds).toEqual(tweets.map((tw) => tw.id));
  }, 60_000);

  it('publishes each of 40 posts due together once with two workers, even with two wake-ups each', async () => {
    await Promise.all([fleet.start(), fleet.start()]);
    const accounts = Array.from({ length: 4 }, () => newAccount(fake));
    const channelIds = await Promise.all(accounts.map(xChannelFor));
    const planned = Array.from({ length: 40 }, (_, i) => ({
      account: accounts[i % 4]!,
      channelId: channelIds[i % 4]!,
      text: `Together ${i}: one of forty due at once.`,
    }));
    const ids: string[] = [];
    for (const p of planned) ids.push(await approvedPost(p.channelId, p.text));
    // Far enough ahead for forty schedule calls on a loaded machine (CI runs suites side by
    // side); sent together, as an editor's batch would be.
    const due = Date.now() + 10_000;
    // A channel never holds two posts in the same instant, so its posts are 1 ms apart.
    const times = planned.map((_, i) => new Date(due + Math.floor(i / 4)));
    await Promise.all(
      ids.map((id, i) =>
        team.editor.post(`/api/posts/${id}/schedule`, { at: times[i]!.toISOString() }).expect(200),
      ),
    );
    // A second wake-up call under another job id, as a stale or repeated job would be: both
    // workers can now pick up the same post at the same moment, and only the claim stops that.
    const queue = t.app.get(JobQueue);
    await Promise.all(
      ids.map((postId, i) =>
        queue.enqueue('post.publish', { postId }, { jobId: `again-${postId}`, runAt: times[i]! }),
      ),
    );
    expect(Date.now()).toBeLessThan(due);
    expect(fleet.running).toHaveLength(2);

    const statuses = await waitFor(
      async () =>
        (
          await t.query<{ status: string }>('SELECT status FROM posts WHERE id = ANY($1)', [ids])
        ).map((r) => r.status),
      (all) => all.length === ids.length && all.every((s) => s === 'published'),
      45_000,
    );
    expect(statuses).toEqual(ids.map(() => 'published'));
    for (const p of planned) {
      expect(createsOf(fake, p.text)).toHaveLength(1);
      expect(timeline(p.account).filter((text) => text === p.text)).toHaveLength(1);
    }
    const creates = fake
      .requestsTo('POST /2/tweets')
      .filter((r) => accounts.some((a) => a.id === r.accountId));
    expect(creates).toHaveLength(40);
  }, 120_000);
});
