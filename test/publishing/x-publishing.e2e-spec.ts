import { randomBytes } from 'node:crypto';
import { TwitterApi } from 'twitter-api-v2';
import { xClientSettings } from '../../src/platforms/x/x-base-url.plugin.js';
import { PublisherService } from '../../src/publishing/publisher.service.js';
import { ReconcilerService } from '../../src/publishing/reconciler.service.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import type { FakeAccount } from '../fake-x/store.js';
import { newAccount, storedCredentials, xChannel, xEnv } from '../platforms/x-test-support.js';
import {
  createCampaign,
  publishingTeam,
  scheduledPost,
  waitFor,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface PostState extends Record<string, unknown> {
  status: string;
  external_ids: string[];
  claim_id: string | null;
}
interface AttemptRow extends Record<string, unknown> {
  claim_id: string;
  outcome: string | null;
}

describe('publishing to X (twitter-api-v2 against the fake X)', () => {
  let fake: FakeX;
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;

  beforeAll(async () => {
    fake = await startFakeX();
    t = await startTestApp(xEnv(fake, { X_TIMEOUT_MS: '700', RECONCILE_INTERVAL_SECONDS: '3600' }));
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const post = (id: string) => team.editor.get(`/api/posts/${id}`).then((r) => r.body);
  const creates = (account: FakeAccount) =>
    fake.requestsTo('POST /2/tweets').filter((r) => r.accountId === account.id);
  const timeline = (account: FakeAccount) => fake.timeline(account.username).map((tw) => tw.text);
  const reconcile = () => t.app.get(ReconcilerService).reconcileOnce();
  /** Runs reconciler sweeps until the post is no longer unknown. */
  const settle = (id: string) =>
    waitFor(
      async () => {
        await reconcile();
        return post(id);
      },
      (p) => p.status !== 'unknown',
    );
  const place = async (
    auth: 'oauth1' | 'oauth2' = 'oauth1',
    options?: { expiresInMs?: number },
  ) => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, auth, options);
    return { account, channelId: channel.id };
  };
  const soon = (ms = 1200) => new Date(Date.now() + ms);

  it('publishes at its time with exactly one create request', async () => {
    const { account, channelId } = await place();
    const id = await scheduledPost(t, team, { campaignId, channelId }, ['On time, once.'], soon());
    const done = await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    const at = new Date(done.scheduledAt);
    expect(timeline(account)).toEqual(['On time, once.']);
    const requests = creates(account);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.at.getTime() - at.getTime()).toBeLessThan(1000);
    expect(requests[0]!.at.getTime()).toBeGreaterThanOrEqual(at.getTime() - 5);
    expect(done.externalIds).toEqual([fake.timeline(account.username)[0]!.id]);
  });

  it('publishes a thread of three as replies, in order', async () => {
    const { account, channelId } = await place();
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['1/3 a', '2/3 b', '3/3 c'],
      soon(),
    );
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    const tweets = [...fake.timeline(account.username)].reverse();
    expect(tweets.map((tw) => tw.text)).toEqual(['1/3 a', '2/3 b', '3/3 c']);
    expect(tweets[1]!.inReplyToTweetId).toBe(tweets[0]!.id);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
  });

  it('resumes a thread that failed at segment 2 without posting segment 1 again', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx', afterMatch: 1 });
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['A first', 'A second', 'A third'],
      soon(),
    );
    const unknown = await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(unknown.externalIds).toHaveLength(1);
    await settle(id);
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    expect([...timeline(account)].reverse()).toEqual(['A first', 'A second', 'A third']);
  });

  it('waits for the rate-limit reset after a 429 and then publishes once', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '429', resetInSec: 2 });
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['After the reset.'],
      soon(),
    );
    const deferred = await waitFor(
      () => post(id),
      (p) => (p.statusReason ?? '').includes('Rate limited'),
    );
    expect(deferred.status).toBe('scheduled');
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
      15_000,
    );
    expect(timeline(account)).toEqual(['After the reset.']);
  });

  it('settles an accepted-then-hung request as published, with no second create', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang' });
    const id = await scheduledPost(t, team, { campaignId, channelId }, ['Hung but live.'], soon());
    await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    const done = await settle(id);
    expect(done.status).toBe('published');
    expect(done.externalIds).toEqual([fake.timeline(account.username)[0]!.id]);
    expect(timeline(account)).toEqual(['Hung but live.']);
  });

  it('republishes once when a 5xx was provably not accepted', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx' });
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['Second time lucky.'],
      soon(),
    );
    await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(timeline(account)).toEqual([]);
    await settle(id);
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    expect(timeline(account)).toEqual(['Second time lucky.']);
  });

  it('settles a duplicate-content 403 as failed when the text is not among the account’s recent posts', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: 'duplicate' });
    const createsBefore = fake.requestsTo('POST /2/tweets').length;
    const id = await scheduledPost(t, team, { campaignId, channelId }, ['Said long ago.'], soon());
    const unknown = await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(unknown).toMatchObject({ externalIds: [], failureCause: 'duplicate_refused' });
    const failed = await settle(id);
    expect(failed).toMatchObject({
      status: 'failed',
      failureCause: 'duplicate_absent',
      platformMessage: expect.stringMatching(/duplicate content/),
      statusReason: expect.stringMatching(/not on the account/),
    });
    expect(timeline(account)).toEqual([]);
    expect(fake.requestsTo('POST /2/tweets').length - createsBefore).toBe(1);
  });

  it('settles a duplicate-content 403 as published when the text is already live on the account', async () => {
    const { account, channelId } = await place();
    fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx-after-accept' });
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['Already out there.'],
      soon(),
    );
    await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect((await settle(id)).status).toBe('published');
    expect(timeline(account)).toEqual(['Already out there.']);
    expect(creates(account)).toHaveLength(1);
  });

  /** Posts on the account directly, as a person on x.com would: live, and tracked by no post. */
  const postByHand = (account: FakeAccount, text: string) =>
    new TwitterApi(
      {
        appKey: fake.app.consumerKey,
        appSecret: fake.app.consumerSecret,
        accessToken: account.accessToken,
        accessSecret: account.accessSecret,
      },
      xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
    ).v2.tweet(text);

  it('records a post refused as a duplicate as published with the id of its live text', async () => {
    const { account, channelId } = await place();
    const byHand = await postByHand(account, 'Already said & live: https://example.org/a?b=1');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['Already said & live: https://example.org/a?b=1'],
      soon(),
    );
    await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    const done = await settle(id);
    expect(done).toMatchObject({
      status: 'published',
      externalIds: [byHand.data.id],
      failureCause: null,
      platformMessage: null,
      statusReason: null,
    });
    expect(timeline(account)).toHaveLength(1);
  });

  it('resolves a later segment refused as a duplicate by finding it, then finishes the thread', async () => {
    const { account, channelId } = await place();
    const byHand = await postByHand(account, 'B2 second');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId },
      ['B1 first', 'B2 second', 'B3 third'],
      soon(),
    );
    const unknown = await waitFor(
      () => post(id),
      (p) => p.status === 'unknown',
    );
    expect(unknown).toMatchObject({ failureCause: 'duplicate_refused' });
    expect(unknown.externalIds).toHaveLength(1);
    await reconcile();
    const done = await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    expect(done.externalIds).toHaveLength(3);
    expect(done.externalIds[1]).toBe(byHand.data.id);
    const third = fake.timeline(account.username).find((tw) => tw.id === done.externalIds[2]);
    expect(third).toMatchObject({ text: 'B3 third', inReplyToTweetId: byHand.data.id });
    // B1, the refused B2, and B3: the live B2 was never posted a second time.
    expect(creates(account)).toHaveLength(4);
    expect(timeline(account)).toHaveLength(3);
  });

  it('fails a duplicate whose live text another post already tracks, leaving that post as it is', async () => {
    const { account, channelId } = await place();
    await team.admin.patch(`/api/channels/${channelId}`, { minSpacingMinutes: 0 }).expect(200);
    const first = await scheduledPost(t, team, { campaignId, channelId }, ['Said once.'], soon());
    const published = await waitFor(
      () => post(first),
      (p) => p.status === 'published',
    );
    const second = await scheduledPost(t, team, { campaignId, channelId }, ['Said once.'], soon());
    await waitFor(
      () => post(second),
      (p) => p.status === 'unknown',
    );
    expect(await settle(second)).toMatchObject({
      status: 'failed',
      failureCause: 'duplicate_tracked',
      externalIds: [],
    });
    expect(await post(first)).toMatchObject({
      status: 'published',
      externalIds: published.externalIds,
    });
    expect(timeline(account)).toEqual(['Said once.']);
  });

  it('refreshes an expired OAuth 2.0 token once and publishes', async () => {
    const { account, channelId } = await place('oauth2');
    const before = await storedCredentials(t, channelId);
    fake.inject({ endpoint: 'POST /2/tweets', kind: '401' });
    const id = await scheduledPost(t, team, { campaignId, channelId }, ['Fresh token.'], soon());
    await waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
    expect(timeline(account)).toEqual(['Fresh token.']);
    const after = await storedCredentials(t, channelId);
    expect(after.credentials).not.toEqual(before.credentials);
    expect(after.column).not.toContain((after.credentials as { accessToken: string }).accessToken);
  });

  /** The token the accepted create request for `text` was signed with, as the fake X received it. */
  const signedWith = (text: string) => {
    const request = fake
      .requestsTo('POST /2/tweets')
      .find((r) => (r.body as { text?: string } | undefined)?.text === text && r.status === 201);
    const authorization = String(request?.headers.authorization ?? '');
    return authorization.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : decodeURIComponent(/oauth_token="([^"]*)"/.exec(authorization)?.[1] ?? '');
  };
  const publishNow = async (channelId: string, text: string) => {
    const id = await scheduledPost(t, team, { campaignId, channelId }, [text], soon());
    return waitFor(
      () => post(id),
      (p) => p.status === 'published',
    );
  };

  it('signs with the new credentials as soon as an admin replaces them', async () => {
    const { account, channelId } = await place();
    await team.admin.patch(`/api/channels/${channelId}`, { minSpacingMinutes: 0 }).expect(200);
    await publishNow(channelId, 'Signed with the first token.');
    expect(signedWith('Signed with the first token.')).toBe(account.accessToken);

    const successor = newAccount(fake);
    await team.admin
      .put(`/api/channels/${channelId}/credentials`, {
        credentials: {
          kind: 'oauth1',
          accessToken: successor.accessToken,
          accessSecret: successor.accessSecret,
        },
      })
      .expect(200);
    await publishNow(channelId, 'Signed with the replacement.');
    expect(signedWith('Signed with the replacement.')).toBe(successor.accessToken);
    expect(timeline(account)).toEqual(['Signed with the first token.']);
    expect(timeline(successor)).toEqual(['Signed with the replacement.']);
  });

  it('signs the next post with the refreshed OAuth 2.0 token, not the one it replaced', async () => {
    const { channelId } = await place('oauth2');
    await team.admin.patch(`/api/channels/${channelId}`, { minSpacingMinutes: 0 }).expect(200);
    const first = (await storedCredentials(t, channelId)).credentials!.accessToken;
    await publishNow(channelId, 'Before the refresh.');
    expect(signedWith('Before the refresh.')).toBe(first);

    fake.inject({ endpoint: 'POST /2/tweets', kind: '401' });
    await publishNow(channelId, 'Across the refresh.');
    const refreshed = (await storedCredentials(t, channelId)).credentials!.accessToken;
    expect(refreshed).not.toBe(first);
    expect(signedWith('Across the refresh.')).toBe(refreshed);

    await publishNow(channelId, 'After the refresh.');
    expect(signedWith('After the refresh.')).toBe(refreshed);
  });

  it('marks the channel needs_reconnect and holds the post when the refresh fails', async () => {
    const { account, channelId } = await place('oauth2');
    fake.revokeAccess(account.username);
    const id = await scheduledPost(t, team, { campaignId, channelId }, ['Cannot go out.'], soon());
    const held = await waitFor(
      () => post(id),
      (p) => p.status === 'held',
    );
    expect(held.statusReason).toContain('needs reconnecting');
    const channel = await team.editor.get(`/api/channels/${channelId}`).expect(200);
    expect(channel.body.status).toBe('needs_reconnect');
    expect(timeline(account)).toEqual([]);
  });

  const state = async (id: string) =>
    (
      await t.query<PostState>('SELECT status, external_ids, claim_id FROM posts WHERE id = $1', [
        id,
      ])
    )[0]!;
  const attempts = (id: string) =>
    t.query<AttemptRow>(
      'SELECT claim_id, outcome FROM publish_attempts WHERE post_id = $1 ORDER BY id',
      [id],
    );

  /** A post scheduled an hour ahead (its wake-up waits), then made due now by the clock's hand. */
  const duePost = async (text: string) => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    const id = await scheduledPost(
      t,
      team,
      { campaignId, channelId: channel.id },
      [text],
      new Date(Date.now() + 3_600_000),
    );
    await t.query(`UPDATE posts SET scheduled_at = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    return { id, account };
  };

  // Claims and outcomes are written for many posts at once; each post of a batch must still end
  // exactly as its own circumstances say, with its own attempt record.
  it('ends each post of a claim batch as its own circumstances say, recording each attempt', async () => {
    const tag = randomBytes(3).toString('hex');
    const fine = await duePost(`Goes out ${tag}.`);
    const alsoFine = await duePost(`Goes out too ${tag}.`);
    // The account withdrew the app's access after scheduling: X refuses the create (401).
    const revoked = await duePost(`Refused ${tag}.`);
    fake.revokeAccess(revoked.account.username);
    // The quote was retracted after the post was scheduled and before the claim-time check read
    // it (the retraction's own withdrawal of the post has not landed yet).
    const retracted = await duePost(`Retracted quote ${tag}.`);
    await t.query(
      `UPDATE quotes SET verification = 'retracted'
       WHERE id IN (SELECT quote_id FROM post_quotes WHERE post_id = $1)`,
      [retracted.id],
    );
    // Edited after approval, bypassing the workflow: the approved hash no longer matches.
    const changed = await duePost(`Changed ${tag}.`);
    await t.query(`UPDATE posts SET approved_hash = 'not-the-approved-content' WHERE id = $1`, [
      changed.id,
    ]);

    const publisher = t.app.get(PublisherService);
    // The first call goes out alone; the rest arrive while it is in flight and form one batch,
    // which also carries a second wake-up for the same post.
    const first = publisher.publish(fine.id);
    const batch = Promise.all(
      [alsoFine, revoked, retracted, changed, alsoFine].map((p) => publisher.publish(p.id)),
    );
    expect(await first).toBe('published');
    expect(await batch).toEqual(['published', 'held', 'held', 'failed', 'skipped']);

    expect(await state(fine.id)).toMatchObject({ status: 'published' });
    expect(await state(alsoFine.id)).toMatchObject({ status: 'published' });
    expect(await state(revoked.id)).toMatchObject({ status: 'held', external_ids: [] });
    expect(await state(retracted.id)).toMatchObject({ status: 'held', external_ids: [] });
    expect(await state(changed.id)).toMatchObject({ status: 'failed', external_ids: [] });
    expect(timeline(fine.account)).toEqual([`Goes out ${tag}.`]);
    expect(timeline(alsoFine.account)).toEqual([`Goes out too ${tag}.`]);
    expect(timeline(revoked.account)).toEqual([]);
    expect(timeline(retracted.account)).toEqual([]);
    expect(timeline(changed.account)).toEqual([]);
    // Nothing was sent for the posts the claim-time check stopped.
    const sentTexts = fake
      .requestsTo('POST /2/tweets')
      .map((r) => (r.body as { text: string }).text);
    expect(sentTexts.filter((text) => text.includes(tag)).sort()).toEqual(
      [`Goes out ${tag}.`, `Goes out too ${tag}.`, `Refused ${tag}.`].sort(),
    );

    // One attempt per claimed post, under its own claim, each with its own outcome.
    const outcomes = await Promise.all(
      [fine, alsoFine, revoked, retracted, changed].map((p) => attempts(p.id)),
    );
    expect(outcomes.map((rows) => rows.map((r) => r.outcome))).toEqual([
      ['published'],
      ['published'],
      ['held'],
      ['held'],
      ['failed'],
    ]);
    const claimIds = outcomes.map((rows) => rows[0]!.claim_id);
    expect(new Set(claimIds).size).toBe(claimIds.length);
  });
});
