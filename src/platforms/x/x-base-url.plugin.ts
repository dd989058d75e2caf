import * as http from 'node:http';
import type { ITwitterApiBeforeRequestHookArgs, ITwitterApiClientPlugin } from 'twitter-api-v2';

/**
 * twitter-api-v2 sets no timeout of its own, so a request X accepted but never answered would
 * hold a worker forever. Node applies this as an idle-socket timeout: the call fails with an
 * `ApiRequestError` once nothing has moved on the socket for `timeoutMs`.
 */
export class XRequestTimeoutPlugin implements ITwitterApiClientPlugin {
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new Error(`X request timeout must be a positive number of milliseconds: ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
  }

  onBeforeRequest({ requestOptions }: ITwitterApiBeforeRequestHookArgs): void {
    // A call that passes its own `timeout` option keeps it.
    requestOptions.timeout ??= this.timeoutMs;
  }
}

// One pool for every client pointed at the same local server, instead of one per connected account.
const plainHttpAgents = new Map<string, http.Agent>();

function plainHttpAgent(origin: string): http.Agent {
  let agent = plainHttpAgents.get(origin);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true });
    plainHttpAgents.set(origin, agent);
  }
  return agent;
}

/**
 * Sends every request to another X API origin (the offline fake X in tests and demos).
 *
 * The library hard-codes https://api.x.com and has no base-URL setting. The rewrite happens in
 * `onBeforeRequest`, after the library has chosen the body encoding and the request has been
 * signed for the original host (by the library, or by `XOAuth1Signer`, the plugin before this
 * one), so the wire format and the signature stay exactly as in production;
 * `x-original-host` lets the fake rebuild the signed URL.
 */
export class XBaseUrlPlugin implements ITwitterApiClientPlugin {
  private readonly target: URL;
  private readonly agent: http.Agent | undefined;

  constructor(baseUrl: string) {
    this.target = new URL(baseUrl);
    if (this.target.protocol !== 'http:' && this.target.protocol !== 'https:') {
      throw new Error(`X API base URL must use http or https: ${baseUrl}`);
    }
    // https.request only accepts an http: URL when it is given an http.Agent.
    this.agent = this.target.protocol === 'http:' ? plainHttpAgent(this.target.origin) : undefined;
  }

  onBeforeRequest({
    params,
    computedParams,
    requestOptions,
  }: ITwitterApiBeforeRequestHookArgs): void {
    const url = computedParams.url;
    const headers = (requestOptions.headers ??= {}) as Record<string, string>;
    headers['x-original-host'] = url.host;
    // The OAuth 1.0a token endpoints answer form-encoded, and the library only parses that when
    // the URL it sends to still starts with https://api.x.com/oauth/.
    if (url.hostname === 'api.x.com' && url.pathname.startsWith('/oauth/')) {
      params.forceParseMode ??= 'url';
    }
    url.protocol = this.target.protocol;
    url.hostname = this.target.hostname;
    url.port = this.target.port;
    if (this.agent) requestOptions.agent = this.agent;
  }
}

export interface XClientSettingsOptions {
  /** Another X API origin, e.g. the fake X at http://127.0.0.1:4010; unset means the real X. */
  baseUrl?: string;
  timeoutMs: number;
}

/** Settings for `new TwitterApi(credentials, settings)`; every client of the app is built with them. */
export function xClientSettings({ baseUrl, timeoutMs }: XClientSettingsOptions): {
  plugins: ITwitterApiClientPlugin[];
} {
  const plugins: ITwitterApiClientPlugin[] = [new XRequestTimeoutPlugin(timeoutMs)];
  if (baseUrl) plugins.push(new XBaseUrlPlugin(baseUrl));
  return { plugins };
}
