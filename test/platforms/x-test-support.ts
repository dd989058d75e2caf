import { randomBytes } from 'node:crypto';
import { TwitterApi } from 'twitter-api-v2';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { ChannelRow } from '../../src/channels/channels.repository.js';
import { ChannelsService } from '../../src/channels/channels.service.js';
import { CredentialStore } from '../../src/platforms/credential-store.js';
import { PlatformFailure } from '../../src/platforms/platform-adapter.js';
import { PlatformRegistry } from '../../src/platforms/platform-registry.js';
import type { PublishTarget } from '../../src/platforms/publish-target.js';
import { xClientSettings } from '../../src/platforms/x/x-base-url.plugin.js';
import type { XCredentials } from '../../src/platforms/x/x-credentials.js';
import type { FakeAccount } from '../fake-x/store.js';
import type { FakeX } from '../fake-x/fake-x-server.js';
import type { TestApp } from '../support/test-app.js';

/** The app's X settings for a fake X: its consumer keys and OAuth 2.0 client. */
export function xEnv(fake: FakeX, extra: Record<string, string> = {}): Record<string, string> {
  return {
    X_API_BASE_URL: fake.url,
    X_APP_KEY: fake.app.consumerKey,
    X_APP_SECRET: fake.app.consumerSecret,
    X_CLIENT_ID: fake.app.clientId,
    X_CLIENT_SECRET: fake.app.clientSecret ?? '',
    ...extra,
  };
}

/** A fresh account on the fake, so tests never share a timeline, duplicates or rate limits. */
export function newAccount(fake: FakeX): FakeAccount {
  return fake.addAccount({ username: `cv_${randomBytes(5).toString('hex')}` });
}

/** An X channel for `account`, connected with OAuth 1.0a or with OAuth 2.0 tokens from the fake. */
export async function xChannel(
  t: TestApp,
  fake: FakeX,
  account: FakeAccount,
  auth: 'oauth1' | 'oauth2' | 'none',
  options: { expiresInMs?: number } = {},
): Promise<{ channel: ChannelRow; credentials?: XCredentials }> {
  let credentials: XCredentials | undefined;
  if (auth === 'oauth1') {
    credentials = {
      kind: 'oauth1',
      accessToken: account.accessToken,
      accessSecret: account.accessSecret,
    };
  } else if (auth === 'oauth2') {
    const tokens = fake.grantOAuth2(account.username);
    credentials = {
      kind: 'oauth2',
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? '',
      expiresAt: new Date(
        Date.now() + (options.expiresInMs ?? tokens.expiresIn * 1000),
      ).toISOString(),
    };
  }
  const channel = await t.app.get(ChannelsService).create(SYSTEM_ACTOR, {
    platform: 'x',
    handle: account.username,
    language: 'en',
    timezone: 'UTC',
    ...(credentials ? { credentials: { ...credentials } } : {}),
  });
  return { channel, credentials };
}

/** What is stored for the channel now: the raw column and its decrypted credentials. */
export async function storedCredentials(
  t: TestApp,
  channelId: string,
): Promise<{ column: string; credentials: XCredentials | null }> {
  const row = await t.app.get(ChannelsService).get(channelId);
  const credentials = t.app.get(CredentialStore).unseal(row.credentials) as XCredentials | null;
  return { column: row.credentials ?? '', credentials };
}

/** What the publisher hands an adapter for `channel`. */
export function targetOf(t: TestApp, channel: ChannelRow): PublishTarget {
  return t.app.get(PlatformRegistry).target(channel);
}

/** The fake's OAuth 2.0 client, as an outsider would use it, to check which refresh token is live. */
export function oauth2AppClient(fake: FakeX): TwitterApi {
  return new TwitterApi(
    { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret ?? '' },
    xClientSettings({ baseUrl: fake.url, timeoutMs: 5_000 }),
  );
}

export async function platformFailure(call: Promise<unknown>): Promise<PlatformFailure> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformFailure);
    return error as PlatformFailure;
  }
  throw new Error('expected the call to fail with a PlatformFailure');
}
