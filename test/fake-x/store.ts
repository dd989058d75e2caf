import { createHash } from 'node:crypto';
import { xRewrite } from './x-text-rewrite.js';

/** A user of the fake X, with the OAuth 1.0a user token the fake app holds for it. */
export interface FakeAccount {
  id: string;
  username: string;
  name: string;
  accessToken: string;
  accessSecret: string;
}

export interface FakeTweetMetrics {
  retweet_count: number;
  reply_count: number;
  like_count: number;
  quote_count: number;
  impression_count: number;
  bookmark_count: number;
}

const METRIC_NAMES = [
  'retweet_count',
  'reply_count',
  'like_count',
  'quote_count',
  'impression_count',
  'bookmark_count',
];

export interface FakeTweet {
  id: string;
  authorId: string;
  /** The text as X stores and returns it: escaped, t.co links, LF, NFC, trimmed. */
  text: string;
  /** The text exactly as the create request carried it. */
  receivedText: string;
  createdAt: Date;
  conversationId: string;
  inReplyToTweetId?: string;
  inReplyToUserId?: string;
  quoteTweetId?: string;
  mediaKeys: string[];
  /** Counts a test set; the others grow with age (`fakeXMetrics`). */
  pinnedMetrics: Partial<FakeTweetMetrics>;
}

type MediaState = 'uploading' | 'processing' | 'succeeded';

export interface FakeMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: MediaState;
  /** The uploaded file, assembled from its segments at finalize. */
  bytes?: Buffer;
}

export interface NewTweet {
  text: string;
  inReplyTo?: FakeTweet;
  quoteTweetId?: string;
  mediaKeys: string[];
}

// X's snowflake epoch: ids carry their creation time in the bits above the low 22.
const SNOWFLAKE_EPOCH_MS = 1288834974657n;

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('\0')).digest();
}

/**
 * Credentials derive from the username (and how often access was revoked), so a restarted
 * demo server still accepts the tokens an app stored before the restart.
 */
function credentialsFor(id: string, username: string, generation: number) {
  return {
    accessToken: `${id}-${digest('token', username, String(generation)).toString('base64url').slice(0, 30)}`,
    accessSecret: digest('secret', username, String(generation)).toString('base64url').slice(0, 45),
  };
}

/** Accounts, their posts and uploaded media: the content side of the fake X. */
export class FakeXStore {
  private readonly accountsById = new Map<string, FakeAccount>();
  private readonly credentialGenerations = new Map<string, number>();
  private readonly tweetsById = new Map<string, FakeTweet>();
  /** Each account's live posts in creation order, so per-account reads stay cheap in long runs. */
  private readonly tweetsByAuthor = new Map<string, Map<string, FakeTweet>>();
  private readonly accountsByToken = new Map<string, FakeAccount>();
  private readonly accountsByUsername = new Map<string, FakeAccount>();
  private readonly mediaById = new Map<string, FakeMedia>();
  private lastId = 0n;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** A snowflake-like id: numeric string, strictly increasing, time-ordered like X's. */
  nextId(): string {
    const fromClock = (BigInt(this.now()) - SNOWFLAKE_EPOCH_MS) << 22n;
    this.lastId = fromClock > this.lastId ? fromClock : this.lastId + 1n;
    return this.lastId.toString();
  }

  addAccount(input: { username: string; name?: string }): FakeAccount {
    if (!/^\w{1,15}$/.test(input.username)) {
      throw new Error(`"${input.username}" is not a valid X username (1-15 letters, digits, _)`);
    }
    if (this.findAccount(input.username)) {
      throw new Error(`The fake X already has an account @${input.username}`);
    }
    const id = (
      (digest('user', input.username.toLowerCase()).readBigUInt64BE() % 10n ** 18n) +
      10n ** 18n
    ).toString();
    const account: FakeAccount = {
      id,
      username: input.username,
      name: input.name ?? input.username,
      ...credentialsFor(id, input.username, 0),
    };
    this.accountsById.set(id, account);
    this.accountsByUsername.set(account.username.toLowerCase(), account);
    this.accountsByToken.set(account.accessToken, account);
    return account;
  }

  /** Finds an account by id or by username (with or without '@', any case). */
  findAccount(idOrUsername: string): FakeAccount | undefined {
    const byId = this.accountsById.get(idOrUsername);
    if (byId) return byId;
    return this.accountsByUsername.get(idOrUsername.replace(/^@/, '').toLowerCase());
  }

  account(idOrUsername: string): FakeAccount {
    const account = this.findAccount(idOrUsername);
    if (!account) throw new Error(`The fake X has no account "${idOrUsername}"`);
    return account;
  }

  accountByAccessToken(accessToken: string): FakeAccount | undefined {
    return this.accountsByToken.get(accessToken);
  }

  get accounts(): FakeAccount[] {
    return [...this.accountsById.values()];
  }

  /** What revoking the app's access on x.com does to an OAuth 1.0a token: it stops working. */
  rotateAccessToken(account: FakeAccount): void {
    const generation = (this.credentialGenerations.get(account.id) ?? 0) + 1;
    this.credentialGenerations.set(account.id, generation);
    this.accountsByToken.delete(account.accessToken);
    Object.assign(account, credentialsFor(account.id, account.username, generation));
    this.accountsByToken.set(account.accessToken, account);
  }

  createTweet(author: FakeAccount, input: NewTweet): FakeTweet {
    const id = this.nextId();
    const tweet: FakeTweet = {
      id,
      authorId: author.id,
      text: xRewrite(input.text),
      receivedText: input.text,
      createdAt: new Date(this.now()),
      conversationId: input.inReplyTo?.conversationId ?? id,
      mediaKeys: input.mediaKeys,
      pinnedMetrics: {},
    };
    if (input.inReplyTo) {
      tweet.inReplyToTweetId = input.inReplyTo.id;
      tweet.inReplyToUserId = input.inReplyTo.authorId;
    }
    if (input.quoteTweetId) tweet.quoteTweetId = input.quoteTweetId;
    this.tweetsById.set(id, tweet);
    const own = this.tweetsByAuthor.get(author.id) ?? new Map<string, FakeTweet>();
    this.tweetsByAuthor.set(author.id, own.set(id, tweet));
    return tweet;
  }

  tweet(id: string): FakeTweet | undefined {
    return this.tweetsById.get(id);
  }

  deleteTweet(id: string): void {
    const tweet = this.tweetsById.get(id);
    this.tweetsById.delete(id);
    if (tweet) this.tweetsByAuthor.get(tweet.authorId)?.delete(id);
  }

  /** Every live post, oldest first. */
  get tweets(): FakeTweet[] {
    return [...this.tweetsById.values()];
  }

  /** An account's live posts, newest first, as X lists a user's timeline. */
  timeline(authorId: string): FakeTweet[] {
    return [...(this.tweetsByAuthor.get(authorId)?.values() ?? [])].reverse();
  }

  /**
   * X refuses a post whose text repeats one of the same account's recent posts, judged on the
   * text as X stores it: "a & b " repeats "a & b", "a &amp; b" does not.
   */
  hasRecentTweetWithText(authorId: string, sentText: string, sinceMs: number): boolean {
    const stored = xRewrite(sentText);
    for (const t of this.tweetsByAuthor.get(authorId)?.values() ?? []) {
      if (t.text === stored && t.createdAt.getTime() >= sinceMs) return true;
    }
    return false;
  }

  setMetrics(tweetId: string, metrics: Partial<FakeTweetMetrics>): FakeTweet {
    const tweet = this.tweetsById.get(tweetId);
    if (!tweet) throw new Error(`The fake X has no post ${tweetId}`);
    for (const [name, value] of Object.entries(metrics)) {
      if (!METRIC_NAMES.includes(name) || !Number.isInteger(value) || value < 0) {
        throw new Error(`Not a public metric count: ${name}=${String(value)}`);
      }
    }
    Object.assign(tweet.pinnedMetrics, metrics);
    return tweet;
  }

  createMedia(
    owner: FakeAccount,
    input: { mediaType: string; category: string; totalBytes: number },
  ): FakeMedia {
    const id = this.nextId();
    // The media_key prefix tells the kind of media: 3 image, 7 video, 16 animated GIF.
    const kindPrefix = input.category.endsWith('video')
      ? 7
      : input.category.endsWith('gif')
        ? 16
        : 3;
    const media: FakeMedia = {
      id,
      mediaKey: `${kindPrefix}_${id}`,
      ownerId: owner.id,
      mediaType: input.mediaType,
      category: input.category,
      totalBytes: input.totalBytes,
      segments: new Map(),
      state: 'uploading',
    };
    this.mediaById.set(id, media);
    return media;
  }

  media(id: string): FakeMedia | undefined {
    return this.mediaById.get(id);
  }

  get allMedia(): FakeMedia[] {
    return [...this.mediaById.values()];
  }

  /** Forgets posts and media; accounts and their credentials stay. */
  clearContent(): void {
    this.tweetsById.clear();
    this.tweetsByAuthor.clear();
    this.mediaById.clear();
  }
}
