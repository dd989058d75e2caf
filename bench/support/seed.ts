import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CredentialsCipher } from '../../src/platforms/credentials-cipher.js';
import { contentHash } from '../../src/posts/content-hash.js';
import type { DuePost } from '../../src/queue/publish-wake-ups.js';
import type { FakeX } from '../../test/fake-x/fake-x-server.js';

/** A fresh `keyId:base64` credentials key for worker processes and for the seeding below. */
export function benchCredentialsKeys(): string {
  return `bench:${randomBytes(32).toString('base64')}`;
}

export interface BenchChannel {
  id: string;
  handle: string;
  /** The fake X account the channel posts to. */
  accountId: string;
}

export interface BenchWorld {
  campaignId: string;
  authorId: string;
  quoteId: string;
  channels: BenchChannel[];
}

/**
 * What the review workflow would have produced, written straight to PostgreSQL: an author, an
 * active campaign, one vetted quote and `channels` connected X channels (OAuth 1.0a, one fake X
 * account each, no spacing, no practical daily cap).
 */
export async function seedWorld(
  pool: pg.Pool,
  fake: FakeX,
  options: { channels: number; credentialsKeys: string },
): Promise<BenchWorld> {
  const [keyId, key] = options.credentialsKeys.split(':') as [string, string];
  const cipher = new CredentialsCipher([{ id: keyId, key: Buffer.from(key, 'base64') }]);
  const run = randomBytes(3).toString('hex');
  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ id: string }>(sql, params)).rows[0]!.id;

  const authorId = await one(
    `INSERT INTO users (email, display_name, password_hash, roles)
     VALUES ($1, 'Bench author', 'not-a-login', '{author}') RETURNING id`,
    [`bench-author-${run}@bench.countervoice.test`],
  );
  const campaignId = await one(
    `INSERT INTO campaigns (name, goal, audience, language, timezone)
     VALUES ($1, 'measure', 'nobody', 'en', 'UTC') RETURNING id`,
    [`[BENCH] ${run}`],
  );
  const sourceId = await one(
    `INSERT INTO sources (outlet, title, url, language)
     VALUES ('[SAMPLE] Bench outlet', 'Bench source', $1, 'en') RETURNING id`,
    [`https://example.org/bench/${run}`],
  );
  const defectorId = await one(
    `INSERT INTO defectors (display_name, consent_status) VALUES ('[SAMPLE] Bench', 'public_record') RETURNING id`,
  );
  const quoteId = await one(
    `INSERT INTO quotes (text, language, search_config, translation_search_config, source_id, defector_id,
       verification, identity_risk, sensitivity_flags, legal_flags, vetting_status)
     VALUES ('[SAMPLE] We were promised heroism and got cleaning duty.', 'en', 'english', 'simple',
       $1, $2, 'single_source', 'low', '{}', '{}', 'vetted') RETURNING id`,
    [sourceId, defectorId],
  );

  const channels: BenchChannel[] = [];
  for (let i = 0; i < options.channels; i++) {
    const account = fake.addAccount({ username: `b${run}_${i}` });
    const credentials = cipher.encrypt({
      kind: 'oauth1',
      accessToken: account.accessToken,
      accessSecret: account.accessSecret,
    });
    const id = await one(
      `INSERT INTO channels (platform, handle, language, timezone, weekly_slots, min_spacing_minutes,
         daily_cap, status, credentials, platform_account_id)
       VALUES ('x', $1, 'en', 'UTC', '[]', 0, 100000, 'connected', $2, $3) RETURNING id`,
      [account.username, credentials, account.id],
    );
    channels.push({ id, handle: account.username, accountId: account.id });
  }
  return { campaignId, authorId, quoteId, channels };
}

export interface PostPlan {
  channelId: string;
  text: string;
  at: Date;
}

export interface SeededPost extends DuePost {
  scheduledAt: Date;
  channelId: string;
  /** The first segment's text. */
  text: string;
  /** Every segment's text, in order: `text` alone for a single post. */
  segments: string[];
}

const INSERT_BATCH = 1_000;

/**
 * Approved, scheduled posts, as the workflow leaves them: the approved hash is the content hash of
 * revision 1, so the claim-time checks pass. No job is enqueued here. With `segments` above 1 each
 * post is a thread: its text opens it and each later segment is the text marked with its place.
 */
export async function seedScheduledPosts(
  pool: pg.Pool,
  world: BenchWorld,
  plans: readonly PostPlan[],
  segments = 1,
): Promise<SeededPost[]> {
  const seeded: SeededPost[] = plans.map((plan) => ({
    id: randomUUID(),
    currentRevision: 1,
    scheduledAt: plan.at,
    channelId: plan.channelId,
    text: plan.text,
    segments: [
      plan.text,
      ...Array.from({ length: segments - 1 }, (_, k) => `${plan.text} (${k + 2}/${segments})`),
    ],
  }));
  const hashOf = (post: SeededPost) =>
    contentHash({ segments: post.segments, quoteIds: [world.quoteId] });
  for (let i = 0; i < seeded.length; i += INSERT_BATCH) {
    const batch = seeded.slice(i, i + INSERT_BATCH);
    const ids = batch.map((p) => p.id);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO posts (id, campaign_id, channel_id, status, current_revision, approved_revision,
           approved_hash, scheduled_at, author_id, last_revised_by)
         SELECT p.id, $1, p.channel_id, 'scheduled', 1, 1, p.hash, p.at, $2, $2
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[]) AS p(id, channel_id, hash, at)`,
        [
          world.campaignId,
          world.authorId,
          ids,
          batch.map((p) => p.channelId),
          batch.map(hashOf),
          batch.map((p) => p.scheduledAt.toISOString()),
        ],
      );
      await client.query(
        `INSERT INTO post_revisions (post_id, revision, segments, quote_ids, hash, author_id)
         SELECT r.id, 1, ARRAY(SELECT jsonb_array_elements_text(r.segments)), ARRAY[$1::uuid],
           r.hash, $2
         FROM unnest($3::uuid[], $4::jsonb[], $5::text[]) AS r(id, segments, hash)`,
        [
          world.quoteId,
          world.authorId,
          ids,
          batch.map((p) => JSON.stringify(p.segments)),
          batch.map(hashOf),
        ],
      );
      await client.query(
        `INSERT INTO post_quotes (post_id, quote_id) SELECT id, $1 FROM unnest($2::uuid[]) AS id`,
        [world.quoteId, ids],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
  return seeded;
}

/**
 * Plans posts for channels taken in turn. A channel cannot hold two posts in the same instant
 * (posts_channel_slot_idx), so the k-th post of a channel at the same `at` is moved k ms later.
 */
export function roundRobin(
  channels: readonly BenchChannel[],
  count: number,
  at: (i: number) => Date,
  text: (i: number) => string,
): PostPlan[] {
  const taken = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const channel = channels[i % channels.length]!;
    const wanted = at(i).getTime();
    const key = `${channel.id} ${wanted}`;
    const clash = taken.get(key) ?? 0;
    taken.set(key, clash + 1);
    return { channelId: channel.id, text: text(i), at: new Date(wanted + clash) };
  });
}
