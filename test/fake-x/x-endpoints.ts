import { fakeXFollowers, fakeXMetrics, PRIVATE_METRICS_DAYS } from './metrics.js';
import type { FakeAccount, FakeMedia, FakeTweet, FakeXStore } from './store.js';
import {
  duplicateContent,
  invalidRequest,
  isPlainObject,
  json,
  problem,
  resourceNotFound,
  type FakeReply,
  type RequestBody,
} from './wire.js';

/** Who a v2 call acts for. OAuth 1.0a user tokens carry the app's full permission. */
export interface Viewer {
  account: FakeAccount;
  scopes: string[] | 'all';
}

export interface XCall {
  params: Record<string, string>;
  query: URLSearchParams;
  body: RequestBody;
  viewer: Viewer;
}

/** A v2 endpoint that acts for a user (OAuth 1.0a user token or OAuth 2.0 user access token). */
export interface XEndpoint {
  method: string;
  pattern: string;
  /** OAuth 2.0 scopes X requires for it. */
  scopes: string[];
  /** Query parameters X accepts; anything else is a 400, as on X. */
  queryParams: string[];
  handle(call: XCall): FakeReply;
}

export interface XEndpointSettings {
  store: FakeXStore;
  now: () => number;
  /** How far back a post with the same text makes a new one a duplicate. */
  duplicateWindowSec: number;
}

const TWEET_FIELDS = [
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'media_metadata',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
];

const EXPANSION_PARAMS = [
  'expansions',
  'tweet.fields',
  'media.fields',
  'poll.fields',
  'place.fields',
  'user.fields',
];

const CREATE_TWEET_FIELDS = [
  'text',
  'reply',
  'media',
  'quote_tweet_id',
  'poll',
  'reply_settings',
  'for_super_followers_only',
  'direct_message_deep_link',
  'geo',
  'community_id',
  'share_with_followers',
  'nullcast',
  'card_uri',
  'made_with_ai',
  'paid_partnership',
];

const MEDIA_TYPES: Record<string, { maxBytes: number; magic?: Buffer[] }> = {
  'image/jpeg': { maxBytes: 5 * 1024 * 1024, magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  'image/png': { maxBytes: 5 * 1024 * 1024, magic: [Buffer.from('89504e470d0a1a0a', 'hex')] },
  'image/webp': { maxBytes: 5 * 1024 * 1024 },
  'image/gif': {
    maxBytes: 15 * 1024 * 1024,
    magic: [Buffer.from('GIF87a'), Buffer.from('GIF89a')],
  },
  'video/mp4': { maxBytes: 512 * 1024 * 1024 },
  'video/quicktime': { maxBytes: 512 * 1024 * 1024 },
};

const MEDIA_CATEGORIES = [
  'tweet_image',
  'tweet_gif',
  'tweet_video',
  'dm_image',
  'dm_gif',
  'dm_video',
  'subtitles',
  'amplify_video',
];

const MEDIA_EXPIRES_AFTER_SEC = 24 * 60 * 60;
const VIDEO_PROCESSING_MS = 1_000;

const READ_SCOPES = ['tweet.read', 'users.read'];
const WRITE_SCOPES = ['tweet.read', 'tweet.write', 'users.read'];

/** The v2 endpoints the publisher, the reconciler, account connection and metrics use. */
export function xEndpoints({ store, now, duplicateWindowSec }: XEndpointSettings): XEndpoint[] {
  const processingDoneAt = new Map<string, number>();

  function createTweet({ body, viewer }: XCall): FakeReply {
    const input = body.kind === 'json' ? body.value : undefined;
    if (!isPlainObject(input))
      return invalidRequest([{ message: 'The request body must be a JSON object.' }]);
    const unknown = Object.keys(input).filter((k) => !CREATE_TWEET_FIELDS.includes(k));
    if (unknown.length) {
      return invalidRequest(
        unknown.map((k) => ({
          message: `$.${k}: is not defined in the schema and the schema does not allow additional properties`,
        })),
      );
    }
    const { text, reply, media, quote_tweet_id: quoteTweetId } = input;
    if (text !== undefined && typeof text !== 'string') {
      return invalidRequest([
        { message: '$.text: string found, but a different type was expected' },
      ]);
    }
    const mediaIds = isPlainObject(media) ? stringList(media.media_ids) : undefined;
    if (media !== undefined && !(mediaIds && mediaIds.length >= 1 && mediaIds.length <= 4)) {
      return invalidRequest([
        { message: '$.media.media_ids: must be a list of 1 to 4 media id strings' },
      ]);
    }
    const replyTo =
      isPlainObject(reply) && typeof reply.in_reply_to_tweet_id === 'string'
        ? reply.in_reply_to_tweet_id
        : undefined;
    if (reply !== undefined && replyTo === undefined) {
      return invalidRequest([
        { message: '$.reply.in_reply_to_tweet_id: is missing but it is required' },
      ]);
    }
    if (quoteTweetId !== undefined && typeof quoteTweetId !== 'string') {
      return invalidRequest([{ message: '$.quote_tweet_id: must be a string' }]);
    }
    if (!text && !mediaIds) {
      return invalidRequest([{ message: 'A post needs text or media.' }]);
    }

    const attached: FakeMedia[] = [];
    for (const id of mediaIds ?? []) {
      const found = store.media(id);
      if (!found || found.ownerId !== viewer.account.id || !isReady(found)) {
        return invalidRequest([
          {
            message: 'Your media IDs are invalid.',
            parameters: { 'media.media_ids': mediaIds ?? [] },
          },
        ]);
      }
      attached.push(found);
    }
    const parent = replyTo === undefined ? undefined : store.tweet(replyTo);
    if (replyTo !== undefined && !parent) {
      return problem(
        403,
        'Forbidden',
        'You attempted to reply to a Tweet that is deleted or not visible to you.',
      );
    }
    const duplicateSince = now() - duplicateWindowSec * 1000;
    if (text && store.hasRecentTweetWithText(viewer.account.id, text, duplicateSince)) {
      return duplicateContent();
    }
    const tweet = store.createTweet(viewer.account, {
      text: text ?? '',
      ...(parent ? { inReplyTo: parent } : {}),
      ...(quoteTweetId ? { quoteTweetId } : {}),
      mediaKeys: attached.map((m) => m.mediaKey),
    });
    return json(201, {
      data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] },
    });
  }

  function deleteTweet({ params, viewer }: XCall): FakeReply {
    const tweet = store.tweet(params.id ?? '');
    if (!tweet) {
      return problem(
        404,
        'Not Found Error',
        `Could not find tweet with id: [${params.id}].`,
        'https://api.twitter.com/2/problems/resource-not-found',
      );
    }
    if (tweet.authorId !== viewer.account.id) {
      return problem(403, 'Forbidden', 'You are not allowed to delete a Tweet that is not yours.');
    }
    store.deleteTweet(tweet.id);
    return json(200, { data: { deleted: true } });
  }

  function lookupTweets({ query, viewer }: XCall): FakeReply {
    const fields = tweetFields(query);
    if ('status' in fields) return fields;
    const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100 || !ids.every(isNumericId)) {
      return invalidRequest([
        {
          message: 'The `ids` query parameter must list 1 to 100 numeric ids.',
          parameters: { ids },
        },
      ]);
    }
    const data = ids.flatMap((id) => {
      const tweet = store.tweet(id);
      return tweet ? [renderTweet(tweet, fields, { viewer, nowMs: now() })] : [];
    });
    const errors = ids
      .filter((id) => !store.tweet(id))
      .map((id) => resourceNotFound('tweet', 'ids', id));
    return json(200, { ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}) });
  }

  function singleTweet({ params, query, viewer }: XCall): FakeReply {
    const fields = tweetFields(query);
    if ('status' in fields) return fields;
    const tweet = store.tweet(params.id ?? '');
    if (!tweet) return json(200, { errors: [resourceNotFound('tweet', 'id', params.id ?? '')] });
    return json(200, { data: renderTweet(tweet, fields, { viewer, nowMs: now() }) });
  }

  function me({ viewer, query }: XCall): FakeReply {
    const { id, name, username } = viewer.account;
    const userFields = (query.get('user.fields') ?? '').split(',');
    const publicMetrics = userFields.includes('public_metrics')
      ? { public_metrics: { followers_count: fakeXFollowers(id, now()) } }
      : {};
    return json(200, { data: { id, name, username, ...publicMetrics } });
  }

  function userTimeline({ params, query, viewer }: XCall): FakeReply {
    const fields = tweetFields(query);
    if ('status' in fields) return fields;
    const user = store.findAccount(params.id ?? '');
    if (!user || user.id !== params.id) {
      return json(200, { errors: [resourceNotFound('user', 'id', params.id ?? '')] });
    }
    const maxResults = Number(query.get('max_results') ?? 10);
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
      return invalidRequest([
        {
          message: `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`,
          parameters: { max_results: [String(query.get('max_results'))] },
        },
      ]);
    }
    const bounds = timelineBounds(query);
    if ('status' in bounds) return bounds;
    const exclude = (query.get('exclude') ?? '').split(',').filter(Boolean);
    const matching = store
      .timeline(user.id)
      .filter((t) => !(exclude.includes('replies') && t.inReplyToTweetId))
      .filter((t) => bounds.sinceId === undefined || BigInt(t.id) > bounds.sinceId)
      .filter((t) => bounds.untilId === undefined || BigInt(t.id) < bounds.untilId)
      .filter((t) => bounds.startMs === undefined || t.createdAt.getTime() >= bounds.startMs)
      .filter((t) => bounds.endMs === undefined || t.createdAt.getTime() <= bounds.endMs);
    const page = matching.slice(0, maxResults);
    const oldest = page.at(-1);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length) Object.assign(meta, { newest_id: page[0]?.id, oldest_id: oldest?.id });
    if (oldest && matching.length > page.length) meta.next_token = pageToken(oldest.id);
    return json(200, {
      ...(page.length
        ? { data: page.map((t) => renderTweet(t, fields, { viewer, nowMs: now() })) }
        : {}),
      meta,
    });
  }

  function initializeUpload({ body, viewer }: XCall): FakeReply {
    const input = body.kind === 'json' && isPlainObject(body.value) ? body.value : {};
    const mediaType = String(input.media_type ?? '');
    const totalBytes = input.total_bytes;
    const kind = MEDIA_TYPES[mediaType];
    if (!kind)
      return invalidRequest([
        {
          message: `media_type must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`,
          parameters: { media_type: [mediaType] },
        },
      ]);
    if (
      typeof totalBytes !== 'number' ||
      !Number.isInteger(totalBytes) ||
      totalBytes < 1 ||
      totalBytes > kind.maxBytes
    ) {
      return invalidRequest([
        { message: `total_bytes must be from 1 to ${kind.maxBytes} for ${mediaType}` },
      ]);
    }
    const category = String(input.media_category ?? defaultCategory(mediaType));
    if (!MEDIA_CATEGORIES.includes(category)) {
      return invalidRequest([
        { message: `media_category must be one of ${MEDIA_CATEGORIES.join(', ')}` },
      ]);
    }
    const media = store.createMedia(viewer.account, { mediaType, category, totalBytes });
    return json(200, {
      data: {
        id: media.id,
        media_key: media.mediaKey,
        expires_after_secs: MEDIA_EXPIRES_AFTER_SEC,
      },
    });
  }

  function appendUpload({ params, body, viewer }: XCall): FakeReply {
    const media = ownMedia(params.id, viewer);
    if (!media || media.state !== 'uploading')
      return invalidRequest([
        {
          message: 'Unknown media id, or its upload is already finalized.',
          parameters: { id: [params.id ?? ''] },
        },
      ]);
    const fields = body.kind === 'multipart' ? body.fields : {};
    const index = Number(fields.segment_index);
    const chunk = fields.media;
    if (!Number.isInteger(index) || index < 0 || index > 999 || !Buffer.isBuffer(chunk)) {
      return invalidRequest([
        {
          message:
            'An append needs a multipart body with segment_index (0-999) and the media bytes.',
        },
      ]);
    }
    media.segments.set(index, chunk);
    return json(200, { data: { expires_at: Math.floor(now() / 1000) + MEDIA_EXPIRES_AFTER_SEC } });
  }

  function finalizeUpload({ params, viewer }: XCall): FakeReply {
    const media = ownMedia(params.id, viewer);
    if (!media || media.state !== 'uploading')
      return invalidRequest([
        {
          message: 'Unknown media id, or its upload is already finalized.',
          parameters: { id: [params.id ?? ''] },
        },
      ]);
    const bytes = Buffer.concat(
      [...media.segments.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk),
    );
    if (bytes.length !== media.totalBytes) {
      return invalidRequest([
        {
          message: `The segments add up to ${bytes.length} bytes, but total_bytes was ${media.totalBytes}.`,
        },
      ]);
    }
    const magic = MEDIA_TYPES[media.mediaType]?.magic;
    if (magic && !magic.some((m) => bytes.subarray(0, m.length).equals(m))) {
      return invalidRequest([{ message: `InvalidMedia: the file is not ${media.mediaType}.` }]);
    }
    media.bytes = bytes;
    const video = media.category.endsWith('video');
    media.state = video ? 'processing' : 'succeeded';
    if (video) processingDoneAt.set(media.id, now() + VIDEO_PROCESSING_MS);
    return json(200, {
      data: {
        id: media.id,
        media_key: media.mediaKey,
        size: bytes.length,
        expires_after_secs: MEDIA_EXPIRES_AFTER_SEC,
        ...(video
          ? { processing_info: { state: 'pending', check_after_secs: VIDEO_PROCESSING_MS / 1000 } }
          : {}),
      },
    });
  }

  function uploadStatus({ query, viewer }: XCall): FakeReply {
    const media = ownMedia(query.get('media_id') ?? undefined, viewer);
    if (query.get('command') !== 'STATUS' || !media || media.state === 'uploading') {
      return invalidRequest([
        { message: 'STATUS needs command=STATUS and the id of a finalized upload.' },
      ]);
    }
    const done = isReady(media);
    return json(200, {
      data: {
        id: media.id,
        media_key: media.mediaKey,
        processing_info: done
          ? { state: 'succeeded', progress_percent: 100 }
          : { state: 'in_progress', check_after_secs: 1, progress_percent: 50 },
      },
    });
  }

  /** Video becomes usable a moment after finalize, like X's asynchronous processing. */
  function isReady(media: FakeMedia): boolean {
    if (media.state === 'processing' && now() >= (processingDoneAt.get(media.id) ?? 0)) {
      media.state = 'succeeded';
    }
    return media.state === 'succeeded';
  }

  function ownMedia(id: string | undefined, viewer: Viewer): FakeMedia | undefined {
    const media = id === undefined ? undefined : store.media(id);
    return media?.ownerId === viewer.account.id ? media : undefined;
  }

  const tweetLookupParams = EXPANSION_PARAMS;
  return [
    {
      method: 'POST',
      pattern: '/2/tweets',
      scopes: WRITE_SCOPES,
      queryParams: [],
      handle: createTweet,
    },
    {
      method: 'DELETE',
      pattern: '/2/tweets/:id',
      scopes: WRITE_SCOPES,
      queryParams: [],
      handle: deleteTweet,
    },
    {
      method: 'GET',
      pattern: '/2/tweets',
      scopes: READ_SCOPES,
      queryParams: ['ids', ...tweetLookupParams],
      handle: lookupTweets,
    },
    {
      method: 'GET',
      pattern: '/2/tweets/:id',
      scopes: READ_SCOPES,
      queryParams: tweetLookupParams,
      handle: singleTweet,
    },
    {
      method: 'GET',
      pattern: '/2/users/me',
      scopes: READ_SCOPES,
      queryParams: ['expansions', 'tweet.fields', 'user.fields'],
      handle: me,
    },
    {
      method: 'GET',
      pattern: '/2/users/:id/tweets',
      scopes: READ_SCOPES,
      queryParams: [
        'since_id',
        'until_id',
        'max_results',
        'pagination_token',
        'exclude',
        'start_time',
        'end_time',
        ...tweetLookupParams,
      ],
      handle: userTimeline,
    },
    {
      method: 'POST',
      pattern: '/2/media/upload/initialize',
      scopes: ['media.write'],
      queryParams: [],
      handle: initializeUpload,
    },
    {
      method: 'POST',
      pattern: '/2/media/upload/:id/append',
      scopes: ['media.write'],
      queryParams: [],
      handle: appendUpload,
    },
    {
      method: 'POST',
      pattern: '/2/media/upload/:id/finalize',
      scopes: ['media.write'],
      queryParams: [],
      handle: finalizeUpload,
    },
    {
      method: 'GET',
      pattern: '/2/media/upload',
      scopes: ['media.write'],
      queryParams: ['command', 'media_id'],
      handle: uploadStatus,
    },
  ];
}

/** The requested `tweet.fields`, or X's 400 for a field it does not know. */
function tweetFields(query: URLSearchParams): Set<string> | FakeReply {
  const requested = (query.get('tweet.fields') ?? '').split(',').filter(Boolean);
  const unknown = requested.filter((f) => !TWEET_FIELDS.includes(f));
  if (unknown.length) {
    return invalidRequest(
      unknown.map((f) => ({
        message: `The \`tweet.fields\` query parameter value [${f}] is not one of [${TWEET_FIELDS.join(',')}]`,
        parameters: { 'tweet.fields': [f] },
      })),
    );
  }
  return new Set(requested);
}

/**
 * A post as v2 renders it: id, text and edit history always; other fields when asked for.
 * Owner-only metrics only reach the post's author, and only while the post is young.
 */
function renderTweet(
  tweet: FakeTweet,
  fields: Set<string>,
  { viewer, nowMs }: { viewer: Viewer; nowMs: number },
): Record<string, unknown> {
  const ageMs = nowMs - tweet.createdAt.getTime();
  const metrics = { ...fakeXMetrics(tweet.id, ageMs), ...tweet.pinnedMetrics };
  const out: Record<string, unknown> = {
    id: tweet.id,
    text: tweet.text,
    edit_history_tweet_ids: [tweet.id],
  };
  if (fields.has('created_at')) out.created_at = tweet.createdAt.toISOString();
  if (fields.has('author_id')) out.author_id = tweet.authorId;
  if (fields.has('conversation_id')) out.conversation_id = tweet.conversationId;
  if (fields.has('in_reply_to_user_id') && tweet.inReplyToUserId)
    out.in_reply_to_user_id = tweet.inReplyToUserId;
  if (fields.has('public_metrics')) out.public_metrics = metrics;
  const ownerMayRead =
    tweet.authorId === viewer.account.id && ageMs < PRIVATE_METRICS_DAYS * 24 * 3_600_000;
  if (fields.has('non_public_metrics') && ownerMayRead) {
    out.non_public_metrics = {
      impression_count: metrics.impression_count,
      url_link_clicks: 0,
      user_profile_clicks: 0,
    };
  }
  if (fields.has('attachments') && tweet.mediaKeys.length)
    out.attachments = { media_keys: tweet.mediaKeys };
  if (fields.has('referenced_tweets')) {
    const refs = [
      ...(tweet.inReplyToTweetId ? [{ type: 'replied_to', id: tweet.inReplyToTweetId }] : []),
      ...(tweet.quoteTweetId ? [{ type: 'quoted', id: tweet.quoteTweetId }] : []),
    ];
    if (refs.length) out.referenced_tweets = refs;
  }
  return out;
}

interface TimelineBounds {
  sinceId?: bigint;
  untilId?: bigint;
  startMs?: number;
  endMs?: number;
}

function timelineBounds(query: URLSearchParams): TimelineBounds | FakeReply {
  const bounds: TimelineBounds = {};
  const problems: string[] = [];
  for (const [name, key] of [
    ['since_id', 'sinceId'],
    ['until_id', 'untilId'],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    if (isNumericId(value)) bounds[key] = BigInt(value);
    else problems.push(`The \`${name}\` query parameter value [${value}] is not a valid id`);
  }
  const token = query.get('pagination_token');
  if (token !== null) {
    const untilId = fromPageToken(token);
    if (untilId === undefined)
      problems.push(`The \`pagination_token\` query parameter value [${token}] is not valid`);
    else if (bounds.untilId === undefined || untilId < bounds.untilId) bounds.untilId = untilId;
  }
  for (const [name, key] of [
    ['start_time', 'startMs'],
    ['end_time', 'endMs'],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? Date.parse(value)
      : NaN;
    if (Number.isNaN(ms))
      problems.push(
        `The \`${name}\` query parameter value [${value}] is not a valid RFC 3339 time`,
      );
    else bounds[key] = ms;
  }
  return problems.length ? invalidRequest(problems.map((message) => ({ message }))) : bounds;
}

// Opaque to clients, as X's are; it carries the id below which the next page starts.
function pageToken(oldestId: string): string {
  return Buffer.from(`before:${oldestId}`).toString('base64url');
}

function fromPageToken(token: string): bigint | undefined {
  const id = /^before:(\d+)$/.exec(Buffer.from(token, 'base64url').toString())?.[1];
  return id === undefined ? undefined : BigInt(id);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function isNumericId(value: string): boolean {
  return /^\d{1,19}$/.test(value);
}

function defaultCategory(mediaType: string): string {
  if (mediaType.includes('gif')) return 'tweet_gif';
  if (mediaType.startsWith('video/')) return 'tweet_video';
  return 'tweet_image';
}
