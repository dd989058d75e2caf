import * as http from 'node:http';
import type { ITwitterApiBeforeRequestHookArgs } from 'twitter-api-v2';
import { XBaseUrlPlugin, XRequestTimeoutPlugin, xClientSettings } from './x-base-url.plugin.js';

/** The arguments twitter-api-v2 hands to onBeforeRequest, after it has built and signed the request. */
function hookArgs(href: string, timeout?: number) {
  const url = new URL(href);
  const args = {
    client: undefined as never,
    url: new URL(href),
    params: { url: href, method: 'POST' },
    computedParams: {
      rawUrl: url.origin + url.pathname,
      url,
      method: 'POST',
      headers: {},
      body: undefined,
    },
    requestOptions: {
      method: 'POST',
      headers: { authorization: 'OAuth oauth_signature="abc"' },
      timeout,
    },
  } satisfies ITwitterApiBeforeRequestHookArgs;
  return args;
}

describe('XBaseUrlPlugin', () => {
  it('sends a request to the fake origin, keeping path, query and the signed headers', () => {
    const args = hookArgs('https://api.x.com/2/tweets?ids=1%2C2');
    new XBaseUrlPlugin('http://127.0.0.1:4010').onBeforeRequest(args);

    expect(args.computedParams.url.href).toBe('http://127.0.0.1:4010/2/tweets?ids=1%2C2');
    expect(args.requestOptions.headers).toEqual({
      authorization: 'OAuth oauth_signature="abc"',
      'x-original-host': 'api.x.com',
    });
    expect(args.requestOptions).toHaveProperty('agent', expect.any(http.Agent));
  });

  it('tells the fake which X host the request was for', () => {
    const args = hookArgs('https://upload.x.com/1.1/media/upload.json');
    new XBaseUrlPlugin('http://127.0.0.1:4010').onBeforeRequest(args);
    expect(args.requestOptions.headers).toHaveProperty('x-original-host', 'upload.x.com');
  });

  it('keeps the form-encoded parsing of the OAuth 1.0a token endpoints', () => {
    const oauth = hookArgs('https://api.x.com/oauth/request_token');
    const v2 = hookArgs('https://api.x.com/2/oauth2/token');
    const plugin = new XBaseUrlPlugin('http://127.0.0.1:4010');
    plugin.onBeforeRequest(oauth);
    plugin.onBeforeRequest(v2);
    expect(oauth.params).toHaveProperty('forceParseMode', 'url');
    expect(v2.params).not.toHaveProperty('forceParseMode');
  });

  it('shares one keep-alive agent per origin across clients', () => {
    const a = hookArgs('https://api.x.com/2/tweets');
    const b = hookArgs('https://api.x.com/2/tweets');
    const elsewhere = hookArgs('https://api.x.com/2/tweets');
    new XBaseUrlPlugin('http://127.0.0.1:4010').onBeforeRequest(a);
    new XBaseUrlPlugin('http://127.0.0.1:4010/').onBeforeRequest(b);
    new XBaseUrlPlugin('http://127.0.0.1:4011').onBeforeRequest(elsewhere);
    expect(Reflect.get(a.requestOptions, 'agent')).toBe(Reflect.get(b.requestOptions, 'agent'));
    expect(Reflect.get(a.requestOptions, 'agent')).not.toBe(
      Reflect.get(elsewhere.requestOptions, 'agent'),
    );
  });

  it('leaves the agent alone for an https origin', () => {
    const args = hookArgs('https://api.x.com/2/tweets');
    new XBaseUrlPlugin('https://x-proxy.internal:8443').onBeforeRequest(args);
    expect(args.computedParams.url.href).toBe('https://x-proxy.internal:8443/2/tweets');
    expect(args.requestOptions).not.toHaveProperty('agent');
  });

  it('refuses a base URL that is not http or https', () => {
    expect(() => new XBaseUrlPlugin('ftp://127.0.0.1')).toThrow(/http or https/);
  });
});

describe('XRequestTimeoutPlugin', () => {
  it('gives every request a timeout, unless the call set its own', () => {
    const plain = hookArgs('https://api.x.com/2/tweets');
    const own = hookArgs('https://api.x.com/2/tweets', 100);
    const plugin = new XRequestTimeoutPlugin(15_000);
    plugin.onBeforeRequest(plain);
    plugin.onBeforeRequest(own);
    expect(plain.requestOptions.timeout).toBe(15_000);
    expect(own.requestOptions.timeout).toBe(100);
  });

  it('refuses a timeout that is not a positive whole number of milliseconds', () => {
    expect(() => new XRequestTimeoutPlugin(0)).toThrow(/positive/);
    expect(() => new XRequestTimeoutPlugin(1.5)).toThrow(/positive/);
  });
});

describe('xClientSettings', () => {
  it('always sets the timeout and re-points only when a base URL is configured', () => {
    const production = xClientSettings({ timeoutMs: 10_000 }).plugins;
    const local = xClientSettings({ baseUrl: 'http://127.0.0.1:4010', timeoutMs: 10_000 }).plugins;
    expect(production).toEqual([expect.any(XRequestTimeoutPlugin)]);
    expect(local).toEqual([expect.any(XRequestTimeoutPlugin), expect.any(XBaseUrlPlugin)]);

    const args = hookArgs('https://api.x.com/2/tweets');
    for (const plugin of local) plugin.onBeforeRequest?.(args);
    expect(args.computedParams.url.origin).toBe('http://127.0.0.1:4010');
    expect(args.requestOptions.timeout).toBe(10_000);
  });
});
