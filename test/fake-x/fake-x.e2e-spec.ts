import { ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { xClientSettings } from '../../src/platforms/x/x-base-url.plugin.js';
import { startFakeX, type FakeX } from './fake-x-server.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const CALLBACK = 'http://127.0.0.1:3000/api/channels/x/callback';
const SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'];

/** The real client, as the app builds it, signed with an account's OAuth 1.0a user token. */
function userClient(
  fake: FakeX,
  username = 'cv_demo',
  opts: { timeoutMs?: number; appSecret?: string } = {},
) {
  const account = fake.account(username);
  return new TwitterApi(
    {
      appKey: fake.app.consumerKey,
      appSecret: opts.appSecret ?? fake.app.consumerSecret,
      accessToken: account.accessToken,
      accessSecret: account.accessSecret,
    },
    xClientSettings({ baseUrl: fake.url, timeoutMs: opts.timeoutMs ?? 5_000 }),
  );
}

function appClient(fake: FakeX) {
  return new TwitterApi(
    { appKey: fake.app.consumerKey, appSecret: fake.app.consumerSecret },
    xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
  );
}

function oauth2AppClient(fake: FakeX) {
  return new TwitterApi(
    {
      clientId: fake.app.clientId,
      ...(fake.app.clientSecret ? { clientSecret: fake.app.clientSecret } : {}),
    },
    xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
  );
}

function bearerClient(fake: FakeX, accessToken: string) {
  return new TwitterApi(accessToken, xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }));
}

async function rejection<E>(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error('expected the call to fail');
}

/** The socket error behind an ApiRequestError; the library's own `requestError` getter is always undefined. */
function causeOf(error: ApiRequestError): NodeJS.ErrnoException | undefined {
  return (Reflect.get(error, '_options') as { error?: NodeJS.ErrnoException } | undefined)?.error;
}

const nowSec = () => Math.ceil(Date.now() / 1000);

describe('fake X API with the real twitter-api-v2 client', () => {
  let fake: FakeX;
  beforeAll(async () => {
    fake = await startFakeX();
    fake.addAccount({ username: 'cv_second', name: 'Second Channel' });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  describe('posting and reading with an OAuth 1.0a user token', () => {
    it('creates a post and a thread through reply ids, signed over the original api.x.com URL', async () => {
      const client = userClient(fake);
      const first = await client.v2.tweet('Defectors describe the infighting. 1/2');
      const second = await client.v2.reply('They left because of it. 2/2', first.data.id);

      expect(first.data).toEqual({
        id: first.data.id,
        text: 'Defectors describe the infighting. 1/2',
        edit_history_tweet_ids: [first.data.id],
      });
      expect(first.data.id).toMatch(/^\d{18,19}$/);
      expect(BigInt(second.data.id)).toBeGreaterThan(BigInt(first.data.id));

      const [newest, oldest] = fake.timeline('cv_demo');
      expect(newest).toMatchObject({
        id: second.data.id,
        inReplyToTweetId: first.data.id,
        conversationId: first.data.id,
      });
      expect(oldest).toMatchObject({
        id: first.data.id,
        text: 'Defectors describe the infighting. 1/2',
      });

      const creates = fake.requestsTo('POST /2/tweets');
      expect(creates).toHaveLength(2);
      expect(creates[1]?.body).toEqual({
        text: 'They left because of it. 2/2',
        reply: { in_reply_to_tweet_id: first.data.id },
      });
      expect(creates[1]?.headers['x-original-host']).toBe('api.x.com');
      expect(creates[1]?.headers.authorization).toMatch(/^OAuth .*oauth_signature="/);
      expect(creates[1]?.accountId).toBe(fake.account('cv_demo').id);
    });

    it('deletes a post, and answers 404 for one that is gone', async () => {
      const client = userClient(fake);
      const { data } = await client.v2.tweet('To be retracted');
      await expect(client.v2.deleteTweet(data.id)).resolves.toEqual({ data: { deleted: true } });
      expect(fake.tweets).toHaveLength(0);

      const again = await rejection(client.v2.deleteTweet(data.id), ApiResponseError);
      expect(again.code).toBe(404);
    });

    it("refuses to delete another account's post", async () => {
      const { data } = await userClient(fake, 'cv_second').v2.tweet('Not yours');
      const error = await rejection(userClient(fake).v2.deleteTweet(data.id), ApiResponseError);
      expect(error.code).toBe(403);
      expect(fake.tweets.map((t) => t.id)).toEqual([data.id]);
    });

    it('looks posts up with the public metrics the test set, and lists missing ids as errors', async () => {
      const client = userClient(fake);
      const { data } = await client.v2.tweet('Metrics please');
      fake.setMetrics(data.id, { like_count: 7, impression_count: 1200, retweet_count: 2 });

      const found = await client.v2.tweets([data.id, '1234567890123456789'], {
        'tweet.fields': ['public_metrics', 'created_at', 'author_id'],
      });
      expect(found.data).toEqual([
        {
          id: data.id,
          text: 'Metrics please',
          edit_history_tweet_ids: [data.id],
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          author_id: fake.account('cv_demo').id,
          public_metrics: {
            retweet_count: 2,
            reply_count: 0,
            like_count: 7,
            quote_count: 0,
            impression_count: 1200,
            bookmark_count: 0,
          },
        },
      ]);
      expect(found.errors).toEqual([
        expect.objectContaining({ resource_id: '1234567890123456789', title: 'Not Found Error' }),
      ]);

      const single = await client.v2.singleTweet(data.id, { 'tweet.fields': ['public_metrics'] });
      expect(single.data.public_metrics?.like_count).toBe(7);
    });

    it("pages through an account's timeline newest first, with since_id", async () => {
      const client = userClient(fake);
      const ids: string[] = [];
      for (let i = 1; i <= 12; i++) ids.push((await client.v2.tweet(`Timeline post ${i}`)).data.id);
      const userId = fake.account('cv_demo').id;

      const timeline = await client.v2.userTimeline(userId, { max_results: 5 });
      expect(timeline.tweets.map((t) => t.id)).toEqual(ids.slice(-5).reverse());
      expect(timeline.meta).toMatchObject({
        result_count: 5,
        newest_id: ids[11],
        oldest_id: ids[7],
        next_token: expect.any(String),
      });
      const next = await timeline.next();
      expect(next.tweets.map((t) => t.id)).toEqual(ids.slice(2, 7).reverse());
      expect(next.meta.next_token).toBeDefined();
      const last = await next.next();
      expect(last.tweets.map((t) => t.id)).toEqual([ids[1], ids[0]]);
      expect(last.meta.next_token).toBeUndefined();

      const recent = await client.v2.userTimeline(userId, { since_id: ids[9], max_results: 100 });
      expect(recent.tweets.map((t) => t.id)).toEqual([ids[11], ids[10]]);
    });

    it('filters the timeline by start_time', async () => {
      const client = userClient(fake);
      await client.v2.tweet('Before the cut');
      const cut = new Date(Date.now() + 5).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const after = await client.v2.tweet('After the cut');
      const recent = await client.v2.userTimeline(fake.account('cv_demo').id, { start_time: cut });
      expect(recent.tweets.map((t) => t.id)).toEqual([after.data.id]);
    });

    it('returns text as X does: escaped, links as t.co, LF, NFC, trimmed; and records what it received', async () => {
      const client = userClient(fake);
      const sent =
        'Tom & <Jerry> read https://example.com/a?b=1&c=2#x, then example.org.\r\nCafe\u0301 &amp; 日本 👍🏽 ';
      const created = await client.v2.tweet(sent);
      const returned = created.data.text;
      expect(returned).toMatch(
        /^Tom &amp; &lt;Jerry&gt; read https:\/\/t\.co\/[A-Za-z0-9]{10}, then https:\/\/t\.co\/[A-Za-z0-9]{10}\.\nCafé &amp;amp; 日本 👍🏽$/,
      );
      // The same link for the same URL, as the duplicate check on stored text needs.
      const { data: again } = await client.v2.tweet('example.org');
      expect(returned).toContain(again.text);
      expect((await client.v2.singleTweet(created.data.id)).data.text).toBe(returned);
      expect((await client.v2.tweets([created.data.id])).data[0]?.text).toBe(returned);
      const timeline = await client.v2.userTimeline(fake.account('cv_demo').id);
      expect(timeline.tweets.map((t) => t.text)).toContain(returned);
      expect(fake.requestsTo('POST /2/tweets')[0]?.body).toEqual({ text: sent });
      expect(fake.timeline('cv_demo').at(-1)).toMatchObject({ text: returned, receivedText: sent });
    });

    it('judges duplicates on the text as stored: trailing space and CRLF repeat it, an escaped one does not', async () => {
      const client = userClient(fake);
      await client.v2.tweet('A & B\nsee example.com');
      for (const repeat of ['A & B\r\nsee example.com  ', ' A & B\rsee example.com']) {
        const error = await rejection(client.v2.tweet(repeat), ApiResponseError);
        expect(error.code).toBe(403);
      }
      await client.v2.tweet('A &amp; B\nsee example.com');
      await client.v2.tweet('a & b\nsee example.com');
      expect(fake.timeline('cv_demo')).toHaveLength(3);
    });

    it('answers users/me for the signing account', async () => {
      const me = await userClient(fake, 'cv_second').v2.me();
      expect(me.data).toEqual({
        id: fake.account('cv_second').id,
        name: 'Second Channel',
        username: 'cv_second',
      });
    });

    it("rejects unknown query parameters and tweet fields with X's 400", async () => {
      const client = userClient(fake);
      const badParam = await rejection(
        client.v2.get('users/me', { colour: 'blue' }),
        ApiResponseError,
      );
      expect(badParam.code).toBe(400);
      expect(badParam.data.errors?.[0]).toMatchObject({
        message: expect.stringContaining('[colour]'),
      });
      const badField = await rejection(
        client.v2.tweets(['1'], { 'tweet.fields': ['likes' as never] }),
        ApiResponseError,
      );
      expect(badField.code).toBe(400);
    });
  });

  describe('OAuth 1.0a signatures and three-legged login', () => {
    it("runs generateAuthLink → consent → login and returns the account's user token", async () => {
      const link = await appClient(fake).generateAuthLink(CALLBACK);
      expect(link.oauth_callback_confirmed).toBe('true');
      expect(link.url).toBe(
        `https://api.x.com/oauth/authenticate?oauth_token=${encodeURIComponent(link.oauth_token)}`,
      );

      const consent = fake.authorizeOAuth1(link.oauth_token, 'cv_second');
      expect(consent.callbackUrl).toBe(
        `${CALLBACK}?oauth_token=${encodeURIComponent(link.oauth_token)}&oauth_verifier=${consent.oauthVerifier}`,
      );

      const requestClient = new TwitterApi(
        {
          appKey: fake.app.consumerKey,
          appSecret: fake.app.consumerSecret,
          accessToken: link.oauth_token,
          accessSecret: link.oauth_token_secret,
        },
        xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
      );
      const login = await requestClient.login(consent.oauthVerifier);
      const account = fake.account('cv_second');
      expect(login).toMatchObject({
        accessToken: account.accessToken,
        accessSecret: account.accessSecret,
        userId: account.id,
        screenName: 'cv_second',
      });
      expect((await login.client.v2.me()).data.username).toBe('cv_second');

      // A request token is single-use.
      const reused = await rejection(requestClient.login(consent.oauthVerifier), ApiResponseError);
      expect(reused.code).toBe(401);
    });

    it('refuses login with a verifier that was never issued', async () => {
      const link = await appClient(fake).generateAuthLink('oob');
      fake.authorizeOAuth1(link.oauth_token);
      const requestClient = new TwitterApi(
        {
          appKey: fake.app.consumerKey,
          appSecret: fake.app.consumerSecret,
          accessToken: link.oauth_token,
          accessSecret: link.oauth_token_secret,
        },
        xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
      );
      const error = await rejection(requestClient.login('not-the-verifier'), ApiResponseError);
      expect(error.code).toBe(401);
    });

    it('rejects a client with the wrong consumer secret with 401 and stores nothing', async () => {
      const error = await rejection(
        userClient(fake, 'cv_demo', { appSecret: 'wrong' }).v2.tweet('Forged'),
        ApiResponseError,
      );
      expect(error.code).toBe(401);
      expect(error.isAuthError).toBe(true);
      expect(error.data).toEqual({
        title: 'Unauthorized',
        detail: 'Unauthorized',
        type: 'about:blank',
        status: 401,
      });
      expect(fake.tweets).toHaveLength(0);
      expect(fake.requestsTo('POST /2/tweets')[0]?.authFailure).toBe(
        'OAuth 1.0a: signature mismatch',
      );

      const badLink = await rejection(
        new TwitterApi(
          { appKey: fake.app.consumerKey, appSecret: 'wrong' },
          xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
        ).generateAuthLink(CALLBACK),
        ApiResponseError,
      );
      expect(badLink.code).toBe(401);
    });

    it('rejects a replayed signed request, and the same signature on another path', async () => {
      await userClient(fake).v2.me();
      const signed = fake.requestsTo('GET /2/users/me')[0];
      const headers = {
        authorization: String(signed?.headers.authorization),
        'x-original-host': 'api.x.com',
      };

      expect((await fetch(`${fake.url}/2/users/me`, { headers })).status).toBe(401);
      expect(
        (await fetch(`${fake.url}/2/users/${fake.account('cv_demo').id}/tweets`, { headers }))
          .status,
      ).toBe(401);
      expect(fake.requests.slice(1).map((r) => r.authFailure)).toEqual([
        'OAuth 1.0a: nonce reused',
        'OAuth 1.0a: signature mismatch',
      ]);
    });

    it('signs query parameters: a GET with a tampered query is refused', async () => {
      await userClient(fake).v2.tweets(['1'], { 'tweet.fields': ['public_metrics'] });
      const signed = fake.requestsTo('GET /2/tweets')[0];
      const response = await fetch(`${fake.url}/2/tweets?ids=2&tweet.fields=public_metrics`, {
        headers: { authorization: String(signed?.headers.authorization) },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('OAuth 2.0 Authorization Code with PKCE', () => {
    async function connect(username = 'cv_demo', scope = SCOPES) {
      const requestClient = oauth2AppClient(fake);
      const link = requestClient.generateOAuth2AuthLink(CALLBACK, { scope });
      const consent = fake.authorizeOAuth2(link.url, username);
      expect(consent.state).toBe(link.state);
      const login = await requestClient.loginWithOAuth2({
        code: consent.code,
        codeVerifier: link.codeVerifier,
        redirectUri: CALLBACK,
      });
      return { requestClient, link, consent, login };
    }

    it('exchanges the code for tokens the client then posts with', async () => {
      const { login } = await connect('cv_second');
      expect(login).toMatchObject({
        expiresIn: 7200,
        scope: SCOPES,
        refreshToken: expect.any(String),
        accessToken: expect.any(String),
      });
      expect((await login.client.v2.me()).data.username).toBe('cv_second');
      const { data } = await login.client.v2.tweet('Posted with OAuth 2.0');
      expect(fake.timeline('cv_second').map((t) => t.id)).toEqual([data.id]);
      // A confidential client authenticates with Basic auth.
      const exchange = fake.requestsTo('POST /2/oauth2/token')[0];
      expect(exchange?.headers.authorization).toBe(
        `Basic ${Buffer.from(`${fake.app.clientId}:${fake.app.clientSecret}`).toString('base64')}`,
      );
      expect(exchange?.body).toMatchObject({
        grant_type: 'authorization_code',
        code_verifier: expect.any(String),
      });
    });

    it('refuses a wrong code verifier and a code used twice', async () => {
      const requestClient = oauth2AppClient(fake);
      const link = requestClient.generateOAuth2AuthLink(CALLBACK, { scope: SCOPES });
      const { code } = fake.authorizeOAuth2(link.url);
      const wrong = await rejection(
        requestClient.loginWithOAuth2({
          code,
          codeVerifier: `${link.codeVerifier.slice(1)}x`,
          redirectUri: CALLBACK,
        }),
        ApiResponseError,
      );
      expect(wrong.code).toBe(400);
      expect(wrong.data).toMatchObject({
        error: 'invalid_request',
        error_description: 'Value passed for the authorization code was invalid.',
      });

      const { code: second } = fake.authorizeOAuth2(link.url);
      await requestClient.loginWithOAuth2({
        code: second,
        codeVerifier: link.codeVerifier,
        redirectUri: CALLBACK,
      });
      const reused = await rejection(
        requestClient.loginWithOAuth2({
          code: second,
          codeVerifier: link.codeVerifier,
          redirectUri: CALLBACK,
        }),
        ApiResponseError,
      );
      expect(reused.code).toBe(400);
    });

    it('rotates refresh tokens and refuses a refresh token used a second time', async () => {
      const { requestClient, login } = await connect();
      const first = await requestClient.refreshOAuth2Token(login.refreshToken ?? '');
      expect(first.refreshToken).toBeDefined();
      expect(first.refreshToken).not.toBe(login.refreshToken);
      expect(first.accessToken).not.toBe(login.accessToken);
      expect((await first.client.v2.me()).data.username).toBe('cv_demo');

      const reused = await rejection(
        requestClient.refreshOAuth2Token(login.refreshToken ?? ''),
        ApiResponseError,
      );
      expect(reused.code).toBe(400);
      expect(reused.data).toMatchObject({
        error: 'invalid_request',
        error_description: 'Value passed for the token was invalid.',
      });

      const second = await requestClient.refreshOAuth2Token(first.refreshToken ?? '');
      expect((await second.client.v2.me()).data.username).toBe('cv_demo');
    });

    it('gives no refresh token without offline.access, and 403 for a missing scope', async () => {
      const { login } = await connect('cv_demo', ['tweet.read', 'users.read']);
      expect(login.refreshToken).toBeUndefined();
      const error = await rejection(login.client.v2.tweet('No write scope'), ApiResponseError);
      expect(error.code).toBe(403);
      expect(error.data.detail).toContain('tweet.write');
      expect(fake.tweets).toHaveLength(0);
    });

    it('stops accepting every token of an account whose access was revoked', async () => {
      const { requestClient, login } = await connect();
      const oauth1 = userClient(fake);
      await oauth1.v2.me();
      fake.revokeAccess('cv_demo');

      expect((await rejection(login.client.v2.me(), ApiResponseError)).isAuthError).toBe(true);
      expect((await rejection(oauth1.v2.me(), ApiResponseError)).isAuthError).toBe(true);
      expect(
        (
          await rejection(
            requestClient.refreshOAuth2Token(login.refreshToken ?? ''),
            ApiResponseError,
          )
        ).code,
      ).toBe(400);
      // Reconnecting yields the new OAuth 1.0a token.
      await expect(userClient(fake).v2.me()).resolves.toMatchObject({
        data: { username: 'cv_demo' },
      });
    });

    it('expires access tokens after the configured lifetime', async () => {
      let clock = Date.now();
      const timed = await startFakeX({ accessTokenTtlSec: 60, now: () => clock });
      try {
        const tokens = timed.grantOAuth2('cv_demo');
        const client = bearerClient(timed, tokens.accessToken);
        await expect(client.v2.me()).resolves.toBeDefined();
        clock += 61_000;
        const expired = await rejection(client.v2.me(), ApiResponseError);
        expect(expired.code).toBe(401);
        expect(timed.requestsTo('GET /2/users/me')[1]?.authFailure).toBe(
          'OAuth 2.0: access token expired',
        );
      } finally {
        await timed.close();
      }
    });

    it('serves a public client (no secret): client_id in the body, no Basic auth', async () => {
      const open = await startFakeX({ app: { clientSecret: null } });
      try {
        const requestClient = oauth2AppClient(open);
        const link = requestClient.generateOAuth2AuthLink(CALLBACK, { scope: SCOPES });
        const { code } = open.authorizeOAuth2(link.url);
        const login = await requestClient.loginWithOAuth2({
          code,
          codeVerifier: link.codeVerifier,
          redirectUri: CALLBACK,
        });
        expect((await login.client.v2.me()).data.username).toBe('cv_demo');
        expect(open.requestsTo('POST /2/oauth2/token')[0]?.headers.authorization).toBeUndefined();
      } finally {
        await open.close();
      }
    });

    it('serves the x.com consent pages as redirects, for click-through demos', async () => {
      const requestClient = oauth2AppClient(fake);
      const link = requestClient.generateOAuth2AuthLink(CALLBACK, { scope: SCOPES });
      const consentPage = link.url.replace('https://x.com', fake.url);
      const redirect = await fetch(`${consentPage}&as=cv_second`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const callback = new URL(redirect.headers.get('location') ?? '');
      expect(callback.origin + callback.pathname).toBe(CALLBACK);
      expect(callback.searchParams.get('state')).toBe(link.state);
      const login = await requestClient.loginWithOAuth2({
        code: callback.searchParams.get('code') ?? '',
        codeVerifier: link.codeVerifier,
        redirectUri: CALLBACK,
      });
      expect((await login.client.v2.me()).data.username).toBe('cv_second');

      const badLink = consentPage.replace(
        'code_challenge_method=s256',
        'code_challenge_method=md5',
      );
      const tampered = await fetch(badLink, { redirect: 'manual' });
      expect(tampered.status).toBe(400);
      expect(await tampered.text()).toMatch(/code_challenge_method/);

      const oauth1Link = await appClient(fake).generateAuthLink(CALLBACK);
      const oauth1Redirect = await fetch(oauth1Link.url.replace('https://api.x.com', fake.url), {
        redirect: 'manual',
      });
      expect(oauth1Redirect.status).toBe(302);
      expect(
        new URL(oauth1Redirect.headers.get('location') ?? '').searchParams.get('oauth_verifier'),
      ).toEqual(expect.any(String));
    });
  });

  describe('rate-limit headers', () => {
    it('sends x-rate-limit-* and x-user-limit-24hour-* that the library parses, decrementing per account', async () => {
      const client = userClient(fake);
      const first = await client.v2.post('tweets', { text: 'Counting 1' }, { fullResponse: true });
      const second = await client.v2.post('tweets', { text: 'Counting 2' }, { fullResponse: true });
      expect(first.rateLimit).toEqual({
        limit: 100,
        remaining: 99,
        reset: expect.any(Number),
        userDay: { limit: 10_000, remaining: 9_999, reset: expect.any(Number) },
      });
      expect(second.rateLimit).toMatchObject({
        remaining: 98,
        reset: first.rateLimit?.reset,
        userDay: { remaining: 9_998 },
      });
      expect(first.rateLimit?.reset).toBeGreaterThanOrEqual(nowSec() + 899);
      expect(first.rateLimit?.reset).toBeLessThanOrEqual(nowSec() + 900);

      const other = await userClient(fake, 'cv_second').v2.post(
        'tweets',
        { text: 'Counting 1' },
        { fullResponse: true },
      );
      expect(other.rateLimit?.remaining).toBe(99);
      const me = await client.v2.get('users/me', undefined, { fullResponse: true });
      expect(me.rateLimit).toEqual({ limit: 75, remaining: 74, reset: expect.any(Number) });
    });

    it('answers 429 with the reset once the window is used up, and again after the reset', async () => {
      let clock = Date.now();
      const limited = await startFakeX({
        now: () => clock,
        rateLimits: { 'POST /2/tweets': { limit: 2, windowSec: 900, userDayLimit: 3 } },
      });
      try {
        const client = userClient(limited);
        const ok = await client.v2.post('tweets', { text: 'one' }, { fullResponse: true });
        await client.v2.tweet('two');
        const refused = await rejection(client.v2.tweet('three'), ApiResponseError);
        expect(refused.code).toBe(429);
        expect(refused.rateLimitError).toBe(true);
        expect(refused.rateLimit).toMatchObject({
          limit: 2,
          remaining: 0,
          reset: ok.rateLimit?.reset,
        });
        expect(refused.data).toEqual({
          title: 'Too Many Requests',
          detail: 'Too Many Requests',
          type: 'about:blank',
          status: 429,
        });
        expect(limited.tweets).toHaveLength(2);

        clock += 900_000;
        await client.v2.tweet('three');
        // The 24-hour allowance (3) is now spent although the 15-minute window has room.
        const daily = await rejection(client.v2.tweet('four'), ApiResponseError);
        expect(daily.code).toBe(429);
        expect(daily.rateLimit).toMatchObject({
          remaining: 1,
          userDay: { limit: 3, remaining: 0 },
        });
      } finally {
        await limited.close();
      }
    });
  });

  describe('injected faults, as the publisher sees them', () => {
    it('429: ApiResponseError with rateLimit.reset, nothing stored, the next call succeeds', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: '429', resetInSec: 120 });
      const client = userClient(fake);
      const error = await rejection(client.v2.tweet('Rate limited'), ApiResponseError);
      expect(error.code).toBe(429);
      expect(error.rateLimitError).toBe(true);
      expect(error.rateLimit?.remaining).toBe(0);
      expect(error.rateLimit?.reset).toBeGreaterThanOrEqual(nowSec() + 119);
      expect(error.rateLimit?.reset).toBeLessThanOrEqual(nowSec() + 120);
      expect(fake.tweets).toHaveLength(0);
      await client.v2.tweet('Rate limited');
      expect(fake.tweets).toHaveLength(1);
    });

    it('5xx: 503 and the post was not accepted', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx' });
      const error = await rejection(userClient(fake).v2.tweet('Server trouble'), ApiResponseError);
      expect(error.code).toBe(503);
      expect(fake.tweets).toHaveLength(0);
    });

    it('5xx-after-accept: 503, yet the post exists', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx-after-accept', status: 500 });
      const error = await rejection(userClient(fake).v2.tweet('Accepted anyway'), ApiResponseError);
      expect(error.code).toBe(500);
      expect(fake.tweets.map((t) => t.text)).toEqual(['Accepted anyway']);
    });

    it('accept-then-hang: the plugin timeout gives an ApiRequestError, and the post exists', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang' });
      const startedAt = Date.now();
      const error = await rejection(
        userClient(fake, 'cv_demo', { timeoutMs: 300 }).v2.tweet('Into the void'),
        ApiRequestError,
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
      expect(error.type).toBe('request');
      expect(fake.tweets.map((t) => t.text)).toEqual(['Into the void']);
      const [recorded] = fake.requestsTo('POST /2/tweets');
      expect(recorded?.fault).toBe('accept-then-hang');
      expect(recorded?.status).toBeUndefined();
    });

    it("duplicate: X's 403 body, and the same 403 for a real repeat of a recent text", async () => {
      const client = userClient(fake);
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'duplicate' });
      const injected = await rejection(client.v2.tweet('Said once'), ApiResponseError);
      expect(injected.code).toBe(403);
      expect(injected.data).toEqual({
        title: 'Forbidden',
        detail: 'You are not allowed to create a Tweet with duplicate content.',
        type: 'about:blank',
        status: 403,
      });
      expect(fake.tweets).toHaveLength(0);

      await client.v2.tweet('Said once');
      const repeat = await rejection(client.v2.tweet('Said once'), ApiResponseError);
      expect(repeat.data).toEqual(injected.data);
      // Another account may say the same thing.
      await userClient(fake, 'cv_second').v2.tweet('Said once');
      expect(fake.tweets).toHaveLength(2);
    });

    it('401: an auth error, as for an expired token', async () => {
      fake.inject({ endpoint: 'GET /2/users/me', kind: '401' });
      const error = await rejection(userClient(fake).v2.me(), ApiResponseError);
      expect(error.code).toBe(401);
      expect(error.isAuthError).toBe(true);
    });

    it('connection-reset: ApiRequestError with ECONNRESET before anything was accepted', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: 'connection-reset' });
      const error = await rejection(userClient(fake).v2.tweet('Never arrives'), ApiRequestError);
      expect(causeOf(error)?.code).toBe('ECONNRESET');
      expect(fake.tweets).toHaveLength(0);
    });

    it('afterMatch lets calls through first: a thread fails at its second segment', async () => {
      fake.inject({ endpoint: 'POST /2/tweets', kind: '5xx', afterMatch: 1 });
      const client = userClient(fake);
      const first = await client.v2.tweet('Segment 1');
      await rejection(client.v2.reply('Segment 2', first.data.id), ApiResponseError);
      await client.v2.reply('Segment 2', first.data.id);
      expect(fake.timeline('cv_demo').map((t) => t.text)).toEqual(['Segment 2', 'Segment 1']);
      expect(fake.requestsTo('POST /2/tweets').map((r) => r.status)).toEqual([201, 503, 201]);
    });

    it('times and probability bound how often a fault fires', async () => {
      fake.inject({ endpoint: 'GET /2/users/me', kind: '5xx', times: 3, probability: 1 });
      fake.inject({ endpoint: 'GET /2/users/me', kind: '401', probability: 0 });
      const client = userClient(fake);
      const outcomes: Array<number> = [];
      for (let i = 0; i < 5; i++) {
        outcomes.push(
          await client.v2.me().then(
            () => 200,
            (e: ApiResponseError) => e.code,
          ),
        );
      }
      expect(outcomes).toEqual([503, 503, 503, 200, 200]);
      expect(fake.faults()).toEqual([
        expect.objectContaining({ kind: '401', matched: 5, hits: 0 }),
      ]);
    });

    it('refuses a fault for an endpoint it does not serve', () => {
      expect(() => fake.inject({ endpoint: 'POST /2/tweet', kind: '5xx' })).toThrow(
        /endpoint must be one of/,
      );
    });

    it('close() ends a hanging request instead of waiting for it', async () => {
      const hanging = await startFakeX();
      hanging.inject({ endpoint: 'POST /2/tweets', kind: 'accept-then-hang' });
      const call = userClient(hanging, 'cv_demo', { timeoutMs: 60_000 }).v2.tweet('Hanging');
      while (hanging.tweets.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await hanging.close();
      await rejection(call, ApiRequestError);
    });
  });

  describe('media upload v2', () => {
    it('uploads a PNG in chunks and attaches it to a post', async () => {
      const client = userClient(fake);
      const mediaId = await client.v2.uploadMedia(PNG, { media_type: 'image/png' }, 30);
      const media = fake.media.find((m) => m.id === mediaId);
      expect(media).toMatchObject({
        mediaType: 'image/png',
        category: 'tweet_image',
        state: 'succeeded',
        mediaKey: `3_${mediaId}`,
      });
      expect(media?.bytes?.equals(PNG)).toBe(true);
      expect(fake.requestsTo('POST /2/media/upload/:id/append')).toHaveLength(
        Math.ceil(PNG.length / 30),
      );
      expect(
        fake.requestsTo('POST /2/media/upload/:id/append')[0]?.headers['content-type'],
      ).toMatch(/^multipart\/form-data; boundary=/);

      const { data } = await client.v2.tweet({
        text: 'With a picture',
        media: { media_ids: [mediaId] },
      });
      const found = await client.v2.singleTweet(data.id, { 'tweet.fields': ['attachments'] });
      expect(found.data.attachments).toEqual({ media_keys: [`3_${mediaId}`] });
    });

    it('refuses a file that is not what its media_type says, and media ids that are not ready', async () => {
      const client = userClient(fake);
      const error = await rejection(
        client.v2.uploadMedia(Buffer.from('not a png at all'), { media_type: 'image/png' }),
        ApiResponseError,
      );
      expect(error.code).toBe(400);
      const bad = await rejection(
        client.v2.tweet({ text: 'Bad media', media: { media_ids: ['1234'] } }),
        ApiResponseError,
      );
      expect(bad.code).toBe(400);
      expect(bad.data.errors?.[0]).toMatchObject({ message: 'Your media IDs are invalid.' });
    });

    it('makes video wait for processing, which uploadMedia polls through', async () => {
      const client = userClient(fake);
      const mediaId = await client.v2.uploadMedia(Buffer.alloc(64, 1), { media_type: 'video/mp4' });
      expect(fake.requestsTo('GET /2/media/upload').length).toBeGreaterThanOrEqual(2);
      await client.v2.tweet({ text: 'With a video', media: { media_ids: [mediaId] } });
    });

    it('needs media.write with OAuth 2.0', async () => {
      const tokens = fake.grantOAuth2('cv_demo', ['tweet.read', 'tweet.write', 'users.read']);
      const error = await rejection(
        bearerClient(fake, tokens.accessToken).v2.uploadMedia(PNG, { media_type: 'image/png' }),
        ApiResponseError,
      );
      expect(error.code).toBe(403);
      const allowed = fake.grantOAuth2('cv_demo');
      await expect(
        bearerClient(fake, allowed.accessToken).v2.uploadMedia(PNG, { media_type: 'image/png' }),
      ).resolves.toMatch(/^\d+$/);
    });
  });

  describe('control API for a fake running as its own process', () => {
    async function control<T = Record<string, never>>(
      method: string,
      path: string,
      body?: unknown,
    ) {
      const response = await fetch(`${fake.url}/__fake${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return {
        status: response.status,
        body: (response.status === 204 ? undefined : await response.json()) as T,
      };
    }

    it('arms faults, lists requests and posts, sets metrics and resets', async () => {
      const armed = await control('POST', '/faults', {
        endpoint: 'POST /2/tweets',
        kind: '5xx-after-accept',
      });
      expect(armed).toMatchObject({
        status: 201,
        body: { fault: { kind: '5xx-after-accept', hits: 0 } },
      });
      const client = userClient(fake);
      expect(
        (await rejection(client.v2.tweet('Through the control API'), ApiResponseError)).code,
      ).toBe(503);

      const tweets = await control<{ tweets: Array<{ id: string }> }>(
        'GET',
        '/tweets?account=cv_demo',
      );
      expect(tweets.body.tweets).toEqual([
        expect.objectContaining({ text: 'Through the control API', createdAt: expect.any(String) }),
      ]);
      const id = tweets.body.tweets[0]?.id ?? '';
      expect((await control('PATCH', `/tweets/${id}/metrics`, { like_count: 3 })).status).toBe(200);
      expect(
        (await client.v2.singleTweet(id, { 'tweet.fields': ['public_metrics'] })).data
          .public_metrics?.like_count,
      ).toBe(3);

      const requests = await control<{ requests: unknown[] }>(
        'GET',
        `/requests?endpoint=${encodeURIComponent('POST /2/tweets')}`,
      );
      expect(requests.body.requests).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/2/tweets',
          status: 503,
          fault: '5xx-after-accept',
          body: { text: 'Through the control API' },
        }),
      ]);

      expect((await control('POST', '/reset')).status).toBe(204);
      expect((await control<{ tweets: unknown[] }>('GET', '/tweets')).body.tweets).toEqual([]);
      expect((await control<{ requests: unknown[] }>('GET', '/requests')).body.requests).toEqual(
        [],
      );
    });

    it('lists and clears armed faults', async () => {
      await control('POST', '/faults', { endpoint: 'GET /2/users/me', kind: '401', times: 2 });
      const listed = await control<{ faults: unknown[] }>('GET', '/faults');
      expect(listed.body.faults).toEqual([
        expect.objectContaining({ endpoint: 'GET /2/users/me', kind: '401', times: 2 }),
      ]);
      expect((await control('DELETE', '/faults')).status).toBe(204);
      await expect(userClient(fake).v2.me()).resolves.toBeDefined();
    });

    it('records uploaded files by size', async () => {
      await userClient(fake).v2.uploadMedia(PNG, { media_type: 'image/png' });
      const appends = await control<{ requests: Array<{ body: unknown }> }>(
        'GET',
        `/requests?endpoint=${encodeURIComponent('POST /2/media/upload/:id/append')}`,
      );
      expect(appends.body.requests[0]?.body).toEqual({
        segment_index: '0',
        media: { bytes: PNG.length },
      });
    });

    it('runs the consent steps, manages accounts and issues tokens', async () => {
      const link = oauth2AppClient(fake).generateOAuth2AuthLink(CALLBACK, { scope: SCOPES });
      const consent = await control('POST', '/oauth2/authorize', {
        url: link.url,
        account: 'cv_second',
      });
      expect(consent.body).toMatchObject({ state: link.state, code: expect.any(String) });

      const oauth1Link = await appClient(fake).generateAuthLink(CALLBACK);
      const oauth1Consent = await control('POST', '/oauth1/authorize', {
        oauth_token: oauth1Link.oauth_token,
      });
      expect(oauth1Consent.body).toMatchObject({
        oauthVerifier: expect.any(String),
        callbackUrl: expect.stringContaining(CALLBACK),
      });

      const granted = await control<{ accessToken: string }>(
        'POST',
        '/accounts/cv_second/oauth2-tokens',
        {
          scopes: ['tweet.read', 'users.read'],
        },
      );
      expect((await bearerClient(fake, granted.body.accessToken).v2.me()).data.username).toBe(
        'cv_second',
      );

      const created = await control<{ account: { username: string } }>('POST', '/accounts', {
        username: 'cv_third',
      });
      expect(created.body.account).toMatchObject({
        username: 'cv_third',
        accessToken: expect.any(String),
      });
      const third = userClient(fake, 'cv_third');
      expect((await third.v2.me()).data.username).toBe('cv_third');
      const listed = await control<{ accounts: Array<{ username: string }> }>('GET', '/accounts');
      expect(listed.body.accounts.map((a) => a.username)).toEqual([
        'cv_demo',
        'cv_second',
        'cv_third',
      ]);

      expect((await control('POST', '/accounts/cv_third/revoke')).status).toBe(204);
      expect((await rejection(third.v2.me(), ApiResponseError)).code).toBe(401);
    });

    it('reports bad control input as 400 with the reason', async () => {
      const bad = await control<{ error: string }>('POST', '/faults', {
        endpoint: 'POST /2/tweets',
        kind: 'meltdown',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/kind must be one of/);
      const unknown = await control<{ error: string }>('GET', '/nothing-here');
      expect(unknown.status).toBe(404);
    });

    it('keeps its own traffic out of the request log', async () => {
      await control('GET', '/tweets');
      expect(fake.requests).toHaveLength(0);
    });
  });
});
