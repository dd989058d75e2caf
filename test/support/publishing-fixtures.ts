import type pg from 'pg';
import { insertQuote } from './library-fixtures.js';
import type { SignedInClient, TestApp } from './test-app.js';

export interface PublishingTeam {
  admin: SignedInClient;
  author: SignedInClient;
  editor: SignedInClient;
}

export async function publishingTeam(t: TestApp): Promise<PublishingTeam> {
  const [admin, author, editor] = await Promise.all([
    t.as(['admin']),
    t.as(['author']),
    t.as(['editor']),
  ]);
  return { admin, author, editor };
}

export async function createCampaign(team: PublishingTeam): Promise<string> {
  const res = await team.admin
    .post('/api/campaigns', {
      name: `Campaign ${Math.random().toString(36).slice(2, 7)}`,
      goal: 'g',
      audience: 'a',
      language: 'en',
      timezone: 'UTC',
    })
    .expect(201);
  return res.body.id;
}

export async function createChannel(
  team: PublishingTeam,
  options: {
    platform?: 'sandbox' | 'x';
    handle?: string;
    minSpacingMinutes?: number;
    dailyCap?: number;
    credentials?: object;
  } = {},
): Promise<string> {
  const res = await team.admin
    .post('/api/channels', {
      platform: options.platform ?? 'sandbox',
      handle: options.handle ?? `ch_${Math.random().toString(36).slice(2, 10)}`,
      language: 'en',
      timezone: 'UTC',
      weeklySlots: [],
      minSpacingMinutes: options.minSpacingMinutes ?? 0,
      dailyCap: options.dailyCap ?? 100,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    })
    .expect(201);
  return res.body.id;
}

/** Drafts, submits and has an editor approve a post, ready to be scheduled; returns its id. */
export async function approvedPost(
  team: Pick<PublishingTeam, 'author' | 'editor'>,
  place: { campaignId: string; channelId: string },
  segments: string[],
  quoteIds: string[] = [],
): Promise<string> {
  const post = await team.author.post('/api/posts', { ...place, segments, quoteIds }).expect(201);
  await team.author.post(`/api/posts/${post.body.id}/submit`).expect(200);
  await team.editor
    .post(`/api/posts/${post.body.id}/reviews`, {
      revision: 1,
      stage: 'editorial',
      decision: 'approve',
    })
    .expect(200);
  return post.body.id;
}

/**
 * Drafts, submits and approves a post, then schedules it at `at` shifted by the time drafting and
 * review took, so "due in 800 ms" still means 800 ms after scheduling on a slow machine. Read the
 * post's scheduledAt when the exact time matters. Returns the post id.
 */
export async function scheduledPost(
  t: TestApp,
  team: PublishingTeam,
  place: { campaignId: string; channelId: string },
  segments: string[],
  at: Date,
): Promise<string> {
  const begun = Date.now();
  const { quoteId } = await insertQuote(t);
  const id = await approvedPost(team, place, segments, [quoteId]);
  await team.editor
    .post(`/api/posts/${id}/schedule`, {
      at: new Date(at.getTime() + Date.now() - begun).toISOString(),
    })
    .expect(200);
  return id;
}

export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * For tests of publishing's SQL without the app: an author, a campaign and a sandbox channel per
 * handle, written straight to the database `client` is connected to.
 */
export async function insertPublishingWorld<const Handle extends string>(
  client: pg.ClientBase,
  handles: readonly Handle[],
): Promise<{ userId: string; campaignId: string; channelIds: Record<Handle, string> }> {
  const { rows } = await client.query<{ userId: string; campaignId: string; channels: string[] }>(
    `WITH u AS (
       INSERT INTO users (email, display_name, password_hash, roles)
       VALUES ('author@example.org', 'Author', 'x', ARRAY['comms']) RETURNING id),
     k AS (
       INSERT INTO campaigns (name, goal, audience, language, timezone)
       VALUES ('Campaign', 'Goal', 'Audience', 'en', 'UTC') RETURNING id),
     c AS (
       INSERT INTO channels (platform, handle, language, timezone)
       SELECT 'sandbox', handle, 'en', 'UTC' FROM unnest($1::text[]) AS h(handle)
       RETURNING id, handle)
     SELECT u.id AS "userId", k.id AS "campaignId",
       ARRAY(SELECT c.id FROM unnest($1::text[]) WITH ORDINALITY AS h(handle, n)
             JOIN c USING (handle) ORDER BY h.n) AS channels
     FROM u, k`,
    [handles],
  );
  const { userId, campaignId, channels } = rows[0]!;
  const channelIds = Object.fromEntries(handles.map((h, i) => [h, channels[i]!])) as Record<
    Handle,
    string
  >;
  return { userId, campaignId, channelIds };
}
