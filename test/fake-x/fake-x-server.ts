import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultInjector, type Fault, type FaultKind, type FaultSpec } from './faults.js';
import { OAuth1Authority, type OAuth1Request } from './oauth1.js';
import { OAuth2Authority, type OAuth2TokenSet } from './oauth2.js';
import { RateLimitLedger, X_RATE_LIMITS, type RateLimitRule } from './rate-limits.js';
import {
  FakeXStore,
  type FakeAccount,
  type FakeMedia,
  type FakeTweet,
  type FakeTweetMetrics,
} from './store.js';
import {
  duplicateContent,
  invalidRequest,
  isPlainObject,
  json,
  JSON_TYPE,
  parseBody,
  problem,
  readBody,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unknownPath,
  type FakeReply,
  type RequestBody,
} from './wire.js';
import { xEndpoints, type Viewer, type XEndpoint } from './x-endpoints.js';

/** The X developer app the fake knows: OAuth 1.0a consumer keys and the OAuth 2.0 client. */
export interface FakeXApp {
  consumerKey: string;
  consumerSecret: string;
  clientId: string;
  /** Unset: a public OAuth 2.0 client (PKCE only, client_id in the body). */
  clientSecret?: string;
}

export interface FakeXOptions {
  /** 0 (default) picks a free port. The server only ever listens on 127.0.0.1. */
  port?: number;
  /** Delay before every X API answer, e.g. 20 ms to look like a real network in benchmarks. */
  latencyMs?: number;
  app?: Partial<Omit<FakeXApp, 'clientSecret'>> & { clientSecret?: string | null };
  /** Accounts to create at start; default one demo account, @cv_demo. */
  accounts?: Array<{ username: string; name?: string }>;
  /** OAuth 2.0 access token lifetime; X's is 2 h. */
  accessTokenTtlSec?: number;
  /** Per-endpoint limits replacing the defaults of `X_RATE_LIMITS`. */
  rateLimits?: Record<string, RateLimitRule>;
  /** How far back an identical text of the same account makes a post a duplicate (default 24 h). */
  duplicateWindowSec?: number;
  /** The fake's clock (ms); tests move it to expire tokens or reset rate-limit windows. */
  now?: () => number;
}

/** One request the fake received, as it arrived (and how it was answered). */
export interface FakeRequest {
  seq: number;
  at: Date;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** JSON value, form or multipart fields (files as Buffers), text, or undefined when empty. */
  body: unknown;
  /** The matched route, e.g. `POST /2/tweets`; null for an unknown path. */
  endpoint: string | null;
  accountId?: string;
  /** Why authentication failed, when it did. */
  authFailure?: string;
  fault?: FaultKind;
  /** Undefined while unanswered (and forever for `accept-then-hang` or `connection-reset`). */
  status?: number;
}

export interface FakeX {
  /** e.g. http://127.0.0.1:40123 — give it to the app as X_API_BASE_URL. */
  readonly url: string;
  readonly app: FakeXApp;
  readonly accounts: FakeAccount[];
  /** Every request to an X endpoint, oldest first (control calls under /__fake/ are not listed). */
  readonly requests: FakeRequest[];
  /** Every live post of every account, oldest first. */
  readonly tweets: FakeTweet[];
  readonly media: FakeMedia[];
  latencyMs: number;
  requestsTo(endpoint: string): FakeRequest[];
  addAccount(input: { username: string; name?: string }): FakeAccount;
  account(idOrUsername: string): FakeAccount;
  /** An account's posts, newest first. */
  timeline(account: string): FakeTweet[];
  setMetrics(tweetId: string, metrics: Partial<FakeTweetMetrics>): FakeTweet;
  /** A post by `account` stored without a request (benchmarks seed thousands this way). */
  addTweet(account: string, text: string): FakeTweet;
  inject(fault: FaultSpec): Fault;
  faults(): Fault[];
  clearFaults(): void;
  /** The consent step of OAuth 1.0a three-legged login, done as `account` (default: the first). */
  authorizeOAuth1(
    oauthToken: string,
    account?: string,
  ): { oauthVerifier: string; callbackUrl?: string };
  /** The consent step of OAuth 2.0 PKCE for a `generateOAuth2AuthLink` URL, done as `account`. */
  authorizeOAuth2(
    authorizeUrl: string,
    account?: string,
  ): { code: string; state: string; callbackUrl: string };
  /** OAuth 2.0 tokens for `account` without the consent dance. */
  grantOAuth2(account: string, scopes?: string[]): OAuth2TokenSet;
  /** The person revokes the app on x.com: its OAuth 2.0 tokens and OAuth 1.0a token stop working. */
  revokeAccess(account: string): void;
  /** Forgets posts, media, requests, faults, rate-limit windows and pending logins; keeps accounts and tokens. */
  reset(): void;
  /** Stops the server and destroys every open connection, including hanging ones. */
  close(): Promise<void>;
}

export const DEFAULT_FAKE_X_APP: Required<FakeXApp> = {
  consumerKey: 'fake-x-consumer-key',
  consumerSecret: 'fake-x-consumer-secret',
  clientId: 'fake-x-client-id',
  clientSecret: 'fake-x-client-secret',
};

const TEXT_TYPE = 'text/plain; charset=utf-8';

const DEFAULT_OAUTH2_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'offline.access',
  'media.write',
];

type Route =
  | { kind: 'user'; key: string; match: RegExp; endpoint: XEndpoint }
  | { kind: 'open'; key: string; match: RegExp; serve: (call: OpenCall) => FakeReply };

interface OpenCall {
  url: URL;
  body: RequestBody;
  authorization: string | undefined;
  oauth1: OAuth1Request;
}

/** Starts an offline X API on 127.0.0.1 for the real twitter-api-v2 client (see XBaseUrlPlugin). */
export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const now = options.now ?? Date.now;
  const { clientSecret, ...appOverrides } = options.app ?? {};
  const app: FakeXApp = { ...DEFAULT_FAKE_X_APP, ...appOverrides };
  if (clientSecret === null) delete app.clientSecret;
  else if (clientSecret !== undefined) app.clientSecret = clientSecret;

  const store = new FakeXStore(now);
  for (const account of options.accounts ?? [{ username: 'cv_demo', name: 'Countervoice Demo' }]) {
    store.addAccount(account);
  }
  const oauth1 = new OAuth1Authority(app, store, now);
  const oauth2 = new OAuth2Authority(app, store, now, options.accessTokenTtlSec ?? 7200);
  const rateLimits = new RateLimitLedger({ ...X_RATE_LIMITS, ...options.rateLimits }, now);
  const routes = buildRoutes();
  const faults = new FaultInjector(routes.map((r) => r.key));
  let requests: FakeRequest[] = [];
  let latencyMs = options.latencyMs ?? 0;

  function buildRoutes(): Route[] {
    const compile = (method: string, pattern: string) => ({
      key: `${method} ${pattern}`,
      match: new RegExp(`^${method} ${pattern.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`),
    });
    const open = (
      method: string,
      pattern: string,
      serve: (call: OpenCall) => FakeReply,
    ): Route => ({
      kind: 'open',
      ...compile(method, pattern),
      serve,
    });
    const user: Route[] = xEndpoints({
      store,
      now,
      duplicateWindowSec: options.duplicateWindowSec ?? 86_400,
    }).map((endpoint) => ({
      kind: 'user',
      ...compile(endpoint.method, endpoint.pattern),
      endpoint,
    }));
    return [
      ...user,
      open('POST', '/oauth/request_token', (c) => oauth1.issueRequestToken(c.oauth1)),
      open('POST', '/oauth/access_token', (c) => oauth1.exchangeRequestToken(c.oauth1)),
      open('POST', '/2/oauth2/token', (c) => oauth2.token(c.body, c.authorization)),
      open('POST', '/2/oauth2/revoke', (c) => oauth2.revoke(c.body, c.authorization)),
      // The browser pages of x.com, so a demo can click through "connect an account".
      open('GET', '/oauth/authorize', consentOAuth1),
      open('GET', '/oauth/authenticate', consentOAuth1),
      open('GET', '/i/oauth2/authorize', ({ url }) =>
        consentPage(() => {
          const { callbackUrl } = oauth2.approve(url.toString(), consentingAccount(url));
          return { status: 302, headers: { location: callbackUrl } };
        }),
      ),
    ];
  }

  function consentOAuth1({ url }: OpenCall): FakeReply {
    return consentPage(() => {
      const token = url.searchParams.get('oauth_token') ?? '';
      const result = oauth1.approve(token, consentingAccount(url));
      if (result.callbackUrl) return { status: 302, headers: { location: result.callbackUrl } };
      return { status: 200, contentType: TEXT_TYPE, body: `PIN: ${result.oauthVerifier}` };
    });
  }

  /** A consent page shows what is wrong with the link instead of redirecting. */
  function consentPage(approve: () => FakeReply): FakeReply {
    try {
      return approve();
    } catch (error) {
      return { status: 400, contentType: TEXT_TYPE, body: (error as Error).message };
    }
  }

  // X's consent page acts for whoever is signed in; the fake takes `?as=<username>` or its first account.
  function consentingAccount(url: URL): FakeAccount {
    const as = url.searchParams.get('as');
    return as ? store.account(as) : firstAccount();
  }

  function firstAccount(): FakeAccount {
    const first = store.accounts[0];
    if (!first) throw new Error('The fake X has no accounts');
    return first;
  }

  function findRoute(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const route of routes) {
      const m = route.match.exec(`${method} ${path}`);
      if (m) return { route, params: { ...m.groups } };
    }
    return undefined;
  }

  async function serveX(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const found = findRoute(method, url.pathname);
    const record: FakeRequest = {
      seq: requests.length + 1,
      at: new Date(now()),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: undefined,
      endpoint: found?.route.key ?? null,
    };
    requests.push(record);
    const answer = (reply: FakeReply) => {
      record.status = reply.status;
      send(res, reply);
    };
    const fault = found ? faults.take(found.route.key) : undefined;
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'connection-reset') {
      req.socket.destroy();
      return;
    }

    let body: RequestBody;
    try {
      body = parseBody(req.headers['content-type'], await readBody(req));
    } catch (error) {
      return answer(
        invalidRequest([
          { message: `The request body could not be read: ${(error as Error).message}` },
        ]),
      );
    }
    record.body = recordedBody(body);
    if (latencyMs > 0) await sleep(latencyMs);
    if (!found) return answer(unknownPath());

    if (fault) {
      const early = earlyFaultReply(fault, found.route.key);
      if (early) return answer(early);
    }
    const reply = serveRoute(found.route, found.params, url, req, body, record);
    if (fault?.kind === 'accept-then-hang') return;
    answer(fault?.kind === '5xx-after-accept' ? serviceUnavailable(fault.status) : reply);
  }

  /** Faults that refuse before doing anything; the after-accept kinds return undefined. */
  function earlyFaultReply(fault: Fault, endpoint: string): FakeReply | undefined {
    switch (fault.kind) {
      case '429':
        return {
          ...tooManyRequests(),
          headers: rateLimits.exhaustedHeaders(endpoint, fault.resetInSec ?? 60),
        };
      case '5xx':
        return serviceUnavailable(fault.status);
      case 'duplicate':
        return duplicateContent();
      case '401':
        return unauthorized();
      default:
        return undefined;
    }
  }

  function serveRoute(
    route: Route,
    params: Record<string, string>,
    url: URL,
    req: IncomingMessage,
    body: RequestBody,
    record: FakeRequest,
  ): FakeReply {
    const authorization = req.headers.authorization;
    const originalHost = headerValue(req.headers['x-original-host']) ?? 'api.x.com';
    const oauth1Request: OAuth1Request = {
      method: req.method ?? 'GET',
      signedUrl: `https://${originalHost}${url.pathname}`,
      query: [...url.searchParams],
      body,
      authorization,
    };
    try {
      if (route.kind === 'open')
        return route.serve({ url, body, authorization, oauth1: oauth1Request });
      const who = authorization?.startsWith('Bearer ')
        ? oauth2.authenticateBearer(authorization)
        : toViewer(oauth1.authenticateUser(oauth1Request));
      if ('failure' in who) {
        record.authFailure = who.failure;
        return unauthorized();
      }
      const viewer: Viewer = who;
      record.accountId = viewer.account.id;
      const { endpoint } = route;
      const missing =
        viewer.scopes === 'all' ? [] : endpoint.scopes.filter((s) => !viewer.scopes.includes(s));
      if (missing.length) {
        // X's own wording here is a bare "Forbidden"; naming the scopes saves debugging time.
        return problem(
          403,
          'Forbidden',
          `Missing OAuth 2.0 scope(s) for this endpoint: ${missing.join(', ')}`,
        );
      }
      const unknown = [...url.searchParams.keys()].filter((k) => !endpoint.queryParams.includes(k));
      if (unknown.length) {
        return invalidRequest(
          unknown.map((k) => ({
            message: `The query parameter [${k}] is not one of [${endpoint.queryParams.join(',')}]`,
            parameters: { [k]: url.searchParams.getAll(k) },
          })),
        );
      }
      const limit = rateLimits.take(route.key, viewer.account.id);
      if (limit && !limit.allowed) return { ...tooManyRequests(), headers: limit.headers };
      const reply = endpoint.handle({ params, query: url.searchParams, body, viewer });
      return limit ? { ...reply, headers: { ...limit.headers, ...reply.headers } } : reply;
    } catch (error) {
      return problem(
        500,
        'Internal Server Error',
        `The fake X failed: ${(error as Error).message}`,
      );
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith('/__fake/')
      ? serveControl(req, res, url)
      : serveX(req, res, url);
    work.catch((error: unknown) => {
      if (!res.headersSent)
        send(res, problem(500, 'Internal Server Error', (error as Error).message));
    });
  });
  // Longer than any client keeps an idle socket, so the fake never closes one a client is about to reuse.
  server.keepAliveTimeout = 65_000;

  async function serveControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname}`;
    const ok = (status: number, value?: unknown) =>
      send(
        res,
        value === undefined ? { status } : json(status, JSON.stringify(value, controlJson)),
      );
    let m: RegExpExecArray | null;
    try {
      const raw = await readBody(req);
      const input: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      const body = isPlainObject(input) ? input : {};
      if (route === 'GET /__fake/requests') {
        const endpoint = url.searchParams.get('endpoint');
        return ok(200, { requests: endpoint ? fake.requestsTo(endpoint) : fake.requests });
      }
      if (route === 'GET /__fake/tweets') {
        const account = url.searchParams.get('account');
        return ok(200, { tweets: account ? fake.timeline(account) : fake.tweets });
      }
      if ((m = /^PATCH \/__fake\/tweets\/(\d+)\/metrics$/.exec(route))) {
        return ok(200, { tweet: fake.setMetrics(m[1] ?? '', body as Partial<FakeTweetMetrics>) });
      }
      if (route === 'GET /__fake/faults') return ok(200, { faults: fake.faults() });
      if (route === 'POST /__fake/faults')
        return ok(201, { fault: fake.inject(body as unknown as FaultSpec) });
      if (route === 'DELETE /__fake/faults') return (fake.clearFaults(), ok(204));
      if (route === 'POST /__fake/reset') return (fake.reset(), ok(204));
      if (route === 'GET /__fake/accounts') return ok(200, { app, accounts: fake.accounts });
      if (route === 'POST /__fake/accounts') {
        return ok(201, { account: fake.addAccount(body as { username: string; name?: string }) });
      }
      if ((m = /^POST \/__fake\/accounts\/([^/]+)\/revoke$/.exec(route))) {
        return (fake.revokeAccess(decodeURIComponent(m[1] ?? '')), ok(204));
      }
      if ((m = /^POST \/__fake\/accounts\/([^/]+)\/oauth2-tokens$/.exec(route))) {
        const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : undefined;
        return ok(201, fake.grantOAuth2(decodeURIComponent(m[1] ?? ''), scopes));
      }
      if (route === 'POST /__fake/oauth1/authorize') {
        return ok(
          200,
          fake.authorizeOAuth1(String(body.oauth_token ?? ''), optionalString(body.account)),
        );
      }
      if (route === 'POST /__fake/oauth2/authorize') {
        return ok(200, fake.authorizeOAuth2(String(body.url ?? ''), optionalString(body.account)));
      }
      return send(res, json(404, { error: `No control route ${route}` }));
    } catch (error) {
      return send(res, json(400, { error: (error as Error).message }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakeX = {
    url: `http://127.0.0.1:${port}`,
    app,
    get accounts() {
      return store.accounts;
    },
    get requests() {
      return [...requests];
    },
    get tweets() {
      return store.tweets;
    },
    get media() {
      return store.allMedia;
    },
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(ms: number) {
      latencyMs = ms;
    },
    requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
    addAccount: (input) => store.addAccount(input),
    account: (idOrUsername) => store.account(idOrUsername),
    timeline: (account) => store.timeline(store.account(account).id),
    setMetrics: (tweetId, metrics) => store.setMetrics(tweetId, metrics),
    addTweet: (account, text) => store.createTweet(store.account(account), { text, mediaKeys: [] }),
    inject: (spec) => faults.add(spec),
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    authorizeOAuth1: (oauthToken, account) =>
      oauth1.approve(oauthToken, account ? store.account(account) : firstAccount()),
    authorizeOAuth2: (authorizeUrl, account) =>
      oauth2.approve(authorizeUrl, account ? store.account(account) : firstAccount()),
    grantOAuth2: (account, scopes = DEFAULT_OAUTH2_SCOPES) =>
      oauth2.grant(store.account(account), scopes),
    revokeAccess: (account) => {
      const target = store.account(account);
      oauth2.revokeAccount(target);
      store.rotateAccessToken(target);
    },
    reset: () => {
      store.clearContent();
      requests = [];
      faults.clear();
      rateLimits.clear();
      oauth1.clearPending();
      oauth2.clearPending();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}

function toViewer(
  result: { account: FakeAccount } | { failure: string },
): Viewer | { failure: string } {
  return 'failure' in result ? result : { account: result.account, scopes: 'all' };
}

function send(res: ServerResponse, reply: FakeReply): void {
  const payload =
    reply.body === undefined
      ? ''
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(reply.body === undefined ? {} : { 'content-type': reply.contentType ?? JSON_TYPE }),
    ...reply.headers,
  });
  res.end(payload);
}

function recordedBody(body: RequestBody): unknown {
  switch (body.kind) {
    case 'json':
      return body.value;
    case 'form':
    case 'multipart':
      return body.fields;
    case 'text':
      return body.text;
    case 'none':
      return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** JSON for the control API: files become their size, and a Buffer's bytes are not dumped. */
function controlJson(this: unknown, key: string, value: unknown): unknown {
  const original = isPlainObject(this) ? this[key] : undefined;
  return Buffer.isBuffer(original) ? { bytes: original.length } : value;
}
