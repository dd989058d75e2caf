import { createHash, randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { DEFAULT_CHECKPOINT_HOURS } from '../analytics/collection/checkpoints.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Database, Transaction } from '../db/database.js';
import {
  campaigns,
  channelFollowerSnapshots,
  channels,
  metricSnapshots,
  postQuotes,
  postRevisions,
  posts,
  quoteThemes,
  reviews,
  sandboxPosts,
  users,
} from '../db/schema/index.js';
import { syntheticFollowers, syntheticMetrics } from '../platforms/sandbox/synthetic-metrics.js';
import { contentHash } from '../posts/content-hash.js';
import { duplicateKeys } from '../posts/duplicate-text.js';
import { transitionOrThrow } from '../posts/post-lifecycle.js';

/** The history's posts went out as every post does: a send that succeeded, by the table. */
const PUBLISHED = transitionOrThrow('publishing', 'publish_succeeded', { kind: 'system' });

const DEMO_LOCK = 727_003;
const DEMO_CAMPAIGN = 'Voices of return (demo)';
const DAYS = 56;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ID_PREFIX = 'sbx-demo-';
const CHUNK = 1_000;

/** The sandbox channels the demo history is spread over: one per language. */
const DEMO_CHANNELS = [
  {
    handle: 'voices_sandbox',
    language: 'en',
    displayName: 'Voices of Return (sandbox)',
    appeal: 1,
  },
  {
    handle: 'voices_sandbox_ar',
    language: 'ar',
    displayName: 'أصوات العودة (sandbox)',
    appeal: 1.3,
  },
  {
    handle: 'voices_sandbox_fr',
    language: 'fr',
    displayName: 'Voix du retour (sandbox)',
    appeal: 0.7,
  },
] as const;

/** How well each narrative "lands" in the made-up numbers, so the comparison shows differences. */
const THEME_APPEAL: Record<string, number> = {
  brutality_against_sunnis: 1.25,
  quality_of_life: 1.1,
  corruption_unislamic: 1,
  infighting: 0.9,
  dull_duties: 0.8,
};

const TEXT: Record<string, string> = {
  en: 'In their own words: a former member on life inside.',
  ar: 'بكلماتهم: عضو سابق يتحدث عن الحياة في الداخل.',
  fr: 'Dans leurs mots : un ancien membre raconte la vie à l’intérieur.',
};

/** A stable number in [0, 1) for a key, so the history is the same on every machine. */
const draw = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Eight weeks of published sandbox posts across the demo channels, languages and narratives,
 * with their checkpoint snapshots and the channels' daily follower counts, so the Analytics
 * screen has something to show. Every number is synthetic and labelled so. Idempotent: it does
 * nothing once the history exists.
 */
export async function seedDemoAnalytics(db: Database, audit: AuditRepository): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEMO_LOCK})`);
    const seeded = await tx.execute(
      sql`SELECT 1 FROM ${sandboxPosts} WHERE ${sandboxPosts.externalId} LIKE ${`${ID_PREFIX}%`} LIMIT 1`,
    );
    if (seeded.rows.length > 0) return;
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(sql`${campaigns.name} = ${DEMO_CAMPAIGN}`);
    const people = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(
        inArray(users.email, ['author@demo.countervoice.test', 'editor@demo.countervoice.test']),
      );
    const author = people.find((u) => u.email.startsWith('author@'));
    const editor = people.find((u) => u.email.startsWith('editor@'));
    const quotes = await tx
      .select({ quoteId: quoteThemes.quoteId, theme: quoteThemes.themeKey })
      .from(quoteThemes);
    if (!campaign || !author || !editor || quotes.length === 0) return;
    const channelIds = await demoChannels(tx, audit);
    await seedHistory(
      tx,
      { campaignId: campaign.id, authorId: author.id, editorId: editor.id },
      channelIds,
      quotes,
    );
  });
}

async function demoChannels(tx: Transaction, audit: AuditRepository): Promise<Map<string, string>> {
  for (const c of DEMO_CHANNELS) {
    const [created] = await tx
      .insert(channels)
      .values({
        platform: 'sandbox',
        handle: c.handle,
        displayName: c.displayName,
        language: c.language,
        timezone: 'Europe/London',
        weeklySlots: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
          ['09:00', '13:00', '18:00'].map((time) => ({ weekday, time })),
        ),
      })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await audit.record(tx, SYSTEM_ACTOR, {
        action: 'channel.created',
        entityType: 'channel',
        entityId: created.id,
        after: { handle: created.handle, platform: 'sandbox', demo: true },
      });
    }
  }
  const rows = await tx
    .select({ id: channels.id, handle: channels.handle })
    .from(channels)
    .where(
      inArray(
        channels.handle,
        DEMO_CHANNELS.map((c) => c.handle),
      ),
    );
  return new Map(rows.map((r) => [r.handle, r.id]));
}

async function seedHistory(
  tx: Transaction,
  people: { campaignId: string; authorId: string; editorId: string },
  channelIds: Map<string, string>,
  quotes: ReadonlyArray<{ quoteId: string; theme: string }>,
): Promise<void> {
  const now = Date.now();
  const today = Date.UTC(
    new Date(now).getUTCFullYear(),
    new Date(now).getUTCMonth(),
    new Date(now).getUTCDate(),
  );
  const postRows: (typeof posts.$inferInsert)[] = [];
  const revisionRows: (typeof postRevisions.$inferInsert)[] = [];
  const quoteRows: (typeof postQuotes.$inferInsert)[] = [];
  const reviewRows: (typeof reviews.$inferInsert)[] = [];
  const feedRows: (typeof sandboxPosts.$inferInsert)[] = [];
  const snapshotRows: (typeof metricSnapshots.$inferInsert)[] = [];
  const followerRows: (typeof channelFollowerSnapshots.$inferInsert)[] = [];

  for (const channel of DEMO_CHANNELS) {
    const channelId = channelIds.get(channel.handle);
    if (!channelId) continue;
    for (let day = DAYS; day >= 1; day--) {
      const date = dayOf(new Date(today - day * DAY_MS));
      followerRows.push({
        channelId,
        day: date,
        followers: syntheticFollowers(channelId, date),
        synthetic: true,
        takenAt: new Date(today - day * DAY_MS + 5 * 60_000),
      });
      for (const hour of [8, 12, 17]) {
        const key = `${channel.handle} ${date} ${hour}`;
        if (draw(key) < 0.35) continue;
        const publishedAt = new Date(today - day * DAY_MS + hour * HOUR_MS);
        const { quoteId, theme } = quotes[Math.floor(draw(`${key} quote`) * quotes.length)]!;
        const segmentCount = draw(`${key} thread`) < 0.2 ? 3 : 1;
        const segments = Array.from({ length: segmentCount }, (_, i) =>
          segmentCount > 1
            ? `${TEXT[channel.language]} (${i + 1}/${segmentCount})`
            : TEXT[channel.language]!,
        );
        const externalIds = segments.map(
          (_, i) => `${ID_PREFIX}${channel.handle}-${date}-${hour}-${i}`,
        );
        const id = randomUUID();
        const hash = contentHash({ segments, quoteIds: [quoteId] });
        postRows.push({
          id,
          campaignId: people.campaignId,
          channelId,
          status: PUBLISHED,
          approvedRevision: 1,
          approvedHash: hash,
          scheduledAt: publishedAt,
          authorId: people.authorId,
          lastRevisedBy: people.authorId,
          submittedAt: new Date(publishedAt.getTime() - DAY_MS),
          publishedAt,
          externalIds,
          createdAt: new Date(publishedAt.getTime() - 2 * DAY_MS),
          updatedAt: publishedAt,
        });
        revisionRows.push({
          postId: id,
          revision: 1,
          segments,
          quoteIds: [quoteId],
          hash,
          duplicateKeys: duplicateKeys(segments),
          authorId: people.authorId,
        });
        quoteRows.push({ postId: id, quoteId });
        reviewRows.push({
          postId: id,
          revision: 1,
          hash,
          stage: 'editorial',
          reviewerId: people.editorId,
          decision: 'approve',
          createdAt: new Date(publishedAt.getTime() - 12 * HOUR_MS),
        });
        const appeal = channel.appeal * (THEME_APPEAL[theme] ?? 1) * (segmentCount > 1 ? 1.15 : 1);
        externalIds.forEach((externalId, segment) => {
          feedRows.push({
            channelId,
            externalId,
            text: segments[segment]!,
            inReplyTo: segment > 0 ? externalIds[segment - 1]! : null,
            createdAt: publishedAt,
          });
          for (const hours of DEFAULT_CHECKPOINT_HOURS) {
            const takenAt = publishedAt.getTime() + hours * HOUR_MS + 4 * 60_000;
            if (takenAt > now) continue;
            // Later segments of a thread are read by fewer people.
            const counts = syntheticMetrics(externalId, hours, appeal / (segment + 1));
            snapshotRows.push({
              postId: id,
              segment,
              externalId,
              checkpointHours: hours,
              takenAt: new Date(takenAt),
              ...counts,
              synthetic: true,
            });
          }
        });
      }
    }
  }
  for (const [table, rows] of [
    [posts, postRows],
    [postRevisions, revisionRows],
    [postQuotes, quoteRows],
    [reviews, reviewRows],
    [sandboxPosts, feedRows],
    [metricSnapshots, snapshotRows],
    [channelFollowerSnapshots, followerRows],
  ] as const) {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insert(table)
        .values(rows.slice(i, i + CHUNK) as never[])
        .onConflictDoNothing();
    }
  }
}
