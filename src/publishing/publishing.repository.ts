import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import {
  metricSnapshots,
  posts,
  publishAttempts,
  type AttemptOutcome,
} from '../db/schema/index.js';
import type { PostRow } from '../posts/posts.repository.js';

/** All SQL of the publishing engine: claims, progress, outcomes and the reconciler's sweeps. */
@Injectable()
export class PublishingRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * The claim (DESIGN.md rule 2): only a scheduled, approved, due post moves to publishing, so a
   * stale or duplicate wake-up finds no row and does nothing.
   */
  async claim(postId: string, claimId: string, now: Date): Promise<PostRow | undefined> {
    const [row] = await this.db
      .update(posts)
      .set({ status: 'publishing', claimId, claimedAt: now, updatedAt: now })
      .where(
        and(
          eq(posts.id, postId),
          eq(posts.status, 'scheduled'),
          eq(posts.approvedRevision, posts.currentRevision),
          isNotNull(posts.approvedHash),
          lte(posts.scheduledAt, new Date(now.getTime() + 1_000)),
        ),
      )
      .returning();
    return row;
  }

  async startAttempt(post: PostRow, claimId: string): Promise<void> {
    await this.db
      .insert(publishAttempts)
      .values({ postId: post.id, revision: post.currentRevision, claimId });
  }

  async finishAttempt(
    claimId: string,
    outcome: AttemptOutcome,
    externalIds: string[],
    error?: string,
    tx: Executor = this.db,
  ): Promise<void> {
    await tx
      .update(publishAttempts)
      .set({ finishedAt: new Date(), outcome, externalIds, error: error ?? null })
      .where(eq(publishAttempts.claimId, claimId));
  }

  /**
   * The claim's heartbeat, taken before every create: false when the claim has been given up
   * (expired as stale while this worker was stalled), so a stalled worker never sends.
   */
  async stillClaimed(postId: string, claimId: string): Promise<boolean> {
    const rows = await this.db
      .update(posts)
      .set({ claimedAt: new Date() })
      .where(and(eq(posts.id, postId), eq(posts.claimId, claimId), eq(posts.status, 'publishing')))
      .returning({ id: posts.id });
    return rows.length > 0;
  }

  /** Saved before the next segment is sent, so a crash resumes after the last saved one. */
  async saveExternalIds(postId: string, claimId: string, externalIds: string[]): Promise<void> {
    await this.db
      .update(posts)
      .set({ externalIds, updatedAt: new Date() })
      .where(and(eq(posts.id, postId), eq(posts.claimId, claimId)));
  }

  /** Ends a claim: the change applies only while this claim still holds the post. */
  async release(
    tx: Executor,
    postId: string,
    claimId: string,
    changes: Partial<typeof posts.$inferInsert>,
  ): Promise<PostRow | undefined> {
    const [row] = await tx
      .update(posts)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(posts.id, postId), eq(posts.claimId, claimId)))
      .returning();
    return row;
  }

  lastPublishedAt(channelId: string): Promise<Date | null> {
    return this.db
      .select({ at: posts.publishedAt })
      .from(posts)
      .where(and(eq(posts.channelId, channelId), isNotNull(posts.publishedAt)))
      .orderBy(desc(posts.publishedAt))
      .limit(1)
      .then((rows) => rows[0]?.at ?? null);
  }

  async publishedBetween(channelId: string, from: Date, to: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(posts)
      .where(
        and(
          eq(posts.channelId, channelId),
          gte(posts.publishedAt, from),
          lt(posts.publishedAt, to),
        ),
      );
    return row?.n ?? 0;
  }

  /** Scheduled posts due before `until`, locked so each worker's sweep takes a different share. */
  dueForWakeUp(tx: Executor, until: Date, limit: number) {
    return tx
      .select({
        id: posts.id,
        currentRevision: posts.currentRevision,
        scheduledAt: posts.scheduledAt,
      })
      .from(posts)
      .where(and(eq(posts.status, 'scheduled'), lt(posts.scheduledAt, until)))
      .orderBy(asc(posts.scheduledAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  /** Claims whose worker vanished (killed, partitioned): their outcome is unknown. */
  async expireStaleClaims(tx: Executor, claimedBefore: Date): Promise<PostRow[]> {
    return tx
      .update(posts)
      .set({
        status: 'unknown',
        lastError: 'The worker stopped while publishing; checking the platform.',
        updatedAt: new Date(),
      })
      .where(and(eq(posts.status, 'publishing'), lt(posts.claimedAt, claimedBefore)))
      .returning();
  }

  unknownForResolution(tx: Executor, limit: number): Promise<PostRow[]> {
    return tx
      .select()
      .from(posts)
      .where(eq(posts.status, 'unknown'))
      .orderBy(asc(posts.claimedAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  async countOverdue(before: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(posts)
      .where(and(eq(posts.status, 'scheduled'), lt(posts.scheduledAt, before)));
    return row?.n ?? 0;
  }

  async countByStatus(statuses: readonly PostRow['status'][]): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ status: posts.status, n: sql<number>`count(*)::int` })
      .from(posts)
      .where(inArray(posts.status, [...statuses]))
      .groupBy(posts.status);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Published posts whose +1 h, +24 h or +7 d metrics snapshot is due and missing. */
  async dueForMetrics(now: Date, limit: number): Promise<PostRow[]> {
    const snapshots = sql<number>`(SELECT count(*) FROM ${metricSnapshots} s WHERE s.post_id = ${posts.id})`;
    const age = sql`${now.toISOString()}::timestamptz - ${posts.publishedAt}`;
    return this.db
      .select()
      .from(posts)
      .where(
        and(
          eq(posts.status, 'published'),
          isNotNull(posts.publishedAt),
          sql`(CASE WHEN ${age} >= interval '7 days' THEN 3 WHEN ${age} >= interval '24 hours' THEN 2 WHEN ${age} >= interval '1 hour' THEN 1 ELSE 0 END) > ${snapshots}`,
        ),
      )
      .orderBy(asc(posts.publishedAt))
      .limit(limit);
  }

  async insertSnapshots(rows: (typeof metricSnapshots.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await this.db.insert(metricSnapshots).values(rows);
  }

  snapshotsOf(postId: string) {
    return this.db
      .select()
      .from(metricSnapshots)
      .where(eq(metricSnapshots.postId, postId))
      .orderBy(asc(metricSnapshots.takenAt));
  }
}
