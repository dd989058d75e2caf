import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { anyOf } from '../db/any-of.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import {
  auditEvents,
  campaigns,
  channelClaims,
  channels,
  postRevisions,
  posts,
  publishAttempts,
  SENDING_STATUSES,
  type AttemptOutcome,
  type FailureCause,
} from '../db/schema/index.js';
import { transitionFor } from '../posts/post-lifecycle.js';
import type { PostRow } from '../posts/posts.repository.js';
import type { ChannelHistory, ClaimedPost } from './claim-check.js';

const CLAIM = transitionFor('claim');
const PUBLISHED = transitionFor('publish_succeeded');
const STALE_CLAIM = transitionFor('publish_unknown');
/** Where each way a claim ends without a publication leaves the post. */
const ENDED = {
  deferred: transitionFor('defer'),
  held: transitionFor('hold'),
  failed: transitionFor('publish_failed'),
  unknown: STALE_CLAIM,
} as const;

/** A post's claim, as the worker holding it knows it. */
export interface HeldClaim {
  postId: string;
  claimId: string;
}

/** A claimed post, with its claim's number among its channel's claims (`channelHistory`). */
export type NumberedClaim = ClaimedPost & { channelSeq: number };

/**
 * How a claim ended without a publication (the attempt's outcome, which the transition table
 * turns into the post's status), what the status says, and what the claim sent meanwhile. A
 * deferral (`at`, back to scheduled at that time) frees the post's claim; the other endings keep
 * the claim id on the post, where the reconciler reads it.
 */
export interface ClaimEnding {
  post: PostRow;
  claimId: string;
  outcome: keyof typeof ENDED;
  at?: Date;
  reason: string;
  cause: FailureCause | null;
  platformMessage: string | null;
  /** Ids of segments sent under this claim; the stored ones when not given. */
  externalIds?: readonly string[];
  unsentAttempts?: number;
}

/** A claim holds a post while the post is in the claimed status under that claim id. */
const claimHeld = (postId: string, claimId: string) =>
  and(eq(posts.id, postId), eq(posts.claimId, claimId), eq(posts.status, CLAIM.to));

/** All SQL of the publishing engine: claims, progress, outcomes and the reconciler's sweeps. */
@Injectable()
export class PublishingRepository {
  /**
   * The claim statement, built once and prepared under a name: a burst runs it many times a
   * second, and building the SQL and planning it each time was a large share of a claim's cost.
   */
  private readonly claimStatement: ReturnType<PublishingRepository['prepareClaim']>;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.claimStatement = this.prepareClaim();
  }

  /**
   * The claim (DESIGN.md rule 2) of several posts in one statement: only a scheduled, approved,
   * due post moves to publishing, so a stale or duplicate wake-up finds no row and does nothing.
   * Each claimed post gets its own claim id and its attempt record, and comes back with its
   * current revision, campaign and channel (null where missing) for the claim-time checks.
   */
  claim(postIds: readonly string[], now: Date): Promise<NumberedClaim[]> {
    return this.claimStatement.execute({
      ids: [...postIds],
      now,
      dueBy: new Date(now.getTime() + 1_000),
    });
  }

  private prepareClaim() {
    const now = sql`${sql.placeholder('now')}::timestamptz`;
    const claim = this.db
      .update(posts)
      .set({ status: CLAIM.to, claimId: sql`gen_random_uuid()`, claimedAt: now, updatedAt: now })
      .where(
        and(
          sql`${posts.id} = ANY(${sql.placeholder('ids')}::uuid[])`,
          // The status is compared through an expression no index matches, so the posts are
          // found by their ids alone. A burst is scheduled faster than statistics follow: with
          // them saying few posts are scheduled, the planner scanned every due post through
          // posts_status_idx for each claim (4,800 rows for a claim of 2, about 3 ms, in
          // bench:publish), which grows with the backlog an outage or a pause leaves.
          sql`(${posts.status} || '') IN ${[...CLAIM.from]}`,
          eq(posts.approvedRevision, posts.currentRevision),
          isNotNull(posts.approvedHash),
          sql`${posts.scheduledAt} <= ${sql.placeholder('dueBy')}::timestamptz`,
        ),
      )
      .returning();
    // One statement, so a claim never exists without its attempt row and costs one round trip.
    const claimed = this.db.$with('claimed', getTableColumns(posts)).as(claim.getSQL());
    // The claim's number among its channel's claims. Sorted, so that two claims of overlapping
    // channels take the rows' locks in one order and wait for each other instead of deadlocking;
    // the later one waits until the earlier commits, so the numbers follow the commits.
    const order = this.db.$with('claim_order', { seq: sql<number>`seq` }).as(
      sql`INSERT INTO ${channelClaims} (channel_id, seq)
          SELECT DISTINCT channel_id, 1 FROM ${claimed} ORDER BY channel_id
          ON CONFLICT (channel_id) DO UPDATE SET seq = ${channelClaims}.seq + 1
          RETURNING channel_id, seq`,
    );
    const attempts = this.db.$with('attempts', { id: sql<number>`id` }).as(
      sql`INSERT INTO ${publishAttempts} (post_id, revision, claim_id, started_at, channel_seq)
          SELECT c.id, c.current_revision, c.claim_id, c.claimed_at, o.seq
          FROM ${claimed} c JOIN claim_order o USING (channel_id) RETURNING id`,
    );
    return this.db
      .with(claimed, order, attempts)
      .select({
        post: claimed._.selectedFields,
        revision: postRevisions,
        campaign: campaigns,
        channel: channels,
        channelSeq: sql<number>`claim_order.seq`.mapWith(Number),
      })
      .from(claimed)
      .innerJoin(order, sql`claim_order.channel_id = ${claimed.channelId}`)
      .leftJoin(
        postRevisions,
        and(
          eq(postRevisions.postId, claimed.id),
          eq(postRevisions.revision, claimed.currentRevision),
        ),
      )
      .leftJoin(campaigns, eq(campaigns.id, claimed.campaignId))
      .leftJoin(channels, eq(channels.id, claimed.channelId))
      .prepare('publishing_claim');
  }

  /**
   * The claimed posts as they stand now, with their current revision, campaign and channel, keyed
   * by post id; a post whose claim no longer holds is left out. What threads re-check before a
   * later segment.
   */
  async claimedNow(claims: readonly HeldClaim[]): Promise<Map<string, ClaimedPost>> {
    const rows = await this.db
      .select({ post: posts, revision: postRevisions, campaign: campaigns, channel: channels })
      .from(posts)
      .leftJoin(
        postRevisions,
        and(eq(postRevisions.postId, posts.id), eq(postRevisions.revision, posts.currentRevision)),
      )
      .leftJoin(campaigns, eq(campaigns.id, posts.campaignId))
      .leftJoin(channels, eq(channels.id, posts.channelId))
      .where(
        and(
          anyOf(
            posts.id,
            claims.map((c) => c.postId),
          ),
          eq(posts.status, CLAIM.to),
        ),
      );
    const held = new Map(claims.map((c) => [c.postId, c.claimId]));
    return new Map(
      rows.filter((r) => held.get(r.post.id) === r.post.claimId).map((r) => [r.post.id, r]),
    );
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
   * Renews the claim's heartbeat to `at`: false when the claim has been given up (expired as
   * stale while this worker was stalled), so a stalled worker never sends.
   */
  async renewClaim(postId: string, claimId: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(posts)
      .set({ claimedAt: at })
      .where(claimHeld(postId, claimId))
      .returning({ id: posts.id });
    return rows.length > 0;
  }

  /**
   * Saves the ids of several threads' sent segments in one statement, each while its claim holds:
   * saved before the next segment is sent, so a crash resumes after the last saved one.
   */
  async saveExternalIds(
    progress: readonly (HeldClaim & { externalIds: readonly string[] })[],
    at: Date,
  ): Promise<void> {
    const values = progress.map((p) => ({
      id: p.postId,
      claim_id: p.claimId,
      external_ids: p.externalIds,
    }));
    await this.db.execute(sql`
      UPDATE ${posts} AS p SET external_ids = v.external_ids, updated_at = ${at.toISOString()}
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        AS v(id uuid, claim_id uuid, external_ids text[])
      WHERE ${anyOf(
        sql`p.id`,
        values.map((v) => v.id),
      )} AND p.id = v.id AND p.claim_id = v.claim_id AND p.status = ${CLAIM.to}`);
  }

  /**
   * Records several posts as published in one statement: each post (while its claim holds), its
   * attempt and its audit row (the columns AuditRepository.record writes). Returns the ids that
   * were still claimed; the others belong to the reconciler now.
   */
  async recordPublished(
    published: readonly { post: PostRow; claimId: string; externalIds: string[]; at: Date }[],
  ): Promise<Set<string>> {
    const values = published.map((p) => ({
      id: p.post.id,
      claim_id: p.claimId,
      external_ids: p.externalIds,
      published_at: p.at.toISOString(),
      audit_before: { status: p.post.status, scheduledAt: p.post.scheduledAt },
      audit_after: { status: PUBLISHED.to, reason: null, externalIds: p.externalIds },
    }));
    // The rows are named by their keys as well (anyOf): planned from the recordset alone, each
    // update read every post being sent and every attempt ever made (bench publish, auto_explain).
    const namedPosts = anyOf(
      sql`p.id`,
      values.map((v) => v.id),
    );
    const namedAttempts = anyOf(
      sql`a.claim_id`,
      values.map((v) => v.claim_id),
    );
    const { rows } = await this.db.execute<{ id: string }>(sql`
      WITH v AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid,
          claim_id uuid, external_ids text[], published_at timestamptz, audit_before jsonb,
          audit_after jsonb)
      ), released AS (
        UPDATE ${posts} AS p SET status = ${PUBLISHED.to}, external_ids = v.external_ids,
          published_at = v.published_at, status_reason = NULL, last_error = NULL,
          failure_cause = NULL, unsent_attempts = 0, updated_at = v.published_at
        FROM v WHERE ${namedPosts} AND p.id = v.id AND p.claim_id = v.claim_id
          AND p.status IN ${PUBLISHED.from}
        RETURNING p.id
      ), finished AS (
        UPDATE ${publishAttempts} AS a SET finished_at = v.published_at, outcome = 'published',
          external_ids = v.external_ids, error = NULL
        FROM v WHERE ${namedAttempts} AND a.claim_id = v.claim_id
      ), audited AS (
        INSERT INTO ${auditEvents} (actor_id, actor_label, action, entity_type, entity_id, before, after)
        SELECT ${SYSTEM_ACTOR.id}::uuid, ${SYSTEM_ACTOR.label}, 'post.published', 'post', v.id::text,
          v.audit_before, v.audit_after
        FROM v JOIN released USING (id)
      )
      SELECT id FROM released`);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Records several claims' endings in one statement: each post's new status (while its claim
   * holds), its attempt finished with its outcome, and its audit row (the columns
   * AuditRepository.record writes). Returns the posts that were still claimed; the others belong
   * to the reconciler now (a claim given up as stale keeps its id on the post while the reconciler
   * settles it, so the status is compared too).
   */
  async recordEnded(
    tx: Executor,
    endings: readonly ClaimEnding[],
    now: Date,
  ): Promise<{ id: string; currentRevision: number; scheduledAt: Date | null }[]> {
    const values = endings.map((e) => ({
      id: e.post.id,
      claim_id: e.claimId,
      outcome: e.outcome,
      scheduled_at: e.at?.toISOString() ?? null,
      status_reason: e.reason,
      failure_cause: e.cause,
      last_error: e.platformMessage,
      external_ids: e.externalIds ?? null,
      claimed_ids: e.post.externalIds,
      unsent_attempts: e.unsentAttempts ?? null,
      attempt_error: e.platformMessage ?? e.reason,
      audit_before: { status: e.post.status, scheduledAt: e.post.scheduledAt },
      audit_after: {
        status: ENDED[e.outcome].to,
        ...(e.at ? { scheduledAt: e.at.toISOString() } : {}),
        reason: e.reason,
        cause: e.cause,
      },
    }));
    // Named by their keys as well as joined to the recordset, as in recordPublished. An ending
    // other than a deferral records the ids the post holds after it, saved progress included.
    const { rows } = await tx.execute<{
      id: string;
      current_revision: number;
      scheduled_at: string | null;
    }>(sql`
      WITH v AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid,
          claim_id uuid, outcome text, scheduled_at timestamptz, status_reason text,
          failure_cause failure_cause, last_error text, external_ids text[], claimed_ids text[],
          unsent_attempts int, attempt_error text, audit_before jsonb, audit_after jsonb)
      ), released AS (
        UPDATE ${posts} AS p SET status = CASE v.outcome
            WHEN 'deferred' THEN ${ENDED.deferred.to} WHEN 'held' THEN ${ENDED.held.to}
            WHEN 'failed' THEN ${ENDED.failed.to} WHEN 'unknown' THEN ${ENDED.unknown.to} END,
          scheduled_at = coalesce(v.scheduled_at, p.scheduled_at),
          claim_id = CASE WHEN v.scheduled_at IS NULL THEN p.claim_id END,
          status_reason = v.status_reason, failure_cause = v.failure_cause,
          last_error = v.last_error, external_ids = coalesce(v.external_ids, p.external_ids),
          unsent_attempts = coalesce(v.unsent_attempts, p.unsent_attempts),
          updated_at = ${now.toISOString()}
        FROM v WHERE ${anyOf(
          sql`p.id`,
          values.map((v) => v.id),
        )} AND p.id = v.id AND p.claim_id = v.claim_id AND p.status = ${CLAIM.to}
        RETURNING p.id, p.current_revision, p.scheduled_at, p.external_ids
      ), finished AS (
        UPDATE ${publishAttempts} AS a SET finished_at = ${now.toISOString()}, outcome = v.outcome,
          external_ids = coalesce(r.external_ids, v.external_ids, v.claimed_ids),
          error = v.attempt_error
        FROM v LEFT JOIN released r USING (id) WHERE ${anyOf(
          sql`a.claim_id`,
          values.map((v) => v.claim_id),
        )} AND a.claim_id = v.claim_id
      ), audited AS (
        INSERT INTO ${auditEvents} (actor_id, actor_label, action, entity_type, entity_id, before, after)
        SELECT ${SYSTEM_ACTOR.id}::uuid, ${SYSTEM_ACTOR.label}, 'post.' || v.outcome, 'post',
          v.id::text, v.audit_before,
          CASE WHEN v.scheduled_at IS NULL
            THEN v.audit_after || jsonb_build_object('externalIds', to_jsonb(r.external_ids))
            ELSE v.audit_after END
        FROM v JOIN released r USING (id)
      )
      SELECT id, current_revision, scheduled_at FROM released`);
    return rows.map((r) => ({
      id: r.id,
      currentRevision: r.current_revision,
      scheduledAt: r.scheduled_at ? new Date(r.scheduled_at) : null,
    }));
  }

  /**
   * What each channel has sent, as of a claim numbered `seq` among the channel's claims: its
   * latest publication or claim and how many since `dayStart` (the channel's own day). Posts
   * whose sending ended without knowing whether the platform took them (unknown) count as sent
   * at their claim: they may be live. So do posts still being sent under an earlier claim, so two
   * workers keep a channel's spacing and cap between them; not those of a later claim (nor of
   * this one, whose posts the caller counts itself). A later claim sees this one, as its number
   * was given after this one committed: of two claims racing for a channel, exactly the earlier
   * may send. When each counted the other, both deferred and the channel sent nothing for a
   * spacing.
   */
  async channelHistory(
    channels: readonly { channelId: string; dayStart: Date; seq: number }[],
  ): Promise<Map<string, ChannelHistory>> {
    if (channels.length === 0) return new Map();
    const values = channels.map((c) => ({
      channel_id: c.channelId,
      day_start: c.dayStart.toISOString(),
      seq: c.seq,
    }));
    // A claim's number is looked up by its key, row by row: as NOT EXISTS, the planner chose to
    // hash every attempt ever made (batch-plans.e2e-spec.ts). Claims from before channel_seq
    // existed have none, and count. The status is compared as posts_channel_sending_idx's
    // condition is, so that index alone finds a channel's posts being sent.
    const sending = sql`(p.status || '') IN ${[...SENDING_STATUSES]}
      AND (p.status = ${STALE_CLAIM.to} OR coalesce((SELECT a.channel_seq FROM ${publishAttempts} a
        WHERE a.claim_id = p.claim_id), 0) < c.seq)`;
    const { rows } = await this.db.execute<{
      channel_id: string;
      last_sent_at: string | null;
      sent_today: number;
    }>(sql`
      SELECT c.channel_id,
        GREATEST(
          (SELECT max(p.published_at) FROM ${posts} p
            WHERE p.channel_id = c.channel_id AND p.published_at IS NOT NULL),
          (SELECT max(p.claimed_at) FROM ${posts} p WHERE p.channel_id = c.channel_id AND ${sending})
        ) AS last_sent_at,
        (SELECT count(*)::int FROM ${posts} p
          WHERE p.channel_id = c.channel_id AND p.published_at >= c.day_start)
        + (SELECT count(*)::int FROM ${posts} p WHERE p.channel_id = c.channel_id AND ${sending})
          AS sent_today
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        AS c(channel_id uuid, day_start timestamptz, seq bigint)`);
    return new Map(
      rows.map((r) => [
        r.channel_id,
        {
          lastSentAt: r.last_sent_at ? new Date(r.last_sent_at) : null,
          sentToday: r.sent_today,
        },
      ]),
    );
  }

  /** Scheduled posts due before `until`, earliest first. */
  dueForWakeUp(until: Date, limit: number) {
    return this.db
      .select({
        id: posts.id,
        currentRevision: posts.currentRevision,
        scheduledAt: posts.scheduledAt,
      })
      .from(posts)
      .where(and(eq(posts.status, 'scheduled'), lt(posts.scheduledAt, until)))
      .orderBy(asc(posts.scheduledAt))
      .limit(limit);
  }

  /** Claims whose worker vanished (killed, partitioned): their outcome is unknown. */
  async expireStaleClaims(tx: Executor, claimedBefore: Date): Promise<PostRow[]> {
    const reason = 'The worker stopped while publishing; checking the platform.';
    const expired = await tx
      .update(posts)
      .set({
        status: STALE_CLAIM.to,
        statusReason: reason,
        failureCause: 'claim_expired',
        lastError: null,
        updatedAt: new Date(),
      })
      .where(and(inArray(posts.status, [...STALE_CLAIM.from]), lt(posts.claimedAt, claimedBefore)))
      .returning();
    // The vanished worker will never finish its attempts; a stalled one that wakes up may still
    // say more about its own.
    if (expired.length > 0)
      await tx
        .update(publishAttempts)
        .set({ finishedAt: new Date(), outcome: 'unknown', error: reason })
        .where(
          and(
            inArray(
              publishAttempts.claimId,
              expired.map((p) => p.claimId!),
            ),
            isNull(publishAttempts.outcome),
          ),
        );
    return expired;
  }

  /** Which of `externalIds` a post other than `postId` already tracks as its own. */
  async trackedElsewhere(
    tx: Executor,
    postId: string,
    externalIds: readonly string[],
  ): Promise<Set<string>> {
    if (externalIds.length === 0) return new Set();
    const { rows } = await tx.execute<{ id: string }>(sql`
      SELECT DISTINCT x.id FROM ${posts} p, unnest(p.external_ids) AS x(id)
      WHERE p.external_ids && ${sql.param([...externalIds])}::text[] AND p.id <> ${postId}
        AND x.id = ANY(${sql.param([...externalIds])}::text[])`);
    return new Set(rows.map((r) => r.id));
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
}
