import { ChannelsService } from '../../src/channels/channels.service.js';
import { CredentialStore } from '../../src/platforms/credential-store.js';
import { XAdapter } from '../../src/platforms/x/x-adapter.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  newAccount,
  oauth2AppClient,
  platformFailure,
  storedCredentials,
  targetOf,
  xChannel,
  xEnv,
} from './x-test-support.js';

const TIMEOUT_MS = 1_000;
const nowSec = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const textOf = (body: unknown) => (body as { text?: string } | undefined)?.text;

describe('XAdapter with the real twitter-api-v2 client against the fake X', () => {
  let fake: FakeX;
  let t: TestApp;
  let x: XAdapter;

  beforeAll(async () => {
    // Room for the pagination test's 120 posts from one account.
    fake = await startFakeX({
      rateLimits: { 'POST /2/tweets': { limit: 500, windowSec: 900, userDayLimit: 10_000 } },
    });
    // No workers: these tests drive the adapter directly, and nothing else may call the fake.
    t = await startTestApp(xEnv(fake, { APP_ROLE: 'api', X_TIMEOUT_MS: String(TIMEOUT_MS) }));
    x = t.app.get(XAdapter);
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  describe('publishing and reading', () => {
    it('creates a post and a reply with one request each, and reports the rate limit', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');

      const first = await x.createPost(
        targetOf(t, channel),
        'Defectors describe the infighting. 1/2',
      );
      const second = await x.createPost(targetOf(t, channel), 'They left because of it. 2/2', {
        inReplyTo: first.externalId,
      });

      const [newest, oldest] = fake.timeline(account.username);
      expect(oldest).toMatchObject({
        id: first.externalId,
        text: 'Defectors describe the infighting. 1/2',
      });
      expect(newest).toMatchObject({
        id: second.externalId,
        text: 'They left because of it. 2/2',
        inReplyToTweetId: first.externalId,
      });
      const creates = fake.requestsTo('POST /2/tweets').filter((r) => r.accountId === account.id);
      expect(creates.map((r) => r.body)).toEqual([
        { text: 'Defectors describe the infighting. 1/2' },
        { text: 'They left because of it. 2/2', reply: { in_reply_to_tweet_id: first.externalId } },
      ]);
      expect(first.rateLimit).toMatchObject({ limit: 500, remaining: 499 });
      expect(second.rateLimit).toMatchObject({ limit: 500, remaining: 498 });
      const resetSec = (second.rateLimit?.reset.getTime() ?? 0) / 1000;
      expect(resetSec).toBeGreaterThanOrEqual(nowSec() + 890);
      expect(resetSec).toBeLessThanOrEqual(nowSec() + 901);
    });

    it('deletes a post, and a second delete of the same post is harmless', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      const { externalId } = await x.createPost(targetOf(t, channel), 'To be retracted');

      await x.deletePost(targetOf(t, channel), externalId);
      expect(fake.timeline(account.username)).toEqual([]);
      await expect(x.deletePost(targetOf(t, channel), externalId)).resolves.toBeUndefined();
      expect(
        fake
          .requestsTo('DELETE /2/tweets/:id')
          .filter((r) => r.accountId === account.id)
          .map((r) => r.status),
      ).toEqual([200, 404]);
    });

    it('lists the posts since a time, newest first, replies included, earlier ones not', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      await x.createPost(targetOf(t, channel), 'Before the window');
      await sleep(20);
      const since = new Date();
      const a = await x.createPost(targetOf(t, channel), 'Inside the window');
      const b = await x.createPost(targetOf(t, channel), 'A reply inside it', {
        inReplyTo: a.externalId,
      });

      const recent = await x.recentPosts(targetOf(t, channel), since);
      expect(recent.map((p) => [p.externalId, p.text])).toEqual([
        [b.externalId, 'A reply inside it'],
        [a.externalId, 'Inside the window'],
      ]);
      expect(recent[0]?.createdAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
    });

    it('reads posts back as X rewrote them, and matches each to the text sent only through canonicalText', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      const since = new Date(Date.now() - 1_000);
      const texts = [
        'Q&A <live> at https://example.com/?a=1&b=2#now.',
        'Q&amp;A <live> at example.com',
        'عبد الرحمن\r\n日本 👍🏽 ',
      ];
      const ids: string[] = [];
      for (const text of texts)
        ids.push((await x.createPost(targetOf(t, channel), text)).externalId);

      const recent = await x.recentPosts(targetOf(t, channel), since);
      expect(recent.map((p) => p.text)).not.toContain(texts[0]);
      for (const [i, text] of texts.entries()) {
        const wanted = x.canonicalText(text, 'sent');
        const matching = recent.filter((p) => x.canonicalText(p.text, 'returned') === wanted);
        expect(matching.map((p) => p.externalId)).toEqual([ids[i]]);
      }
    });

    it('pages through the whole window, so a post missing from the answer is really absent', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      const since = new Date(Date.now() - 1_000);
      const ids: string[] = [];
      for (let i = 1; i <= 120; i++) {
        ids.push((await x.createPost(targetOf(t, channel), `Post number ${i}`)).externalId);
      }

      const recent = await x.recentPosts(targetOf(t, channel), since);
      expect(recent.map((p) => p.externalId)).toEqual([...ids].reverse());
      const pages = fake
        .requestsTo('GET /2/users/:id/tweets')
        .filter((r) => r.accountId === account.id);
      expect(pages).toHaveLength(2);
      expect(pages[0]?.query).toMatchObject({
        max_results: '100',
        start_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
    });

    it('finds and keeps the X account id of a channel connected without it', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      expect(channel.platformAccountId).toBeNull();

      await x.recentPosts(targetOf(t, channel), new Date());
      const updated = await t.app.get(ChannelsService).get(channel.id);
      expect(updated.platformAccountId).toBe(account.id);
      await x.recentPosts(targetOf(t, updated), new Date());

      const lookups = fake.requestsTo('GET /2/users/me').filter((r) => r.accountId === account.id);
      expect(lookups).toHaveLength(1);
      const audit = await t.query(
        `SELECT actor_label FROM audit_events WHERE entity_id = $1 AND action = 'channel.platform_account_found'`,
        [channel.id],
      );
      expect(audit).toEqual([{ actor_label: 'system' }]);
    });

    it('reads public metrics in one request, skipping posts that are gone', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      const one = await x.createPost(targetOf(t, channel), 'Metrics one');
      const two = await x.createPost(targetOf(t, channel), 'Metrics two');
      fake.setMetrics(one.externalId, { impression_count: 1200, like_count: 7, retweet_count: 2 });
      fake.setMetrics(two.externalId, { reply_count: 1, quote_count: 3, bookmark_count: 4 });

      const metrics = await x.metrics(targetOf(t, channel), [
        one.externalId,
        two.externalId,
        '1234567890123',
      ]);
      expect(metrics).toEqual([
        {
          externalId: one.externalId,
          impressions: 1200,
          likes: 7,
          reposts: 2,
          replies: 0,
          quotes: 0,
          bookmarks: 0,
        },
        {
          externalId: two.externalId,
          impressions: 0,
          likes: 0,
          reposts: 0,
          replies: 1,
          quotes: 3,
          bookmarks: 4,
        },
      ]);
      const lookups = fake.requestsTo('GET /2/tweets').filter((r) => r.accountId === account.id);
      expect(lookups).toHaveLength(1);
      expect(lookups[0]?.query['tweet.fields']).toBe('public_metrics');
      await expect(
        x.metrics(
          targetOf(t, channel),
          Array.from({ length: 101 }, (_, i) => String(i + 1)),
        ),
      ).rejects.toThrow(RangeError);
    });
  });

  describe('failures, classified by whether X may have acted', () => {
    it('429 → rate_limited with the reset X announced, nothing posted', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '429', resetInSec: 120 });

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Rate limited'));
      expect(failure.kind).toBe('rate_limited');
      expect(failure.details.status).toBe(429);
      const retrySec = (failure.details.retryAt?.getTime() ?? 0) / 1000;
      expect(retrySec).toBeGreaterThanOrEqual(nowSec() + 118);
      expect(retrySec).toBeLessThanOrEqual(nowSec() + 121);
      expect(fake.timeline(account.username)).toEqual([]);
    });

    it('5xx before accepting → ambiguous (the publisher cannot know), and nothing was posted', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx' });

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Server trouble'));
      expect(failure.kind).toBe('ambiguous');
      expect(failure.details.status).toBe(503);
      expect(fake.timeline(account.username)).toEqual([]);
    });

    it('5xx after accepting → ambiguous, and the post is live', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx-after-accept', status: 500 });

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Accepted anyway'));
      expect(failure.kind).toBe('ambiguous');
      expect(failure.details.status).toBe(500);
      expect(fake.timeline(account.username).map((p) => p.text)).toEqual(['Accepted anyway']);
    });

    it('accept-then-hang → ambiguous once X_TIMEOUT_MS passes, and the post is live', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang' });

      const startedAt = Date.now();
      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Into the void'));
      expect(failure.kind).toBe('ambiguous');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
      expect(fake.timeline(account.username).map((p) => p.text)).toEqual(['Into the void']);
    });

    it('connection reset → ambiguous', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'connection-reset' });

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Cut off'));
      expect(failure.kind).toBe('ambiguous');
      expect(failure.message).toContain('ECONNRESET');
    });

    it('duplicate content → duplicate, for a real repeat as for the injected 403', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      await x.createPost(targetOf(t, channel), 'Said once');

      const repeat = await platformFailure(x.createPost(targetOf(t, channel), 'Said once'));
      expect(repeat.kind).toBe('duplicate');
      expect(repeat.details.status).toBe(403);
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'duplicate' });
      expect((await platformFailure(x.createPost(targetOf(t, channel), 'Never said'))).kind).toBe(
        'duplicate',
      );
      expect(fake.timeline(account.username)).toHaveLength(1);
    });

    it("other 4xx → rejected with X's own explanation", async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');

      const orphan = await platformFailure(
        x.createPost(targetOf(t, channel), 'Replying to nothing', {
          inReplyTo: '1234567890123456789',
        }),
      );
      expect(orphan.kind).toBe('rejected');
      expect(orphan.details.status).toBe(403);
      expect(orphan.message).toContain(
        'You attempted to reply to a Tweet that is deleted or not visible to you.',
      );
      const empty = await platformFailure(x.createPost(targetOf(t, channel), ''));
      expect(empty.kind).toBe('rejected');
      expect(empty.message).toContain('A post needs text or media.');
      expect(empty.details.platformData).toMatchObject({ title: 'Invalid Request' });
    });

    it('401 with an OAuth 1.0a token → auth at once (there is nothing to refresh)', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth1');
      fake.revokeAccess(account.username);
      const tokenCallsBefore = fake.requestsTo('POST /2/oauth2/token').length;

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Revoked'));
      expect(failure.kind).toBe('auth');
      expect(failure.details.status).toBe(401);
      expect(fake.requestsTo('POST /2/oauth2/token')).toHaveLength(tokenCallsBefore);
      expect(fake.timeline(account.username)).toEqual([]);
    });

    it('refuses a channel without X credentials as auth, without calling X', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'none');
      const before = fake.requests.length;
      expect((await platformFailure(x.createPost(targetOf(t, channel), 'No keys'))).kind).toBe(
        'auth',
      );
      expect(fake.requests).toHaveLength(before);
    });
  });

  describe('OAuth 2.0 token refresh', () => {
    const tokenRequests = () => fake.requestsTo('POST /2/oauth2/token').length;

    it('401 → refreshes once, stores the rotated pair encrypted before using it, then posts', async () => {
      const account = newAccount(fake);
      const { channel, credentials: original } = await xChannel(t, fake, account, 'oauth2');
      if (original?.kind !== 'oauth2') throw new Error('expected OAuth 2.0 credentials');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '401' });
      const tokenCallsBefore = tokenRequests();

      const created = await x.createPost(targetOf(t, channel), 'After a refresh');

      expect(fake.timeline(account.username).map((p) => p.id)).toEqual([created.externalId]);
      expect(tokenRequests()).toBe(tokenCallsBefore + 1);
      const { column, credentials: stored } = await storedCredentials(t, channel.id);
      if (stored?.kind !== 'oauth2') throw new Error('expected OAuth 2.0 credentials');
      expect(stored.accessToken).not.toBe(original.accessToken);
      expect(stored.refreshToken).not.toBe(original.refreshToken);
      expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now() + 7_000_000);
      for (const secret of [stored.accessToken, stored.refreshToken ?? '']) {
        expect(column).not.toContain(secret);
      }
      // The first attempt used the old token and the one retry the new token.
      const attempts = fake
        .requestsTo('POST /2/tweets')
        .filter((r) => textOf(r.body) === 'After a refresh')
        .map((r) => r.headers.authorization);
      expect(attempts).toEqual([`Bearer ${original.accessToken}`, `Bearer ${stored.accessToken}`]);
      // The old refresh token is spent and the stored one is the live one.
      await expect(
        oauth2AppClient(fake).refreshOAuth2Token(original.refreshToken ?? ''),
      ).rejects.toMatchObject({ code: 400 });
      await expect(
        oauth2AppClient(fake).refreshOAuth2Token(stored.refreshToken ?? ''),
      ).resolves.toMatchObject({ accessToken: expect.any(String) });
      const audit = await t.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'channel.credentials_refreshed'`,
        [channel.id],
      );
      expect(audit).toHaveLength(1);
    });

    it('runs beforeSend ahead of the repeat after a refresh too, and stops there when it throws', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '401' });
      let calls = 0;
      const beforeSend = async () => {
        calls += 1;
        // The publisher's claim was given up while the refresh ran.
        if (calls === 2) throw new Error('claim lost');
      };

      await expect(
        x.createPost(targetOf(t, channel), 'Not after a lost claim', { beforeSend }),
      ).rejects.toThrow('claim lost');
      expect(calls).toBe(2);
      expect(
        fake
          .requestsTo('POST /2/tweets')
          .filter((r) => textOf(r.body) === 'Not after a lost claim'),
      ).toHaveLength(1);
      expect(fake.timeline(account.username)).toEqual([]);
    });

    it('401 and a refused refresh → auth, nothing posted, nothing stored', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      const before = await storedCredentials(t, channel.id);
      fake.revokeAccess(account.username);
      const tokenCallsBefore = tokenRequests();

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'After revocation'));
      expect(failure.kind).toBe('auth');
      expect(failure.message).toContain('refresh');
      expect(tokenRequests()).toBe(tokenCallsBefore + 1);
      // One attempt, refused; no retry without a new token.
      expect(
        fake.requestsTo('POST /2/tweets').filter((r) => textOf(r.body) === 'After revocation'),
      ).toHaveLength(1);
      expect(fake.timeline(account.username)).toEqual([]);
      expect((await storedCredentials(t, channel.id)).column).toBe(before.column);
    });

    it('a second 401 after the refresh → auth, without a second refresh', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '401', times: 2 });
      const tokenCallsBefore = tokenRequests();

      const failure = await platformFailure(x.createPost(targetOf(t, channel), 'Refused twice'));
      expect(failure.kind).toBe('auth');
      expect(tokenRequests()).toBe(tokenCallsBefore + 1);
      expect(fake.timeline(account.username)).toEqual([]);
    });

    it('refreshes a token that expires within 60 s before using it', async () => {
      const account = newAccount(fake);
      const { channel, credentials: original } = await xChannel(t, fake, account, 'oauth2', {
        expiresInMs: 30_000,
      });
      const tokenCallsBefore = tokenRequests();

      await x.createPost(targetOf(t, channel), 'Fresh token');
      expect(tokenRequests()).toBe(tokenCallsBefore + 1);
      const { credentials: stored } = await storedCredentials(t, channel.id);
      const creates = fake.requestsTo('POST /2/tweets').filter((r) => r.accountId === account.id);
      expect(creates).toHaveLength(1);
      expect(creates[0]?.headers.authorization).toBe(`Bearer ${stored?.accessToken}`);
      expect(stored?.accessToken).not.toBe(original?.accessToken);
    });

    it('two concurrent 401s refresh only once: the second caller uses the pair the first stored', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '401', times: 2 });
      const tokenCallsBefore = tokenRequests();

      const [one, two] = await Promise.all([
        x.createPost(targetOf(t, channel), 'Concurrent one'),
        x.createPost(targetOf(t, channel), 'Concurrent two'),
      ]);

      expect(tokenRequests()).toBe(tokenCallsBefore + 1);
      expect(
        fake
          .timeline(account.username)
          .map((p) => p.id)
          .sort(),
      ).toEqual([one.externalId, two.externalId].sort());
      const { credentials: stored } = await storedCredentials(t, channel.id);
      const retried = fake
        .requestsTo('POST /2/tweets')
        .filter((r) => r.accountId === account.id)
        .map((r) => r.headers.authorization);
      expect(retried).toEqual([`Bearer ${stored?.accessToken}`, `Bearer ${stored?.accessToken}`]);
    });

    it('a channel whose row is stale re-reads the refreshed pair instead of spending a dead refresh token', async () => {
      const account = newAccount(fake);
      const { channel } = await xChannel(t, fake, account, 'oauth2');
      fake.inject({ endpoint: 'POST /2/tweets', kind: '401' });
      await x.createPost(targetOf(t, channel), 'Refreshes the pair');
      const tokenCallsBefore = tokenRequests();

      // `channel` still holds the first access token, which X now refuses for real.
      fake.revokeAccess(account.username);
      const { credentials: current } = await storedCredentials(t, channel.id);
      const fresh = fake.grantOAuth2(account.username);
      // Another process refreshed meanwhile, through the credential store.
      await t.app.get(CredentialStore).refresh(channel.id, async () => ({
        replace: { ...current, accessToken: fresh.accessToken, refreshToken: fresh.refreshToken },
      }));

      await x.createPost(targetOf(t, channel), 'With the stale row');
      expect(tokenRequests()).toBe(tokenCallsBefore);
    });
  });
});

describe('XAdapter when X goes away', () => {
  let fake: FakeX;
  let t: TestApp;

  beforeAll(async () => {
    fake = await startFakeX({
      rateLimits: { 'POST /2/tweets': { limit: 100, windowSec: 900, userDayLimit: 1 } },
    });
    t = await startTestApp(xEnv(fake, { APP_ROLE: 'api' }));
  });
  afterAll(async () => {
    await t?.close();
    // The last test closes it already.
    await fake.close().catch(() => undefined);
  });

  it('429 from the 24-hour user allowance → rate_limited until that allowance resets', async () => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    const x = t.app.get(XAdapter);
    const first = await x.createPost(targetOf(t, channel), 'The only post today');
    expect(first.rateLimit).toMatchObject({ limit: 1, remaining: 0 });

    const failure = await platformFailure(x.createPost(targetOf(t, channel), 'One too many'));
    expect(failure.kind).toBe('rate_limited');
    const retrySec = (failure.details.retryAt?.getTime() ?? 0) / 1000;
    expect(retrySec).toBeGreaterThan(nowSec() + 86_000);
  });

  it('connection refused → not_sent', async () => {
    const account = newAccount(fake);
    const { channel } = await xChannel(t, fake, account, 'oauth1');
    await fake.close();
    // Let the keep-alive pool see its sockets closed; reusing one would be ECONNRESET (ambiguous).
    await sleep(50);

    const failure = await platformFailure(
      t.app.get(XAdapter).createPost(targetOf(t, channel), 'Nobody home'),
    );
    expect(failure.kind).toBe('not_sent');
    expect(failure.message).toContain('ECONNREFUSED');
  });
});
