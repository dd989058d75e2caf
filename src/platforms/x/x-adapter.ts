import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiResponseError,
  type SendTweetV2Params,
  type TweetV2,
  type TweetV2DeleteTweetResult,
  type TweetV2PostTweetResult,
  type TwitterApi,
} from 'twitter-api-v2';
import { SYSTEM_ACTOR } from '../../audit/actor.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { type ChannelRow, ChannelsRepository } from '../../channels/channels.repository.js';
import { ChannelsService } from '../../channels/channels.service.js';
import { DATABASE, type Database } from '../../db/database.js';
import { RedisLock } from '../../queue/redis-lock.js';
import {
  type CreatedPost,
  type CreateOptions,
  type PlatformAdapter,
  PlatformFailure,
  type PublicMetrics,
  type RecentPost,
} from '../platform-adapter.js';
import { XClients } from './x-clients.js';
import {
  oauth2Credentials,
  parseXCredentials,
  type XCredentials,
  type XOAuth2Credentials,
} from './x-credentials.js';
import { bindingRateLimit, platformDetail, xFailure } from './x-failure.js';
import { xCanonicalText } from './x-text.js';

/** An OAuth 2.0 token this close to expiry is refreshed before use rather than after a 401. */
export const REFRESH_AHEAD_MS = 60_000;
/** X's largest page for a user timeline and its largest batch for a tweet lookup. */
const TIMELINE_PAGE_SIZE = 100;
export const METRICS_BATCH_SIZE = 100;

/** The credentials one adapter call is using; replaced when they are refreshed mid-call. */
interface Session {
  channelId: string;
  credentials: XCredentials;
}

const expiresSoon = (credentials: XOAuth2Credentials) =>
  Date.parse(credentials.expiresAt) - Date.now() < REFRESH_AHEAD_MS;

// X's ids are snowflakes: milliseconds since this epoch, shifted left by 22 bits.
const SNOWFLAKE_EPOCH_MS = 1288834974657n;

/** When a post was created: `created_at`, or the time in its id should X ever leave that out. */
const createdAtOf = (tweet: TweetV2) =>
  tweet.created_at
    ? new Date(tweet.created_at)
    : new Date(Number((BigInt(tweet.id) >> 22n) + SNOWFLAKE_EPOCH_MS));

/** X's `start_time` takes whole seconds; rounding down only widens the window. */
const wholeSecondsIso = (at: Date) =>
  new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Publishes to X through twitter-api-v2. Every failure leaves as a PlatformFailure classified
 * by whether X may have acted (DESIGN.md rule 3). OAuth 2.0 tokens are refreshed at most once
 * per call, under a per-channel Redis lock, because X's refresh tokens are single-use: two
 * processes refreshing with the same token would end the chain and disconnect the channel.
 */
@Injectable()
export class XAdapter implements PlatformAdapter {
  private readonly logger = new Logger(XAdapter.name);

  constructor(
    private readonly clients: XClients,
    private readonly channels: ChannelsService,
    private readonly channelRows: ChannelsRepository,
    private readonly audit: AuditRepository,
    private readonly lock: RedisLock,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async createPost(
    channel: ChannelRow,
    text: string,
    { inReplyTo, beforeSend }: CreateOptions = {},
  ): Promise<CreatedPost> {
    const body: SendTweetV2Params = {
      text,
      ...(inReplyTo ? { reply: { in_reply_to_tweet_id: inReplyTo } } : {}),
    };
    const session = await this.open(channel);
    // v2.tweet() is this same POST; the full response also carries the rate-limit headers.
    const response = await this.send(
      session,
      'create the post',
      (client) => client.v2.post<TweetV2PostTweetResult>('tweets', body, { fullResponse: true }),
      beforeSend,
    );
    const externalId = response.data?.data?.id;
    if (!externalId) {
      throw new PlatformFailure(
        'ambiguous',
        'X accepted the post but its answer carried no post id.',
        { status: 201, platformData: response.data },
      );
    }
    const rateLimit = bindingRateLimit(response.rateLimit);
    return { externalId, ...(rateLimit ? { rateLimit } : {}) };
  }

  /** Deleting a post that is already gone counts as done, so a repeated retraction is harmless. */
  async deletePost(channel: ChannelRow, externalId: string): Promise<void> {
    const session = await this.open(channel);
    let result: TweetV2DeleteTweetResult;
    try {
      result = await this.send(session, `delete post ${externalId}`, (client) =>
        client.v2.deleteTweet(externalId),
      );
    } catch (error) {
      if (error instanceof PlatformFailure && error.details.status === 404) return;
      throw error;
    }
    if (!result.data.deleted) {
      throw new PlatformFailure('rejected', `X did not delete post ${externalId}.`);
    }
  }

  async recentPosts(channel: ChannelRow, since: Date): Promise<RecentPost[]> {
    const session = await this.open(channel);
    const accountId = channel.platformAccountId ?? (await this.discoverAccountId(session));
    const posts = await this.send(session, 'read the account’s recent posts', async (client) => {
      let page = await client.v2.userTimeline(accountId, {
        start_time: wholeSecondsIso(since),
        max_results: TIMELINE_PAGE_SIZE,
        'tweet.fields': ['created_at'],
      });
      const collected = [...page.tweets];
      // Page until X says there is no more, so a post missing from the list is provably absent.
      while (page.meta.next_token) {
        page = await page.next();
        collected.push(...page.tweets);
      }
      return collected;
    });
    return posts
      .map((t) => ({ externalId: t.id, text: t.text, createdAt: createdAtOf(t) }))
      .filter((p) => p.createdAt.getTime() >= since.getTime());
  }

  canonicalText(text: string, origin: 'sent' | 'returned'): string {
    return xCanonicalText(text, origin);
  }

  async metrics(channel: ChannelRow, externalIds: readonly string[]): Promise<PublicMetrics[]> {
    if (externalIds.length > METRICS_BATCH_SIZE) {
      throw new RangeError(`X reads metrics for at most ${METRICS_BATCH_SIZE} posts per request`);
    }
    if (externalIds.length === 0) return [];
    const session = await this.open(channel);
    const result = await this.send(session, 'read post metrics', (client) =>
      client.v2.tweets([...externalIds], { 'tweet.fields': ['public_metrics'] }),
    );
    // Deleted or hidden posts come back in `errors`, not `data`; they simply have no metrics.
    return (result.data ?? []).map((t) => ({
      externalId: t.id,
      impressions: t.public_metrics?.impression_count ?? 0,
      likes: t.public_metrics?.like_count ?? 0,
      reposts: t.public_metrics?.retweet_count ?? 0,
      replies: t.public_metrics?.reply_count ?? 0,
      quotes: t.public_metrics?.quote_count ?? 0,
      bookmarks: t.public_metrics?.bookmark_count ?? 0,
    }));
  }

  /** The channel's credentials, refreshed first when an OAuth 2.0 token is about to expire. */
  private async open(channel: ChannelRow): Promise<Session> {
    const credentials = this.credentialsOf(channel);
    const session: Session = { channelId: channel.id, credentials };
    if (credentials.kind === 'oauth2' && expiresSoon(credentials)) {
      session.credentials = await this.refresh(channel.id, credentials);
    }
    return session;
  }

  /**
   * Makes one request; after a 401 on an OAuth 2.0 token, refreshes once and repeats it once.
   * `before` runs ahead of each request, outside the error classification.
   */
  private async send<T>(
    session: Session,
    what: string,
    request: (client: TwitterApi) => Promise<T>,
    before?: () => Promise<void>,
  ): Promise<T> {
    await before?.();
    try {
      return await request(this.clientFor(session));
    } catch (error) {
      const { credentials } = session;
      const refreshable =
        error instanceof ApiResponseError && error.code === 401 && credentials.kind === 'oauth2';
      if (!refreshable) throw this.failure(error, what);
      session.credentials = await this.refresh(session.channelId, credentials);
    }
    // A 401 means X did not act, so repeating even a create cannot post twice.
    await before?.();
    try {
      return await request(this.clientFor(session));
    } catch (error) {
      throw this.failure(error, what);
    }
  }

  private credentialsOf(channel: ChannelRow): XCredentials {
    let stored: unknown;
    try {
      stored = this.channels.credentialsOf(channel);
    } catch (error) {
      throw new PlatformFailure(
        'auth',
        `The credentials of channel @${channel.handle} cannot be decrypted (${(error as Error).message}); reconnect it.`,
      );
    }
    const credentials = parseXCredentials(stored);
    if (!credentials) {
      throw new PlatformFailure(
        'auth',
        `Channel @${channel.handle} has no X credentials; connect the account first.`,
      );
    }
    return credentials;
  }

  private clientFor(session: Session): TwitterApi {
    const client = this.clients.forAccount(session.credentials);
    if (!client) {
      throw new PlatformFailure(
        'auth',
        'The channel uses OAuth 1.0a but X_APP_KEY / X_APP_SECRET are not configured.',
      );
    }
    return client;
  }

  /**
   * Exchanges the refresh token under the channel's lock. Whoever takes the lock second re-reads
   * the stored pair and uses the one the first stored instead of spending a dead refresh token.
   */
  private async refresh(channelId: string, stale: XOAuth2Credentials): Promise<XCredentials> {
    try {
      return await this.lock.withLock(`x-refresh:${channelId}`, async () => {
        const current = this.credentialsOf(await this.channels.get(channelId));
        if (current.kind === 'oauth1') return current;
        if (current.accessToken !== stale.accessToken && !expiresSoon(current)) return current;
        if (!current.refreshToken) {
          throw new PlatformFailure(
            'auth',
            'The X access token expired and there is no refresh token; reconnect the channel.',
          );
        }
        const app = this.clients.oauth2();
        if (!app) {
          throw new PlatformFailure(
            'auth',
            'The channel uses OAuth 2.0 but X_CLIENT_ID is not configured, so its token cannot be refreshed.',
          );
        }
        let refreshed: Awaited<ReturnType<TwitterApi['refreshOAuth2Token']>>;
        try {
          refreshed = await app.refreshOAuth2Token(current.refreshToken);
        } catch (error) {
          throw this.refreshFailure(error);
        }
        const next = oauth2Credentials(refreshed);
        // The old refresh token is spent: the new pair must be safe before anything uses it.
        await this.channels.storeRefreshedCredentials(channelId, { ...next });
        return next;
      });
    } catch (error) {
      if (error instanceof PlatformFailure) throw error;
      throw new PlatformFailure(
        'not_sent',
        `The X token refresh could not finish (${(error as Error).message}); nothing was sent.`,
      );
    }
  }

  /** The refresh stands in for the request that needed it, which X has not acted on. */
  private refreshFailure(error: unknown): PlatformFailure {
    const failure = xFailure(error, 'refresh the OAuth 2.0 token');
    if (failure.kind === 'rate_limited') return failure;
    const status = failure.details.status;
    if (status !== undefined && status >= 400 && status < 500) {
      return new PlatformFailure(
        'auth',
        `X refused to refresh the channel's OAuth 2.0 token (HTTP ${status}): ${platformDetail(failure.details.platformData)}`,
        failure.details,
      );
    }
    return new PlatformFailure(
      'not_sent',
      `${failure.message} The request that needed the new token was not sent.`,
      failure.details,
    );
  }

  /** Older channels were connected without the X account id; look it up once and keep it. */
  private async discoverAccountId(session: Session): Promise<string> {
    const me = await this.send(session, 'look up the connected account', (client) =>
      client.v2.me(),
    );
    try {
      await this.db.transaction(async (tx) => {
        await this.channelRows.update(tx, session.channelId, { platformAccountId: me.data.id });
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'channel.platform_account_found',
          entityType: 'channel',
          entityId: session.channelId,
          after: { platformAccountId: me.data.id, username: me.data.username },
        });
      });
    } catch (error) {
      // Only saves a lookup next time; the read itself can go on.
      this.logger.warn(
        { err: error, channelId: session.channelId },
        'Could not keep the X account id',
      );
    }
    return me.data.id;
  }

  private failure(error: unknown, what: string): PlatformFailure {
    const failure = xFailure(error, what);
    if (failure.kind !== 'rate_limited') {
      this.logger.warn(
        { kind: failure.kind, status: failure.details.status, x: failure.details.platformData },
        failure.message,
      );
    }
    return failure;
  }
}
