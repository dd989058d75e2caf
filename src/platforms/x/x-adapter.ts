import { Injectable, Logger } from '@nestjs/common';
import {
  ApiResponseError,
  type SendTweetV2Params,
  type TweetV2,
  type TweetV2DeleteTweetResult,
  type TweetV2PostTweetResult,
  type TwitterApi,
} from 'twitter-api-v2';
import { UnreadableCredentials } from '../credential-store.js';
import {
  type CreatedPost,
  type CreateOptions,
  type PlatformAdapter,
  PlatformFailure,
  type PublicMetrics,
  type RecentPost,
} from '../platform-adapter.js';
import type { PublishTarget } from '../publish-target.js';
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
  target: PublishTarget;
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
 * per call, through the credential store's per-channel lock, because X's refresh tokens are
 * single-use: two processes refreshing with the same token would end the chain and disconnect
 * the channel.
 */
@Injectable()
export class XAdapter implements PlatformAdapter {
  private readonly logger = new Logger(XAdapter.name);

  constructor(private readonly clients: XClients) {}

  async createPost(
    target: PublishTarget,
    text: string,
    { inReplyTo, beforeSend }: CreateOptions = {},
  ): Promise<CreatedPost> {
    const body: SendTweetV2Params = {
      text,
      ...(inReplyTo ? { reply: { in_reply_to_tweet_id: inReplyTo } } : {}),
    };
    const session = await this.open(target);
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
  async deletePost(target: PublishTarget, externalId: string): Promise<void> {
    const session = await this.open(target);
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

  async recentPosts(target: PublishTarget, since: Date): Promise<RecentPost[]> {
    const session = await this.open(target);
    const accountId = target.platformAccountId ?? (await this.discoverAccountId(session));
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

  async metrics(
    target: PublishTarget,
    externalIds: readonly string[],
    { privateMetrics = false }: { privateMetrics?: boolean } = {},
  ): Promise<PublicMetrics[]> {
    if (externalIds.length > METRICS_BATCH_SIZE) {
      throw new RangeError(`X reads metrics for at most ${METRICS_BATCH_SIZE} posts per request`);
    }
    if (externalIds.length === 0) return [];
    const session = await this.open(target);
    // Owner-only impressions exist for 30 days; asking for them later makes X refuse the field.
    const fields: Array<'public_metrics' | 'non_public_metrics'> = privateMetrics
      ? ['public_metrics', 'non_public_metrics']
      : ['public_metrics'];
    const result = await this.send(session, 'read post metrics', (client) =>
      client.v2.tweets([...externalIds], { 'tweet.fields': fields }),
    );
    // Deleted or hidden posts come back in `errors`, not `data`; they simply have no metrics.
    return (result.data ?? []).map((t) => ({
      externalId: t.id,
      impressions:
        t.non_public_metrics?.impression_count ?? t.public_metrics?.impression_count ?? null,
      likes: t.public_metrics?.like_count ?? 0,
      reposts: t.public_metrics?.retweet_count ?? 0,
      replies: t.public_metrics?.reply_count ?? 0,
      quotes: t.public_metrics?.quote_count ?? 0,
      bookmarks: t.public_metrics?.bookmark_count ?? 0,
    }));
  }

  async followers(target: PublishTarget): Promise<number> {
    const session = await this.open(target);
    const me = await this.send(session, 'read the follower count', (client) =>
      client.v2.me({ 'user.fields': ['public_metrics'] }),
    );
    const count = me.data.public_metrics?.followers_count;
    if (count === undefined) {
      throw new PlatformFailure('rejected', 'X did not return the account’s follower count.');
    }
    return count;
  }

  /** The channel's credentials, refreshed first when an OAuth 2.0 token is about to expire. */
  private async open(target: PublishTarget): Promise<Session> {
    const credentials = this.credentialsOf(target, () => target.credentials.current());
    const session: Session = { target, credentials };
    if (credentials.kind === 'oauth2' && expiresSoon(credentials)) {
      session.credentials = await this.refresh(target, credentials);
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
      session.credentials = await this.refresh(session.target, credentials);
    }
    // A 401 means X did not act, so repeating even a create cannot post twice.
    await before?.();
    try {
      return await request(this.clientFor(session));
    } catch (error) {
      throw this.failure(error, what);
    }
  }

  private credentialsOf(target: PublishTarget, read: () => unknown): XCredentials {
    let stored: unknown;
    try {
      stored = read();
    } catch (error) {
      if (!(error instanceof UnreadableCredentials)) throw error;
      throw this.unreadable(target, error);
    }
    const credentials = parseXCredentials(stored);
    if (!credentials) {
      throw new PlatformFailure(
        'auth',
        `Channel @${target.handle} has no X credentials; connect the account first.`,
      );
    }
    return credentials;
  }

  private unreadable(target: PublishTarget, error: UnreadableCredentials): PlatformFailure {
    return new PlatformFailure(
      'auth',
      `The credentials of channel @${target.handle} cannot be decrypted (${error.message}); reconnect it.`,
    );
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
  private async refresh(target: PublishTarget, stale: XOAuth2Credentials): Promise<XCredentials> {
    try {
      return await target.credentials.refresh<XCredentials>(async (stored) => {
        const current = this.credentialsOf(target, () => stored);
        if (current.kind === 'oauth1') return { keep: current };
        if (current.accessToken !== stale.accessToken && !expiresSoon(current))
          return { keep: current };
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
        // The old refresh token is spent: the store saves the new pair before anything uses it.
        return { replace: oauth2Credentials(refreshed) };
      });
    } catch (error) {
      if (error instanceof PlatformFailure) throw error;
      if (error instanceof UnreadableCredentials) throw this.unreadable(target, error);
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
      await session.target.credentials.rememberAccount(me.data.id, me.data.username);
    } catch (error) {
      // Only saves a lookup next time; the read itself can go on.
      this.logger.warn(
        { err: error, channelId: session.target.channelId },
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
