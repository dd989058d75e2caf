import { Inject, Injectable } from '@nestjs/common';
import {
  and,
  arrayOverlaps,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  not,
  or,
  sql,
} from 'drizzle-orm';
import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { InstantPosition } from '../common/pagination.js';
import { anyOf, anyOfPlaceholder } from '../db/any-of.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { REPLANNED, ReusedRead } from '../db/reused-read.js';
import { olderThan } from '../db/older-than.js';
import {
  campaigns,
  DUPLICATE_GUARDED_STATUSES,
  identityClearances,
  postComments,
  postQuotes,
  postRevisions,
  posts,
  reviews,
  SLOT_HOLDING_STATUSES,
  users,
  type PostStatus,
  type ReviewStage,
} from '../db/schema/index.js';
import { duplicateKeys } from './duplicate-text.js';

export type PostRow = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;
export type RevisionRow = typeof postRevisions.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
/** A review as the review rules read it, with the post it belongs to. */
export type PostReview = Pick<ReviewRow, 'postId' | 'stage' | 'decision' | 'revision' | 'hash'>;
export type CommentRow = typeof postComments.$inferSelect;
/** A comment with its author's display name, as the thread shows it. */
export type CommentView = CommentRow & { authorName: string };
/** A review with its reviewer's display name: the conversation the author reads. */
export type ReviewEntry = ReviewRow & { reviewerName: string };
export type ClearanceRow = typeof identityClearances.$inferSelect;
/**
 * The columns of a list row: what a post shows (PostDto), and the first segment and count of its
 * current revision. Only those: lists read hundreds of rows, and the claim and publishing
 * bookkeeping would be read and converted for nothing.
 */
const listColumns = {
  id: posts.id,
  campaignId: posts.campaignId,
  channelId: posts.channelId,
  status: posts.status,
  currentRevision: posts.currentRevision,
  approvedRevision: posts.approvedRevision,
  scheduledAt: posts.scheduledAt,
  requestedAt: posts.requestedAt,
  authorId: posts.authorId,
  lastRevisedBy: posts.lastRevisedBy,
  statusReason: posts.statusReason,
  failureCause: posts.failureCause,
  lastError: posts.lastError,
  needsRetraction: posts.needsRetraction,
  externalIds: posts.externalIds,
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
  firstSegment: sql<string>`coalesce(${postRevisions.segments}[1], '')`,
  segmentCount: sql<number>`cardinality(${postRevisions.segments})`.mapWith(Number),
};

/** A post as lists show it: what PostDto shows plus the opening of its current revision. */
export type PostListRow = Pick<PostRow, keyof typeof listColumns & keyof PostRow> & {
  firstSegment: string;
  segmentCount: number;
};

/**
 * What the calendar shows of a post (where, when, what state, its opening) and the creation time
 * its pages run by: a calendar month reads hundreds of posts every minute, and the rest of a list
 * row would be sent for nothing.
 */
const calendarColumns = {
  id: listColumns.id,
  campaignId: listColumns.campaignId,
  channelId: listColumns.channelId,
  status: listColumns.status,
  scheduledAt: listColumns.scheduledAt,
  createdAt: listColumns.createdAt,
  firstSegment: listColumns.firstSegment,
  segmentCount: listColumns.segmentCount,
};
export type CalendarRow = Pick<PostListRow, keyof typeof calendarColumns>;

type FilteredQuery<T> = PgPreparedQuery<PreparedQueryConfig & { execute: T[] }>;
/** A post in review with its current revision's hash and quotes, for the review queue. */
export type ReviewQueueRow = PostListRow & {
  revisionHash: string;
  quoteIds: string[];
  /** When it was submitted, to the millisecond: its place in the queue. */
  queuedAt: Date;
  /** The stages its campaign's policy adds to editorial review. */
  campaignStages: ReviewStage[];
};

const currentRevisionJoin = and(
  eq(postRevisions.postId, posts.id),
  eq(postRevisions.revision, posts.currentRevision),
);

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

  private readonly byId = new ReusedRead((ex) =>
    ex
      .select()
      .from(posts)
      .where(eq(posts.id, sql.placeholder('id'))),
  );

  async findById(id: string, tx: Executor = this.db): Promise<PostRow | undefined> {
    const [row] = await this.byId.run(this.db, tx, { id });
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
    revision: Omit<typeof postRevisions.$inferInsert, 'duplicateKeys'>,
  ): Promise<RevisionRow> {
    const [row] = await tx
      .insert(postRevisions)
      .values({ ...revision, duplicateKeys: duplicateKeys(revision.segments) })
      .returning();
    await tx.delete(postQuotes).where(eq(postQuotes.postId, revision.postId));
    const quoteIds = [...new Set(revision.quoteIds ?? [])];
    if (quoteIds.length > 0)
      await tx
        .insert(postQuotes)
        .values(quoteIds.map((quoteId) => ({ postId: revision.postId, quoteId })));
    return row!;
  }

  private readonly revisionByNumber = new ReusedRead((ex) =>
    ex
      .select()
      .from(postRevisions)
      .where(
        and(
          eq(postRevisions.postId, sql.placeholder('postId')),
          eq(postRevisions.revision, sql.placeholder('revision')),
        ),
      ),
  );

  async revision(
    postId: string,
    revision: number,
    tx: Executor = this.db,
  ): Promise<RevisionRow | undefined> {
    const [row] = await this.revisionByNumber.run(this.db, tx, { postId, revision });
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

  private readonly reviewsOfPost = new ReusedRead((ex) =>
    ex
      .select()
      .from(reviews)
      .where(eq(reviews.postId, sql.placeholder('postId')))
      .orderBy(asc(reviews.id)),
  );

  reviewsOf(postId: string, tx: Executor = this.db): Promise<ReviewRow[]> {
    return this.reviewsOfPost.run(this.db, tx, { postId });
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

  /**
   * Every review of these posts, oldest first, as far as the review rules read it (which stage,
   * decision, revision and text); the ids go as one array parameter.
   */
  reviewsOfPosts(postIds: readonly string[]): Promise<PostReview[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    this.reviewsOfPostsQuery ??= this.db
      .select({
        postId: reviews.postId,
        stage: reviews.stage,
        decision: reviews.decision,
        revision: reviews.revision,
        hash: reviews.hash,
      })
      .from(reviews)
      .where(anyOfPlaceholder(reviews.postId, 'postIds'))
      .orderBy(asc(reviews.id))
      .prepare(REPLANNED);
    return this.reviewsOfPostsQuery.execute({ postIds });
  }

  private reviewsOfPostsQuery?: PgPreparedQuery<PreparedQueryConfig & { execute: PostReview[] }>;

  async insertClearance(
    tx: Executor,
    clearance: typeof identityClearances.$inferInsert,
  ): Promise<void> {
    await tx.insert(identityClearances).values(clearance).onConflictDoNothing();
  }

  private readonly clearancesOfRevision = new ReusedRead((ex) =>
    ex
      .select()
      .from(identityClearances)
      .where(
        and(
          eq(identityClearances.postId, sql.placeholder('postId')),
          eq(identityClearances.revision, sql.placeholder('revision')),
        ),
      ),
  );

  clearances(postId: string, revision: number, tx: Executor = this.db): Promise<ClearanceRow[]> {
    return this.clearancesOfRevision.run(this.db, tx, { postId, revision });
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

  /**
   * Slot instants other posts than `except` hold on each of `channelIds` in [from, until), in one
   * statement however many channels (the calendar's slots cover every channel).
   * Each channel's instants come as one text of epoch milliseconds: a row per post, its time
   * parsed from PostgreSQL's text, cost the api about 1.5 ms of CPU a thousand posts, and a month
   * of busy channels is thousands (GET /api/slots/days). floor() drops the microseconds as the
   * driver's own parsing into a Date does.
   */
  async takenSlots(
    tx: Executor,
    channelIds: readonly string[],
    { from, until }: { from: Date; until: Date },
    except: readonly string[] = [],
  ): Promise<Map<string, Date[]>> {
    const taken = new Map(channelIds.map((id) => [id, [] as Date[]]));
    if (channelIds.length === 0) return taken;
    const rows = await tx
      .select({
        channelId: posts.channelId,
        instants: sql<string>`string_agg(floor(extract(epoch FROM ${posts.scheduledAt}) * 1000)::text, ',')`,
      })
      .from(posts)
      .where(
        and(
          anyOf(posts.channelId, channelIds),
          inArray(posts.status, [...SLOT_HOLDING_STATUSES]),
          gte(posts.scheduledAt, from),
          lt(posts.scheduledAt, until),
          except.length > 0 ? not(anyOf(posts.id, except)) : undefined,
        ),
      )
      .groupBy(posts.channelId);
    for (const { channelId, instants } of rows)
      taken.set(
        channelId,
        instants.split(',').map((ms) => new Date(Number(ms))),
      );
    return taken;
  }

  /**
   * Current texts of live posts (scheduled to published, and held) other than `exceptPostId` that
   * share one of these duplicate keys or have none computed yet: every live post the duplicate
   * guard could match, found by index.
   */
  async liveTextsSharing(tx: Executor, keys: readonly string[], exceptPostId: string) {
    return tx
      .select({
        postId: posts.id,
        channelId: posts.channelId,
        status: posts.status,
        segments: postRevisions.segments,
      })
      .from(postRevisions)
      .innerJoin(
        posts,
        and(eq(posts.id, postRevisions.postId), eq(posts.currentRevision, postRevisions.revision)),
      )
      .where(
        and(
          or(
            keys.length > 0 ? arrayOverlaps(postRevisions.duplicateKeys, [...keys]) : undefined,
            isNull(postRevisions.duplicateKeys),
          ),
          inArray(posts.status, [...DUPLICATE_GUARDED_STATUSES]),
          ne(posts.id, exceptPostId),
        ),
      );
  }

  /** Up to `limit` revisions without duplicate keys, locked; others filling keys skip them. */
  async lockRevisionsWithoutDuplicateKeys(tx: Executor, limit: number) {
    return tx
      .select({
        postId: postRevisions.postId,
        revision: postRevisions.revision,
        segments: postRevisions.segments,
      })
      .from(postRevisions)
      .where(isNull(postRevisions.duplicateKeys))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  /** Stores revisions' duplicate keys in one statement. */
  async setDuplicateKeys(
    tx: Executor,
    rows: readonly { postId: string; revision: number; keys: readonly string[] }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((row) => ({
      post_id: row.postId,
      revision: row.revision,
      keys: row.keys,
    }));
    await tx.execute(sql`
      UPDATE ${postRevisions} AS r SET duplicate_keys = v.keys
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(post_id uuid, revision int, keys text[])
      WHERE ${anyOf(
        sql`r.post_id`,
        rows.map((row) => row.postId),
      )} AND (r.post_id, r.revision) = (v.post_id, v.revision)`);
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

  /**
   * A page of posts, newest first. The hot lists (the posts screen, integrations polling) run
   * this on every request: its SQL is built once per combination of filters present (at most 2^7
   * shapes) and reused with the values as parameters.
   */
  list(filter: PostFilter): Promise<PostListRow[]> {
    return this.filtered(this.listQueries, listColumns, filter);
  }

  /** The same page as `list`, with only what the calendar shows of each post. */
  calendar(filter: PostFilter): Promise<CalendarRow[]> {
    return this.filtered(this.calendarQueries, calendarColumns, filter);
  }

  private readonly listQueries = new Map<string, FilteredQuery<PostListRow>>();
  private readonly calendarQueries = new Map<string, FilteredQuery<CalendarRow>>();

  private filtered<T>(
    queries: Map<string, FilteredQuery<T>>,
    columns: typeof listColumns | typeof calendarColumns,
    filter: PostFilter,
  ): Promise<T[]> {
    const present = {
      status: Boolean(filter.status?.length),
      campaignId: Boolean(filter.campaignId),
      channelId: Boolean(filter.channelId),
      from: Boolean(filter.from),
      to: Boolean(filter.to),
      needsRetraction: filter.needsRetraction !== undefined,
      before: Boolean(filter.before),
    };
    const shape = Object.values(present)
      .map((on) => (on ? '1' : '0'))
      .join('');
    let query = queries.get(shape);
    if (!query) {
      query = this.filteredQuery(columns, present) as unknown as FilteredQuery<T>;
      queries.set(shape, query);
    }
    return query.execute({
      status: filter.status,
      campaignId: filter.campaignId,
      channelId: filter.channelId,
      from: filter.from,
      to: filter.to,
      needsRetraction: filter.needsRetraction,
      beforeCreatedAt: filter.before?.createdAt,
      beforeId: filter.before?.id,
      limit: filter.limit,
    });
  }

  /** A filtered page's statement for one combination of filters, values left as placeholders. */
  private filteredQuery(
    columns: typeof listColumns | typeof calendarColumns,
    present: Record<keyof Omit<PostFilter, 'limit'>, boolean>,
  ) {
    const p = sql.placeholder;
    return this.db
      .select(columns)
      .from(posts)
      .innerJoin(postRevisions, currentRevisionJoin)
      .where(
        and(
          present.status ? sql`${posts.status} = any(${p('status')})` : undefined,
          present.campaignId ? eq(posts.campaignId, p('campaignId')) : undefined,
          present.channelId ? eq(posts.channelId, p('channelId')) : undefined,
          present.from ? gte(posts.scheduledAt, p('from')) : undefined,
          present.to ? lt(posts.scheduledAt, p('to')) : undefined,
          present.needsRetraction ? eq(posts.needsRetraction, p('needsRetraction')) : undefined,
          present.before
            ? olderThan(posts.createdAt, posts.id, {
                createdAt: p('beforeCreatedAt'),
                id: p('beforeId'),
              })
            : undefined,
        ),
      )
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(p('limit'))
      .prepare(REPLANNED);
  }

  /**
   * Posts in review past a queue position, oldest submission first, with what the review queue
   * needs of their current revision (its hash and quotes) and of their campaign (its extra review
   * stages), so it reads no revision or campaign rows of its own.
   * A position is the submission time to the millisecond (what a cursor can carry) and the id.
   */
  inReview(past: InstantPosition | undefined, limit: number): Promise<ReviewQueueRow[]> {
    const p = sql.placeholder;
    const queuedAt = sql`date_trunc('milliseconds', ${posts.submittedAt})`;
    this.inReviewQuery ??= this.db
      .select({
        ...listColumns,
        revisionHash: postRevisions.hash,
        quoteIds: postRevisions.quoteIds,
        queuedAt: queuedAt.mapWith(posts.submittedAt),
        campaignStages: campaigns.extraStages,
      })
      .from(posts)
      .innerJoin(postRevisions, currentRevisionJoin)
      .innerJoin(campaigns, eq(campaigns.id, posts.campaignId))
      .where(
        and(
          eq(posts.status, 'in_review'),
          sql`(${queuedAt}, ${posts.id}) > (${p('pastAt')}::timestamptz, ${p('pastId')}::uuid)`,
        ),
      )
      .orderBy(queuedAt, asc(posts.id))
      .limit(p('limit'))
      .prepare(REPLANNED);
    return this.inReviewQuery.execute({
      // Before every submission: the queue's start.
      pastAt: past?.at.toISOString() ?? '-infinity',
      pastId: past?.id ?? '00000000-0000-0000-0000-000000000000',
      limit,
    });
  }

  private inReviewQuery?: PgPreparedQuery<PreparedQueryConfig & { execute: ReviewQueueRow[] }>;

  /** Posts with the first segment and segment count of their current revision, in one query. */
  private listed() {
    return this.db
      .select(listColumns)
      .from(posts)
      .innerJoin(postRevisions, currentRevisionJoin)
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
