import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import {
  identityClearances,
  postComments,
  postQuotes,
  postRevisions,
  posts,
  reviews,
  SLOT_HOLDING_STATUSES,
  users,
  type PostStatus,
} from '../db/schema/index.js';

export type PostRow = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;
export type RevisionRow = typeof postRevisions.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
export type CommentRow = typeof postComments.$inferSelect;
/** A comment with its author's display name, as the thread shows it. */
export type CommentView = CommentRow & { authorName: string };
/** A review with its reviewer's display name: the conversation the author reads. */
export type ReviewEntry = ReviewRow & { reviewerName: string };
export type ClearanceRow = typeof identityClearances.$inferSelect;
/** A post as lists show it: the row plus the opening of its current revision. */
export type PostListRow = PostRow & { firstSegment: string; segmentCount: number };

export interface PostFilter {
  status?: PostStatus[];
  campaignId?: string;
  channelId?: string;
  from?: Date;
  to?: Date;
  needsRetraction?: boolean;
  before?: { createdAt: Date; id: string };
  limit: number;
}

@Injectable()
export class PostsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewPost): Promise<PostRow> {
    const [row] = await tx.insert(posts).values(values).returning();
    return row!;
  }

  async findById(id: string, tx: Executor = this.db): Promise<PostRow | undefined> {
    const [row] = await tx.select().from(posts).where(eq(posts.id, id));
    return row;
  }

  /** Every transition locks the post row first, so concurrent actions apply one at a time. */
  async findForUpdate(tx: Executor, id: string): Promise<PostRow | undefined> {
    const [row] = await tx.select().from(posts).where(eq(posts.id, id)).for('update');
    return row;
  }

  async update(tx: Executor, id: string, changes: Partial<NewPost>): Promise<PostRow> {
    const [row] = await tx
      .update(posts)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(posts.id, id))
      .returning();
    return row!;
  }

  async insertRevision(
    tx: Executor,
    revision: typeof postRevisions.$inferInsert,
  ): Promise<RevisionRow> {
    const [row] = await tx.insert(postRevisions).values(revision).returning();
    await tx.delete(postQuotes).where(eq(postQuotes.postId, revision.postId));
    const quoteIds = [...new Set(revision.quoteIds ?? [])];
    if (quoteIds.length > 0)
      await tx
        .insert(postQuotes)
        .values(quoteIds.map((quoteId) => ({ postId: revision.postId, quoteId })));
    return row!;
  }

  async revision(
    postId: string,
    revision: number,
    tx: Executor = this.db,
  ): Promise<RevisionRow | undefined> {
    const [row] = await tx
      .select()
      .from(postRevisions)
      .where(and(eq(postRevisions.postId, postId), eq(postRevisions.revision, revision)));
    return row;
  }

  revisions(postId: string): Promise<RevisionRow[]> {
    return this.db
      .select()
      .from(postRevisions)
      .where(eq(postRevisions.postId, postId))
      .orderBy(asc(postRevisions.revision));
  }

  async insertReview(tx: Executor, review: typeof reviews.$inferInsert): Promise<ReviewRow> {
    const [row] = await tx.insert(reviews).values(review).returning();
    return row!;
  }

  reviewsOf(postId: string, tx: Executor = this.db): Promise<ReviewRow[]> {
    return tx.select().from(reviews).where(eq(reviews.postId, postId)).orderBy(asc(reviews.id));
  }

  /** Every review of these posts with the reviewer's name, oldest first. */
  reviewEntries(postIds: readonly string[]): Promise<ReviewEntry[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .select({ ...getTableColumns(reviews), reviewerName: users.displayName })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.reviewerId))
      .where(inArray(reviews.postId, [...postIds]))
      .orderBy(asc(reviews.id));
  }

  /** The author's drafts and rejected posts, newest first: where sent-back posts wait. */
  authorsOpenPosts(authorId: string, limit: number): Promise<PostListRow[]> {
    return this.listed()
      .where(and(eq(posts.authorId, authorId), inArray(posts.status, ['draft', 'rejected'])))
      .orderBy(desc(posts.updatedAt), desc(posts.id))
      .limit(limit);
  }

  reviewsOfPosts(postIds: readonly string[]): Promise<ReviewRow[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(reviews)
      .where(inArray(reviews.postId, [...postIds]))
      .orderBy(asc(reviews.id));
  }

  /** The current revision of each post, keyed by post id. */
  async currentRevisions(postIds: readonly string[]): Promise<Map<string, RevisionRow>> {
    if (postIds.length === 0) return new Map();
    const rows = await this.db
      .select({ revision: postRevisions })
      .from(postRevisions)
      .innerJoin(
        posts,
        and(eq(posts.id, postRevisions.postId), eq(posts.currentRevision, postRevisions.revision)),
      )
      .where(inArray(posts.id, [...postIds]));
    return new Map(rows.map((r) => [r.revision.postId, r.revision]));
  }

  async insertClearance(
    tx: Executor,
    clearance: typeof identityClearances.$inferInsert,
  ): Promise<void> {
    await tx.insert(identityClearances).values(clearance).onConflictDoNothing();
  }

  clearances(postId: string, revision: number, tx: Executor = this.db): Promise<ClearanceRow[]> {
    return tx
      .select()
      .from(identityClearances)
      .where(and(eq(identityClearances.postId, postId), eq(identityClearances.revision, revision)));
  }

  async insertComment(
    tx: Executor,
    comment: typeof postComments.$inferInsert,
  ): Promise<CommentRow> {
    const [row] = await tx.insert(postComments).values(comment).returning();
    return row!;
  }

  comments(postId: string): Promise<CommentView[]> {
    return this.db
      .select({
        id: postComments.id,
        postId: postComments.postId,
        authorId: postComments.authorId,
        body: postComments.body,
        createdAt: postComments.createdAt,
        authorName: users.displayName,
      })
      .from(postComments)
      .innerJoin(users, eq(users.id, postComments.authorId))
      .where(eq(postComments.postId, postId))
      .orderBy(asc(postComments.id));
  }

  /** Slot instants other posts hold on a channel from `from` on. */
  async takenSlots(
    tx: Executor,
    channelId: string,
    from: Date,
    exceptPostId?: string,
  ): Promise<Date[]> {
    const rows = await tx
      .select({ at: posts.scheduledAt })
      .from(posts)
      .where(
        and(
          eq(posts.channelId, channelId),
          inArray(posts.status, [...SLOT_HOLDING_STATUSES]),
          gte(posts.scheduledAt, from),
          exceptPostId ? ne(posts.id, exceptPostId) : undefined,
        ),
      );
    return rows.flatMap((r) => (r.at ? [r.at] : []));
  }

  /** Current texts of scheduled and published posts, for the duplicate guard. */
  async liveTexts(tx: Executor = this.db) {
    return tx
      .select({
        postId: posts.id,
        channelId: posts.channelId,
        status: posts.status,
        segments: postRevisions.segments,
      })
      .from(posts)
      .innerJoin(
        postRevisions,
        and(eq(postRevisions.postId, posts.id), eq(postRevisions.revision, posts.currentRevision)),
      )
      .where(inArray(posts.status, ['scheduled', 'publishing', 'published', 'unknown', 'held']));
  }

  /** Posts built on any of these quotes, locked, for retraction propagation. */
  async lockPostsUsingQuotes(tx: Executor, quoteIds: readonly string[]): Promise<PostRow[]> {
    if (quoteIds.length === 0) return [];
    return this.usingQuotes(quoteIds, tx).for('update');
  }

  /** The same posts as lockPostsUsingQuotes, read without locking: for previews. */
  async postsUsingQuotes(quoteIds: readonly string[]): Promise<PostRow[]> {
    if (quoteIds.length === 0) return [];
    return this.usingQuotes(quoteIds, this.db);
  }

  private usingQuotes(quoteIds: readonly string[], tx: Executor) {
    return tx
      .select()
      .from(posts)
      .where(
        inArray(
          posts.id,
          tx
            .select({ id: postQuotes.postId })
            .from(postQuotes)
            .where(inArray(postQuotes.quoteId, [...quoteIds])),
        ),
      );
  }

  async list(filter: PostFilter): Promise<PostListRow[]> {
    const conditions: (SQL | undefined)[] = [];
    if (filter.status?.length) conditions.push(inArray(posts.status, filter.status));
    if (filter.campaignId) conditions.push(eq(posts.campaignId, filter.campaignId));
    if (filter.channelId) conditions.push(eq(posts.channelId, filter.channelId));
    if (filter.from) conditions.push(gte(posts.scheduledAt, filter.from));
    if (filter.to) conditions.push(lt(posts.scheduledAt, filter.to));
    if (filter.needsRetraction !== undefined)
      conditions.push(eq(posts.needsRetraction, filter.needsRetraction));
    const b = filter.before;
    if (b)
      conditions.push(
        or(
          lt(posts.createdAt, b.createdAt),
          and(eq(posts.createdAt, b.createdAt), lt(posts.id, b.id)),
        ),
      );
    return this.listed()
      .where(and(...conditions))
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(filter.limit);
  }

  /** Posts in review, oldest submission first. */
  inReview(): Promise<PostListRow[]> {
    return this.listed()
      .where(eq(posts.status, 'in_review'))
      .orderBy(asc(posts.submittedAt), asc(posts.id));
  }

  /** Posts with the first segment and segment count of their current revision, in one query. */
  private listed() {
    return this.db
      .select({
        ...getTableColumns(posts),
        firstSegment: sql<string>`coalesce(${postRevisions.segments}[1], '')`,
        segmentCount: sql<number>`cardinality(${postRevisions.segments})`.mapWith(Number),
      })
      .from(posts)
      .innerJoin(
        postRevisions,
        and(eq(postRevisions.postId, posts.id), eq(postRevisions.revision, posts.currentRevision)),
      )
      .$dynamic();
  }

  /** True when another post already holds this exact slot (the unique index would refuse it). */
  isSlotUniqueViolation(error: unknown): boolean {
    const cause =
      (error as { cause?: { code?: string; constraint?: string } }).cause ??
      (error as { code?: string; constraint?: string });
    return cause.code === '23505' && cause.constraint === 'posts_channel_slot_idx';
  }
}

export const sqlNow = sql`now()`;
