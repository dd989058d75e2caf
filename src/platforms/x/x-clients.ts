import { Inject, Injectable } from '@nestjs/common';
import { TwitterApi } from 'twitter-api-v2';
import { LruMap } from '../../common/lru-map.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { xClientSettings } from './x-base-url.plugin.js';
import type { XConfig } from './x-config.js';
import type { XCredentials } from './x-credentials.js';
import { XOAuth1Signer } from './x-oauth1-signer.js';

/** More channels than any deployment publishes to; past it the least recently used client goes. */
const MAX_CHANNEL_CLIENTS = 10_000;

/** What a client signs with: two credentials with the same signature material share a client. */
const signingMaterial = (credentials: XCredentials) =>
  credentials.kind === 'oauth2'
    ? `oauth2\n${credentials.accessToken}`
    : `oauth1\n${credentials.accessToken}\n${credentials.accessSecret}`;

/**
 * Builds every twitter-api-v2 client of the app, so each one has the request timeout and, in
 * tests and demos, points at the fake X. The app-level clients are undefined when their keys
 * are not configured.
 */
@Injectable()
export class XClients {
  private readonly settings: ReturnType<typeof xClientSettings>;
  private readonly x: XConfig;
  /**
   * One client per channel, kept while the channel's credentials stay the same: building a
   * client (and its OAuth 1.0a signer) for every request was a large share of a publishing
   * burst's CPU. The entry is checked against the credentials of every call, so a rotated,
   * refreshed or reconnected credential replaces it on first use, in every process.
   */
  private readonly channelClients = new LruMap<string, { material: string; client: TwitterApi }>(
    MAX_CHANNEL_CLIENTS,
  );

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.x = config.x;
    this.settings = xClientSettings({
      baseUrl: config.x.apiBaseUrl,
      timeoutMs: config.x.timeoutMs,
    });
  }

  /**
   * A client acting as the connected account; undefined for OAuth 1.0a without consumer keys.
   * An OAuth 1.0a account's requests are signed by `XOAuth1Signer`, placed first among the
   * plugins so that it signs the URL X is asked for, before the base-URL plugin rewrites it.
   */
  forAccount(credentials: XCredentials): TwitterApi | undefined {
    if (credentials.kind === 'oauth2')
      return new TwitterApi(credentials.accessToken, this.settings);
    const { appKey, appSecret } = this.x;
    if (!appKey || !appSecret) return undefined;
    const signer = new XOAuth1Signer(
      { key: appKey, secret: appSecret },
      { key: credentials.accessToken, secret: credentials.accessSecret },
    );
    return new TwitterApi(undefined, { plugins: [signer, ...this.settings.plugins] });
  }

  /**
   * `forAccount` for a channel's publishing and reading, reusing the channel's client for as long
   * as it signs with exactly these credentials.
   */
  forChannel(channelId: string, credentials: XCredentials): TwitterApi | undefined {
    const material = signingMaterial(credentials);
    const cached = this.channelClients.get(channelId);
    if (cached?.material === material) return cached.client;
    const client = this.forAccount(credentials);
    if (client) this.channelClients.set(channelId, { material, client });
    else this.channelClients.delete(channelId);
    return client;
  }

  /**
   * The app's OAuth 1.0a consumer, optionally holding a request token: the consent handshake
   * (request token, access token), signed by the library itself.
   */
  oauth1(token?: { accessToken: string; accessSecret: string }): TwitterApi | undefined {
    const { appKey, appSecret } = this.x;
    if (!appKey || !appSecret) return undefined;
    return new TwitterApi({ appKey, appSecret, ...token }, this.settings);
  }

  /** The app's OAuth 2.0 client: authorize links, code exchange and token refresh. */
  oauth2(): TwitterApi | undefined {
    const { clientId, clientSecret } = this.x;
    if (!clientId) return undefined;
    return new TwitterApi({ clientId, ...(clientSecret ? { clientSecret } : {}) }, this.settings);
  }

  /**
   * Where to send the browser for consent. With X_API_BASE_URL set, the fake X serves the x.com
   * consent pages itself, so a demo can click through them.
   */
  consentPage(link: string): string {
    if (!this.x.apiBaseUrl) return link;
    const url = new URL(link);
    const base = new URL(this.x.apiBaseUrl);
    url.protocol = base.protocol;
    url.host = base.host;
    return url.toString();
  }

  callbackUrl(path: string): string {
    return `${this.x.callbackBaseUrl}${path}`;
  }
}
