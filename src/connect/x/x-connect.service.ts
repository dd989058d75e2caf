import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../../audit/actor.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import type { ChannelRow } from '../../channels/channels.repository.js';
import { ChannelsService } from '../../channels/channels.service.js';
import { conflict, refused } from '../../common/domain-errors.js';
import { DATABASE, type Database } from '../../db/database.js';
import { CredentialStore } from '../../platforms/credential-store.js';
import { type PendingXAuthorization, PendingXAuthorizations } from './pending-x-authorizations.js';
import { XClients } from '../../platforms/x/x-clients.js';
import { oauth2Credentials, type XCredentials } from '../../platforms/x/x-credentials.js';
import { xFailure } from '../../platforms/x/x-failure.js';

/** What publishing, thread replies, metrics and reconciliation need; offline.access for refresh. */
export const X_OAUTH2_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'offline.access',
  'media.write',
];

export const X_OAUTH2_CALLBACK_PATH = '/api/channels/connect/x/oauth2/callback';
export const X_OAUTH1_CALLBACK_PATH = '/api/channels/connect/x/oauth1/callback';

/** Why a connection attempt ended without storing credentials. */
export type ConnectRefusal =
  /** Unknown, expired (10 minutes) or already used handshake. */
  | 'expired'
  /** The person declined on X. */
  | 'denied'
  /** X signed in a different account than the channel's handle. */
  | 'handle_mismatch'
  /** X refused the code/verifier or could not confirm the account. */
  | 'x_refused';

/** What X appends to the OAuth 2.0 redirect: state and code, or an error when consent was refused. */
export interface XOAuth2Callback {
  state?: string;
  code?: string;
  error?: string;
  error_description?: string;
}

/** What X appends to the OAuth 1.0a redirect: token and verifier, or `denied` when refused. */
export interface XOAuth1Callback {
  oauth_token?: string;
  oauth_verifier?: string;
  /** The request token, when the person declined. */
  denied?: string;
}

export type ConnectOutcome =
  | { connected: true; channelId: string }
  | { connected: false; channelId?: string; reason: ConnectRefusal; detail: string };

/**
 * Connects a channel to its X account (OAuth 2.0 with PKCE, or OAuth 1.0a three-legged). The
 * account X signs in is confirmed through GET /2/users/me before anything is stored, so a
 * channel can never end up posting as someone else.
 */
@Injectable()
export class XConnectService {
  private readonly logger = new Logger(XConnectService.name);

  constructor(
    private readonly clients: XClients,
    private readonly pending: PendingXAuthorizations,
    private readonly channels: ChannelsService,
    private readonly credentialStore: CredentialStore,
    private readonly audit: AuditRepository,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async startOAuth2(actor: Actor, channelId: string): Promise<{ authorizeUrl: string }> {
    await this.connectable(channelId);
    const app = this.clients.oauth2();
    if (!app) {
      throw refused(
        'unavailable',
        'X OAuth 2.0 is not configured: set X_CLIENT_ID (and X_CLIENT_SECRET for a confidential client).',
      );
    }
    const link = app.generateOAuth2AuthLink(this.clients.callbackUrl(X_OAUTH2_CALLBACK_PATH), {
      scope: X_OAUTH2_SCOPES,
    });
    await this.pending.remember('oauth2', link.state, {
      channelId,
      actor,
      secret: link.codeVerifier,
    });
    return { authorizeUrl: this.clients.consentPage(link.url) };
  }

  async finishOAuth2(query: XOAuth2Callback): Promise<ConnectOutcome> {
    const pending = query.state ? await this.pending.take('oauth2', query.state) : undefined;
    if (!pending) return expired();
    if (query.error || !query.code) {
      return this.refuse(
        pending,
        'denied',
        `X did not grant access (${query.error_description ?? query.error ?? 'no code'}).`,
      );
    }
    const app = this.clients.oauth2();
    if (!app) return this.refuse(pending, 'x_refused', 'X OAuth 2.0 is no longer configured.');
    let credentials: XCredentials;
    try {
      const login = await app.loginWithOAuth2({
        code: query.code,
        codeVerifier: pending.secret,
        redirectUri: this.clients.callbackUrl(X_OAUTH2_CALLBACK_PATH),
      });
      if (!login.refreshToken) {
        return this.refuse(
          pending,
          'x_refused',
          'X granted no refresh token (offline.access was not approved), so the connection would end within 2 hours.',
        );
      }
      credentials = oauth2Credentials(login);
    } catch (error) {
      return this.refuse(pending, 'x_refused', xFailure(error, 'exchange the code').message);
    }
    return this.confirmAndStore(pending, credentials);
  }

  async startOAuth1(actor: Actor, channelId: string): Promise<{ authorizeUrl: string }> {
    const channel = await this.connectable(channelId);
    const app = this.clients.oauth1();
    if (!app) {
      throw refused(
        'unavailable',
        'X OAuth 1.0a is not configured: set X_APP_KEY and X_APP_SECRET.',
      );
    }
    let link: Awaited<ReturnType<typeof app.generateAuthLink>>;
    try {
      // "authorize" always asks, and force_login with the handle lets the admin switch accounts.
      link = await app.generateAuthLink(this.clients.callbackUrl(X_OAUTH1_CALLBACK_PATH), {
        linkMode: 'authorize',
        forceLogin: true,
        screenName: channel.handle,
      });
    } catch (error) {
      throw refused('upstream_failed', xFailure(error, 'start an OAuth 1.0a sign-in').message, {
        title: 'Bad Gateway',
      });
    }
    await this.pending.remember('oauth1', link.oauth_token, {
      channelId,
      actor,
      secret: link.oauth_token_secret,
    });
    return { authorizeUrl: this.clients.consentPage(link.url) };
  }

  async finishOAuth1(query: XOAuth1Callback): Promise<ConnectOutcome> {
    const requestToken = query.oauth_token ?? query.denied;
    const pending = requestToken ? await this.pending.take('oauth1', requestToken) : undefined;
    if (!requestToken || !pending) return expired();
    if (query.denied || !query.oauth_verifier) {
      return this.refuse(pending, 'denied', 'X did not grant access.');
    }
    const requestClient = this.clients.oauth1({
      accessToken: requestToken,
      accessSecret: pending.secret,
    });
    if (!requestClient) {
      return this.refuse(pending, 'x_refused', 'X OAuth 1.0a is no longer configured.');
    }
    let credentials: XCredentials;
    try {
      const login = await requestClient.login(query.oauth_verifier);
      credentials = {
        kind: 'oauth1',
        accessToken: login.accessToken,
        accessSecret: login.accessSecret,
      };
    } catch (error) {
      return this.refuse(pending, 'x_refused', xFailure(error, 'exchange the verifier').message);
    }
    return this.confirmAndStore(pending, credentials);
  }

  private async connectable(channelId: string): Promise<ChannelRow> {
    const channel = await this.channels.get(channelId);
    if (channel.platform !== 'x') {
      throw conflict(`Channel @${channel.handle} is a ${channel.platform} channel, not an X one.`);
    }
    if (channel.status === 'disabled') {
      throw conflict(`Channel @${channel.handle} is disabled; enable it before connecting.`);
    }
    return channel;
  }

  /** Stores the credentials only if X signed in the channel's own account. */
  private async confirmAndStore(
    pending: PendingXAuthorization,
    credentials: XCredentials,
  ): Promise<ConnectOutcome> {
    let channel: ChannelRow;
    try {
      channel = await this.connectable(pending.channelId);
    } catch (error) {
      return this.refuse(pending, 'x_refused', (error as Error).message);
    }
    let me: { id: string; username: string };
    try {
      const client = this.clients.forAccount(credentials);
      if (!client) throw new Error('X_APP_KEY / X_APP_SECRET are no longer configured.');
      ({ data: me } = await client.v2.me());
    } catch (error) {
      return this.refuse(pending, 'x_refused', xFailure(error, 'confirm the account').message);
    }
    if (me.username.toLowerCase() !== channel.handle.toLowerCase()) {
      return this.refuse(
        pending,
        'handle_mismatch',
        `X signed in @${me.username}, but this channel is @${channel.handle}. Sign in to X as @${channel.handle} and connect again.`,
      );
    }
    await this.credentialStore.save(pending.actor, channel.id, { ...credentials }, me.id);
    return { connected: true, channelId: channel.id };
  }

  /** Nothing is stored; the audit log keeps who tried and why it failed. */
  private async refuse(
    pending: PendingXAuthorization,
    reason: ConnectRefusal,
    detail: string,
  ): Promise<ConnectOutcome> {
    this.logger.warn({ channelId: pending.channelId, reason }, detail);
    await this.db.transaction((tx) =>
      this.audit.record(tx, pending.actor, {
        action: 'channel.connect_refused',
        entityType: 'channel',
        entityId: pending.channelId,
        after: { reason, detail },
      }),
    );
    return { connected: false, channelId: pending.channelId, reason, detail };
  }
}

function expired(): ConnectOutcome {
  return {
    connected: false,
    reason: 'expired',
    detail: 'This connection link has expired or was already used; start connecting again.',
  };
}
