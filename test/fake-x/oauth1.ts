import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FakeAccount, FakeXStore } from './store.js';
import { json, type FakeReply, type RequestBody } from './wire.js';

/** The parts of a request that an OAuth 1.0a signature covers. */
export interface OAuth1Request {
  method: string;
  /** `https://<original host><path>`: what the client signed, before it was sent to the fake. */
  signedUrl: string;
  query: Array<[string, string]>;
  body: RequestBody;
  authorization: string | undefined;
}

export interface OAuth1Consumer {
  consumerKey: string;
  consumerSecret: string;
}

interface RequestToken {
  secret: string;
  callback: string;
  expiresAtMs: number;
  approval?: { accountId: string; verifier: string };
}

type Verified = { ok: true; token: string | undefined } | { ok: false; reason: string };

// X answers OAuth failures on its /oauth/ endpoints in the v1.1 error format.
const couldNotAuthenticate = (): FakeReply =>
  json(401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] });

const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;
const TIMESTAMP_TOLERANCE_SEC = 300;

/** RFC 3986 percent-encoding, as OAuth 1.0a (RFC 5849 §3.6) requires. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function parseAuthorizationHeader(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith('OAuth ')) return undefined;
  const params: Record<string, string> = {};
  try {
    for (const match of header.slice(6).matchAll(/([\w.~%-]+)="([^"]*)"/g)) {
      params[decodeURIComponent(match[1] ?? '')] = decodeURIComponent(match[2] ?? '');
    }
  } catch {
    return undefined;
  }
  return params;
}

/** RFC 5849 §3.4.1: method, base URL and every query, form and oauth_ parameter, sorted. */
function signatureBaseString(
  method: string,
  signedUrl: string,
  params: Array<[string, string]>,
): string {
  // twitter-api-v2 merges header, body and query parameters into one object before signing, so a
  // parameter sent twice with the same value (oauth_token on /oauth/access_token) is signed once.
  const distinct = new Map(params.map(([k, v]) => [`${k}\0${v}`, [k, v] as const]));
  const normalized = [...distinct.values()]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(signedUrl), percentEncode(normalized)].join('&');
}

/**
 * Verifies OAuth 1.0a HMAC-SHA1 signatures for the fake app's consumer key, and runs the
 * three-legged flow (request token → user approval → access token).
 */
export class OAuth1Authority {
  private readonly consumer: OAuth1Consumer;
  private readonly store: FakeXStore;
  private readonly now: () => number;
  private readonly requestTokens = new Map<string, RequestToken>();
  private readonly seenNonces = new Map<string, number>();

  constructor(consumer: OAuth1Consumer, store: FakeXStore, now: () => number) {
    this.consumer = consumer;
    this.store = store;
    this.now = now;
  }

  /** The account a v2 call acts for, when it is signed with that account's access token. */
  authenticateUser(request: OAuth1Request): { account: FakeAccount } | { failure: string } {
    const verified = this.verify(
      request,
      (token) => this.store.accountByAccessToken(token)?.accessSecret,
    );
    if (!verified.ok) return { failure: `OAuth 1.0a: ${verified.reason}` };
    const account =
      verified.token === undefined ? undefined : this.store.accountByAccessToken(verified.token);
    return account ? { account } : { failure: 'OAuth 1.0a: no user access token' };
  }

  /** POST /oauth/request_token, signed with the consumer credentials only. */
  issueRequestToken(request: OAuth1Request): FakeReply {
    const verified = this.verify(request, () => undefined);
    if (!verified.ok || verified.token !== undefined) return couldNotAuthenticate();
    const callback = this.param(request, 'oauth_callback');
    if (!callback) {
      return json(400, {
        errors: [
          {
            code: 417,
            message: "Desktop applications only support the oauth_callback value 'oob'",
          },
        ],
      });
    }
    const token = randomBytes(20).toString('base64url');
    const secret = randomBytes(24).toString('base64url');
    this.requestTokens.set(token, {
      secret,
      callback,
      expiresAtMs: this.now() + REQUEST_TOKEN_TTL_MS,
    });
    return formReply({
      oauth_token: token,
      oauth_token_secret: secret,
      oauth_callback_confirmed: 'true',
    });
  }

  /**
   * The step a person does on x.com: approve the app as `account`. Returns the verifier and,
   * unless the app asked for 'oob' (PIN), the callback URL X would redirect the browser to.
   */
  approve(
    oauthToken: string,
    account: FakeAccount,
  ): { oauthVerifier: string; callbackUrl?: string } {
    const pending = this.requestTokens.get(oauthToken);
    if (!pending || pending.expiresAtMs <= this.now()) {
      throw new Error(`No pending OAuth 1.0a request token "${oauthToken}"`);
    }
    const verifier = randomBytes(16).toString('base64url');
    pending.approval = { accountId: account.id, verifier };
    if (pending.callback === 'oob') return { oauthVerifier: verifier };
    const callbackUrl = new URL(pending.callback);
    callbackUrl.searchParams.set('oauth_token', oauthToken);
    callbackUrl.searchParams.set('oauth_verifier', verifier);
    return { oauthVerifier: verifier, callbackUrl: callbackUrl.toString() };
  }

  /** POST /oauth/access_token, signed with the approved request token; the token is single-use. */
  exchangeRequestToken(request: OAuth1Request): FakeReply {
    const verified = this.verify(request, (token) => this.requestTokens.get(token)?.secret);
    if (!verified.ok || verified.token === undefined) return couldNotAuthenticate();
    const pending = this.requestTokens.get(verified.token);
    const verifier = this.param(request, 'oauth_verifier');
    if (
      !pending?.approval ||
      pending.expiresAtMs <= this.now() ||
      verifier !== pending.approval.verifier
    ) {
      return {
        status: 401,
        contentType: 'text/plain; charset=utf-8',
        body: 'Error processing your OAuth request: Invalid oauth_verifier parameter',
      };
    }
    this.requestTokens.delete(verified.token);
    const account = this.store.account(pending.approval.accountId);
    return formReply({
      oauth_token: account.accessToken,
      oauth_token_secret: account.accessSecret,
      user_id: account.id,
      screen_name: account.username,
    });
  }

  clearPending(): void {
    this.requestTokens.clear();
    this.seenNonces.clear();
  }

  /** A parameter sent in the form body, the query or the Authorization header. */
  private param(request: OAuth1Request, name: string): string | undefined {
    const fromBody = request.body.kind === 'form' ? request.body.fields[name] : undefined;
    return (
      fromBody ??
      request.query.find(([k]) => k === name)?.[1] ??
      parseAuthorizationHeader(request.authorization)?.[name]
    );
  }

  private verify(
    request: OAuth1Request,
    tokenSecret: (token: string) => string | undefined,
  ): Verified {
    const oauth = parseAuthorizationHeader(request.authorization);
    if (!oauth) return { ok: false, reason: 'no OAuth Authorization header' };
    const { oauth_signature: signature, oauth_consumer_key: key, oauth_token: token } = oauth;
    if (!signature || key !== this.consumer.consumerKey)
      return { ok: false, reason: 'unknown consumer' };
    if (oauth.oauth_signature_method !== 'HMAC-SHA1') return { ok: false, reason: 'not HMAC-SHA1' };
    if (oauth.oauth_version !== undefined && oauth.oauth_version !== '1.0') {
      return { ok: false, reason: 'bad oauth_version' };
    }
    // The client stamps wall-clock time, so compare with the real clock even when tests move the fake's.
    const timestamp = Number(oauth.oauth_timestamp);
    if (
      !Number.isInteger(timestamp) ||
      Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_SEC
    ) {
      return { ok: false, reason: 'timestamp out of bounds' };
    }
    if (!oauth.oauth_nonce) return { ok: false, reason: 'no oauth_nonce' };
    const secret = token === undefined ? '' : tokenSecret(token);
    if (secret === undefined) return { ok: false, reason: 'unknown token' };

    const params: Array<[string, string]> = [
      ...Object.entries(oauth).filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature'),
      ...request.query,
      ...(request.body.kind === 'form' ? Object.entries(request.body.fields) : []),
    ];
    const base = signatureBaseString(request.method, request.signedUrl, params);
    const signingKey = `${percentEncode(this.consumer.consumerSecret)}&${percentEncode(secret)}`;
    const expected = createHmac('sha1', signingKey).update(base).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature mismatch' };
    }
    // Only a correctly signed request spends its nonce, so forgeries cannot burn real ones.
    const nonceKey = `${key} ${token ?? ''} ${oauth.oauth_nonce} ${timestamp}`;
    if (this.seenNonces.has(nonceKey)) return { ok: false, reason: 'nonce reused' };
    this.rememberNonce(nonceKey);
    return { ok: true, token };
  }

  private rememberNonce(nonceKey: string): void {
    const now = Date.now();
    for (const [k, at] of this.seenNonces) {
      if (at < now - 2 * TIMESTAMP_TOLERANCE_SEC * 1000) this.seenNonces.delete(k);
      else break;
    }
    this.seenNonces.set(nonceKey, now);
  }
}

function formReply(fields: Record<string, string>): FakeReply {
  return {
    status: 200,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
  };
}
