import { XAdapter } from '../../src/platforms/x/x-adapter.js';
import { ChannelsService } from '../../src/channels/channels.service.js';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import type { FakeAccount } from '../fake-x/store.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { newAccount, storedCredentials, targetOf, xEnv } from './x-test-support.js';

const PUBLIC_BASE_URL = 'http://countervoice.test:3000';
const OAUTH2_CALLBACK = `${PUBLIC_BASE_URL}/api/channels/connect/x/oauth2/callback`;
const OAUTH1_CALLBACK = `${PUBLIC_BASE_URL}/api/channels/connect/x/oauth1/callback`;

/** The redirect's query, after checking it goes to the channel settings page. */
function settingsRedirect(location: string | undefined): URLSearchParams {
  const url = new URL(location ?? '', 'http://relative.invalid');
  expect(url.origin + url.pathname).toBe('http://relative.invalid/settings/channels');
  return url.searchParams;
}

describe('connecting X accounts (OAuth 2.0 PKCE and OAuth 1.0a) against the fake X', () => {
  let fake: FakeX;
  let t: TestApp;
  let admin: SignedInClient;

  beforeAll(async () => {
    fake = await startFakeX();
    t = await startTestApp(xEnv(fake, { APP_ROLE: 'api', PUBLIC_BASE_URL }));
    admin = await t.as(['admin']);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function channelFor(account: FakeAccount, platform = 'x'): Promise<string> {
    const res = await admin
      .post('/api/channels', {
        platform,
        handle: account.username,
        language: 'en',
        timezone: 'Europe/London',
      })
      .expect(201);
    return res.body.id as string;
  }

  /** The browser's trip back from X: the callback URL X redirects to, fetched as a stranger. */
  function followCallback(callbackUrl: string) {
    const url = new URL(callbackUrl);
    return t.http().get(url.pathname + url.search);
  }

  describe('OAuth 2.0 with PKCE', () => {
    it('connects the channel: consent on X, code exchange, handle confirmed, tokens stored encrypted', async () => {
      const account = newAccount(fake);
      const id = await channelFor(account);

      const started = await admin.post(`/api/channels/${id}/connect/x/oauth2`).expect(200);
      const authorizeUrl = new URL(started.body.authorizeUrl as string);
      expect(Object.keys(started.body)).toEqual(['authorizeUrl']);
      // Re-pointed at the fake's consent page, which the fake serves like x.com does.
      expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${fake.url}/i/oauth2/authorize`);
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(OAUTH2_CALLBACK);
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('s256');
      expect(authorizeUrl.searchParams.get('scope')?.split(' ')).toEqual(
        expect.arrayContaining(['tweet.write', 'users.read', 'offline.access']),
      );

      const consent = fake.authorizeOAuth2(authorizeUrl.toString(), account.username);
      const back = await followCallback(consent.callbackUrl).expect(303);
      expect(Object.fromEntries(settingsRedirect(back.headers.location))).toEqual({
        connected: id,
      });

      const channel = await admin.get(`/api/channels/${id}`).expect(200);
      expect(channel.body).toMatchObject({ status: 'connected', hasCredentials: true });
      const { column, credentials } = await storedCredentials(t, id);
      if (credentials?.kind !== 'oauth2') throw new Error('expected OAuth 2.0 credentials');
      expect(credentials.refreshToken).toEqual(expect.any(String));
      expect(Date.parse(credentials.expiresAt)).toBeGreaterThan(Date.now() + 7_000_000);
      for (const secret of [credentials.accessToken, credentials.refreshToken ?? '']) {
        expect(column).not.toContain(secret);
        expect(JSON.stringify([started.body, channel.body])).not.toContain(secret);
      }
      const [row] = await t.query<{ platform_account_id: string }>(
        'SELECT platform_account_id FROM channels WHERE id = $1',
        [id],
      );
      expect(row?.platform_account_id).toBe(account.id);
      // Attributed to the admin who started it, although the callback itself is anonymous.
      const audit = await t.query(
        `SELECT actor_id FROM audit_events WHERE entity_id = $1 AND action = 'channel.credentials_set'`,
        [id],
      );
      expect(audit).toEqual([{ actor_id: admin.userId }]);

      // The stored tokens are the account's: the adapter publishes as it.
      const posted = await t.app
        .get(XAdapter)
        .createPost(
          targetOf(t, await t.app.get(ChannelsService).get(id)),
          'Connected through OAuth 2.0',
        );
      expect(fake.timeline(account.username).map((p) => p.id)).toEqual([posted.externalId]);
    });

    it('refuses to store tokens of another X account than the channel’s handle', async () => {
      const channelAccount = newAccount(fake);
      const otherAccount = newAccount(fake);
      const id = await channelFor(channelAccount);

      const started = await admin.post(`/api/channels/${id}/connect/x/oauth2`).expect(200);
      const consent = fake.authorizeOAuth2(started.body.authorizeUrl, otherAccount.username);
      const back = await followCallback(consent.callbackUrl).expect(303);

      const query = settingsRedirect(back.headers.location);
      expect(query.get('connectFailed')).toBe(id);
      expect(query.get('reason')).toBe('handle_mismatch');
      expect(query.get('detail')).toContain(`@${otherAccount.username}`);
      expect((await admin.get(`/api/channels/${id}`).expect(200)).body.hasCredentials).toBe(false);
      const audit = await t.query<{ actor_id: string; after: { reason: string } }>(
        `SELECT actor_id, after FROM audit_events WHERE entity_id = $1 AND action = 'channel.connect_refused'`,
        [id],
      );
      expect(audit).toEqual([
        { actor_id: admin.userId, after: expect.objectContaining({ reason: 'handle_mismatch' }) },
      ]);
    });

    it('takes each callback once: a replayed or forged state finds nothing', async () => {
      const account = newAccount(fake);
      const id = await channelFor(account);
      const started = await admin.post(`/api/channels/${id}/connect/x/oauth2`).expect(200);
      const consent = fake.authorizeOAuth2(started.body.authorizeUrl, account.username);
      await followCallback(consent.callbackUrl).expect(303);

      const replay = await followCallback(consent.callbackUrl).expect(303);
      expect(settingsRedirect(replay.headers.location).get('reason')).toBe('expired');
      const forged = await t
        .http()
        .get('/api/channels/connect/x/oauth2/callback?state=made-up&code=whatever')
        .expect(303);
      expect(Object.fromEntries(settingsRedirect(forged.headers.location))).toMatchObject({
        connectFailed: '',
        reason: 'expired',
      });
    });

    it('reports a consent the person declined on X', async () => {
      const account = newAccount(fake);
      const id = await channelFor(account);
      const started = await admin.post(`/api/channels/${id}/connect/x/oauth2`).expect(200);
      const state = new URL(started.body.authorizeUrl).searchParams.get('state') ?? '';

      const back = await t
        .http()
        .get(`/api/channels/connect/x/oauth2/callback?error=access_denied&state=${state}`)
        .expect(303);
      const query = settingsRedirect(back.headers.location);
      expect(query.get('connectFailed')).toBe(id);
      expect(query.get('reason')).toBe('denied');
      expect((await admin.get(`/api/channels/${id}`).expect(200)).body.hasCredentials).toBe(false);
    });
  });

  describe('OAuth 1.0a three-legged', () => {
    it('connects the channel by clicking through the consent page the fake serves for x.com', async () => {
      const account = newAccount(fake);
      const id = await channelFor(account);

      const started = await admin.post(`/api/channels/${id}/connect/x/oauth1`).expect(200);
      const authorizeUrl = new URL(started.body.authorizeUrl as string);
      expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${fake.url}/oauth/authorize`);
      expect(authorizeUrl.searchParams.get('screen_name')).toBe(account.username);

      // What a demo's browser does: open the link, signed in to X as the account.
      authorizeUrl.searchParams.set('as', account.username);
      const consent = await fetch(authorizeUrl, { redirect: 'manual' });
      expect(consent.status).toBe(302);
      const callbackUrl = consent.headers.get('location') ?? '';
      expect(callbackUrl.startsWith(`${OAUTH1_CALLBACK}?`)).toBe(true);
      const back = await followCallback(callbackUrl).expect(303);
      expect(settingsRedirect(back.headers.location).get('connected')).toBe(id);

      const { column, credentials } = await storedCredentials(t, id);
      expect(credentials).toEqual({
        kind: 'oauth1',
        accessToken: account.accessToken,
        accessSecret: account.accessSecret,
      });
      expect(column).not.toContain(account.accessToken);
      expect(column).not.toContain(account.accessSecret);
      const [row] = await t.query<{ platform_account_id: string; status: string }>(
        'SELECT platform_account_id, status FROM channels WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ platform_account_id: account.id, status: 'connected' });
    });

    it('refuses another account than the channel’s handle, and a replayed callback', async () => {
      const channelAccount = newAccount(fake);
      const otherAccount = newAccount(fake);
      const id = await channelFor(channelAccount);

      const started = await admin.post(`/api/channels/${id}/connect/x/oauth1`).expect(200);
      const token = new URL(started.body.authorizeUrl).searchParams.get('oauth_token') ?? '';
      const consent = fake.authorizeOAuth1(token, otherAccount.username);
      const back = await followCallback(consent.callbackUrl ?? '').expect(303);
      const query = settingsRedirect(back.headers.location);
      expect(query.get('connectFailed')).toBe(id);
      expect(query.get('reason')).toBe('handle_mismatch');
      expect((await storedCredentials(t, id)).credentials).toBeNull();

      const replay = await followCallback(consent.callbackUrl ?? '').expect(303);
      expect(settingsRedirect(replay.headers.location).get('reason')).toBe('expired');
    });

    it('reports a consent the person declined on X', async () => {
      const account = newAccount(fake);
      const id = await channelFor(account);
      const started = await admin.post(`/api/channels/${id}/connect/x/oauth1`).expect(200);
      const token = new URL(started.body.authorizeUrl).searchParams.get('oauth_token') ?? '';

      const back = await t
        .http()
        .get(`/api/channels/connect/x/oauth1/callback?denied=${encodeURIComponent(token)}`)
        .expect(303);
      const query = settingsRedirect(back.headers.location);
      expect(query.get('connectFailed')).toBe(id);
      expect(query.get('reason')).toBe('denied');
    });
  });

  describe('who may connect what', () => {
    it('lets only admins start connecting, and nobody without signing in', async () => {
      const id = await channelFor(newAccount(fake));
      const editor = await t.as([
        'editor',
        'author',
        'safety_reviewer',
        'legal_reviewer',
        'analyst',
      ]);
      for (const flow of ['oauth2', 'oauth1']) {
        await editor.post(`/api/channels/${id}/connect/x/${flow}`).expect(403);
        await t.http().post(`/api/channels/${id}/connect/x/${flow}`).expect(401);
      }
    });

    it('documents the four endpoints in the OpenAPI document', async () => {
      const doc = await t.http().get('/api/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/channels/{id}/connect/x/oauth2',
          '/api/channels/{id}/connect/x/oauth1',
          '/api/channels/connect/x/oauth2/callback',
          '/api/channels/connect/x/oauth1/callback',
        ]),
      );
      expect(doc.body.components.schemas.XAuthorizeLinkDto.required).toEqual(['authorizeUrl']);
    });

    it('refuses a sandbox channel, and an unknown one', async () => {
      const sandbox = await channelFor(newAccount(fake), 'sandbox');
      const refused = await admin.post(`/api/channels/${sandbox}/connect/x/oauth2`).expect(409);
      expect(refused.body.detail).toContain('sandbox');
      await admin
        .post('/api/channels/00000000-0000-4000-8000-000000000000/connect/x/oauth1')
        .expect(404);
    });
  });
});
