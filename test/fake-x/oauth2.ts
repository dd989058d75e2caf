import { createHash, randomBytes } from 'node:crypto';
import type { FakeAccount, FakeXStore } from './store.js';
import { bodyFields, json, type FakeReply, type RequestBody } from './wire.js';

/** The app's OAuth 2.0 client; with a secret it is confidential and must use Basic auth. */
export interface OAuth2Client {
  clientId: string;
  clientSecret?: string;
}

export interface OAuth2TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string[];
}

interface AuthorizationCode {
  accountId: string;
  redirectUri: string;
  challenge: string;
  challengeMethod: 's256' | 'plain';
  scopes: string[];
  expiresAtMs: number;
}

interface AccessGrant {
  accountId: string;
  scopes: string[];
  expiresAtMs: number;
}

interface RefreshGrant {
  accountId: string;
  scopes: string[];
  used: boolean;
}

const OAUTH2_SCOPES = [
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.email',
  'users.read',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'media.write',
  'dm.read',
  'dm.write',
];

// X: "the authorization code ... is only valid for 30 seconds".
const CODE_TTL_MS = 30_000;

const tokenError = (status: number, error: string, description: string): FakeReply =>
  json(status, { error, error_description: description });

const newToken = () => randomBytes(48).toString('base64url');

/**
 * Authorization Code + PKCE, access tokens that expire, and refresh tokens that rotate and are
 * single-use: presenting a refresh token a second time is refused, as X does.
 */
export class OAuth2Authority {
  private readonly client: OAuth2Client;
  private readonly store: FakeXStore;
  private readonly now: () => number;
  private readonly accessTokenTtlSec: number;
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessGrants = new Map<string, AccessGrant>();
  private readonly refreshGrants = new Map<string, RefreshGrant>();

  constructor(
    client: OAuth2Client,
    store: FakeXStore,
    now: () => number,
    accessTokenTtlSec: number,
  ) {
    this.client = client;
    this.store = store;
    this.now = now;
    this.accessTokenTtlSec = accessTokenTtlSec;
  }

  /**
   * The step a person does on x.com: open the app's authorize link (from
   * `generateOAuth2AuthLink`) and approve it as `account`. Returns what X puts on the redirect.
   */
  approve(
    authorizeUrl: string,
    account: FakeAccount,
  ): { code: string; state: string; callbackUrl: string } {
    const q = new URL(authorizeUrl).searchParams;
    const redirectUri = q.get('redirect_uri');
    const state = q.get('state');
    const challenge = q.get('code_challenge');
    const method = (q.get('code_challenge_method') ?? '').toLowerCase();
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const problems = [
      q.get('response_type') !== 'code' && 'response_type must be code',
      q.get('client_id') !== this.client.clientId && `client_id must be ${this.client.clientId}`,
      !redirectUri && 'redirect_uri is missing',
      !state && 'state is missing',
      !challenge && 'code_challenge is missing',
      method !== 's256' && method !== 'plain' && 'code_challenge_method must be S256 or plain',
      scopes.length === 0 && 'scope is missing',
      ...scopes.filter((s) => !OAUTH2_SCOPES.includes(s)).map((s) => `unknown scope ${s}`),
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length || !redirectUri || !state || !challenge) {
      throw new Error(`X would refuse this authorize link: ${problems.join('; ')}`);
    }
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      accountId: account.id,
      redirectUri,
      challenge,
      challengeMethod: method as 's256' | 'plain',
      scopes,
      expiresAtMs: this.now() + CODE_TTL_MS,
    });
    const callbackUrl = new URL(redirectUri);
    callbackUrl.searchParams.set('state', state);
    callbackUrl.searchParams.set('code', code);
    return { code, state, callbackUrl: callbackUrl.toString() };
  }

  /** POST /2/oauth2/token: `authorization_code` and `refresh_token` grants, JSON or form body. */
  token(body: RequestBody, authorization: string | undefined): FakeReply {
    const fields = bodyFields(body);
    if (!fields) return tokenError(400, 'invalid_request', 'The request body could not be read.');
    const clientProblem = this.authenticateClient(fields, authorization);
    if (clientProblem) return clientProblem;
    if (fields.grant_type === 'authorization_code') return this.exchangeCode(fields);
    if (fields.grant_type === 'refresh_token') return this.refresh(fields);
    return tokenError(400, 'invalid_request', 'Value passed for the grant_type was invalid.');
  }

  /** POST /2/oauth2/revoke. */
  revoke(body: RequestBody, authorization: string | undefined): FakeReply {
    const fields = bodyFields(body);
    if (!fields) return tokenError(400, 'invalid_request', 'The request body could not be read.');
    const clientProblem = this.authenticateClient(fields, authorization);
    if (clientProblem) return clientProblem;
    const token = String(fields.token ?? '');
    this.accessGrants.delete(token);
    this.refreshGrants.delete(token);
    return json(200, { revoked: true });
  }

  /** The account and scopes behind `Authorization: Bearer <user access token>`. */
  authenticateBearer(
    authorization: string | undefined,
  ): { account: FakeAccount; scopes: string[] } | { failure: string } {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const grant = token === undefined ? undefined : this.accessGrants.get(token);
    if (!grant) return { failure: 'OAuth 2.0: unknown or revoked access token' };
    if (grant.expiresAtMs <= this.now()) return { failure: 'OAuth 2.0: access token expired' };
    return { account: this.store.account(grant.accountId), scopes: grant.scopes };
  }

  /** Tokens as if `account` had just completed the consent flow. */
  grant(account: FakeAccount, scopes: string[]): OAuth2TokenSet {
    const unknown = scopes.filter((s) => !OAUTH2_SCOPES.includes(s));
    if (unknown.length) throw new Error(`Unknown OAuth 2.0 scope(s): ${unknown.join(', ')}`);
    return this.issue(account.id, scopes);
  }

  /** What revoking the app's access on x.com does: every token of the account stops working. */
  revokeAccount(account: FakeAccount): void {
    for (const grants of [this.accessGrants, this.refreshGrants]) {
      for (const [token, grant] of grants) if (grant.accountId === account.id) grants.delete(token);
    }
  }

  clearPending(): void {
    this.codes.clear();
  }

  private authenticateClient(
    fields: Record<string, unknown>,
    authorization: string | undefined,
  ): FakeReply | undefined {
    if (this.client.clientSecret !== undefined) {
      const expected = Buffer.from(
        `${encodeURIComponent(this.client.clientId)}:${encodeURIComponent(this.client.clientSecret)}`,
      ).toString('base64');
      if (authorization !== `Basic ${expected}`) {
        return tokenError(401, 'unauthorized_client', 'Missing valid authorization header');
      }
      return undefined;
    }
    if (fields.client_id !== this.client.clientId) {
      return tokenError(400, 'invalid_request', 'Missing required parameter [client_id].');
    }
    return undefined;
  }

  private exchangeCode(fields: Record<string, unknown>): FakeReply {
    const code = String(fields.code ?? '');
    const pending = this.codes.get(code);
    // A code is single-use whatever happens next.
    this.codes.delete(code);
    const verifier = String(fields.code_verifier ?? '');
    const invalidCode = tokenError(
      400,
      'invalid_request',
      'Value passed for the authorization code was invalid.',
    );
    if (!pending || pending.expiresAtMs <= this.now()) return invalidCode;
    if (fields.redirect_uri !== pending.redirectUri) return invalidCode;
    const derived =
      pending.challengeMethod === 's256'
        ? createHash('sha256').update(verifier).digest('base64url')
        : verifier;
    if (!verifier || derived !== pending.challenge) return invalidCode;
    return tokenReply(this.issue(pending.accountId, pending.scopes));
  }

  private refresh(fields: Record<string, unknown>): FakeReply {
    const presented = String(fields.refresh_token ?? '');
    const grant = this.refreshGrants.get(presented);
    if (!grant || grant.used) {
      return tokenError(400, 'invalid_request', 'Value passed for the token was invalid.');
    }
    grant.used = true;
    return tokenReply(this.issue(grant.accountId, grant.scopes));
  }

  private issue(accountId: string, scopes: string[]): OAuth2TokenSet {
    const accessToken = newToken();
    this.accessGrants.set(accessToken, {
      accountId,
      scopes,
      expiresAtMs: this.now() + this.accessTokenTtlSec * 1000,
    });
    const set: OAuth2TokenSet = { accessToken, expiresIn: this.accessTokenTtlSec, scope: scopes };
    // X only hands out a refresh token when the app asked for offline.access.
    if (scopes.includes('offline.access')) {
      set.refreshToken = newToken();
      this.refreshGrants.set(set.refreshToken, { accountId, scopes, used: false });
    }
    return set;
  }
}

function tokenReply(set: OAuth2TokenSet): FakeReply {
  return json(200, {
    token_type: 'bearer',
    expires_in: set.expiresIn,
    access_token: set.accessToken,
    scope: set.scope.join(' '),
    ...(set.refreshToken ? { refresh_token: set.refreshToken } : {}),
  });
}
