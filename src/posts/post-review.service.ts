import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import type { CampaignRow } from '../campaigns/campaigns.repository.js';
import { conflict, forbidden, invalid } from '../common/domain-errors.js';
import type { InstantPosition } from '../common/pagination.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { ReviewDecision, ReviewStage } from '../db/schema/index.js';
import { QuoteUsageService } from '../library/quote-usage.service.js';
import { type DuplicateMatch, duplicateKeys, findDuplicates } from './duplicate-text.js';
import { IdentityClearanceService } from './identity-clearance.service.js';
import { type FindingView, findingsFor, type IdentityFinding } from './identity-findings.js';
import { type LinkedQuotes, PostGuards } from './post-guards.js';
import {
  approvedStagesOf,
  canApproveStage,
  canReviewStage,
  type PostAction,
  requiredStages,
  STAGE_ROLE,
} from './post-lifecycle.js';
import {
  type PostListRow,
  type PostRow,
  PostsRepository,
  type ReviewEntry,
  type ReviewQueueRow,
  type RevisionRow,
} from './posts.repository.js';

/** How many sent-back posts Today lists; more means the author has a backlog to open in Posts. */
const FEEDBACK_LIMIT = 50;

/**
 * The most posts in review read at once while filling a page of the review queue. The first read
 * asks for as many as the page holds; each further one (the caller's stages wait on few of the
 * posts) asks for twice as many as the last, up to this.
 */
const QUEUE_CHUNK_MAX = 800;

export interface ReviewState {
  requiredStages: ReviewStage[];
  approvedStages: ReviewStage[];
  pendingStages: ReviewStage[];
  identityFindings: IdentityFinding[];
}

/** The review state as one reader may see it (see FindingView). */
export type ReviewView = Omit<ReviewState, 'identityFindings'> & {
  identityFindings: FindingView[];
};

export interface ReviewInput {
  revision: number;
  stage: ReviewStage;
  decision: ReviewDecision;
  comment?: string;
}

const viewFor = (principal: Principal, state: ReviewState): ReviewView => ({
  ...state,
  identityFindings: findingsFor(principal.roles, state.identityFindings),
});

/**
 * Review and its stages: submission, four-eyes decisions per stage, the comment thread, the review
 * state a post shows, and the queue of what each reviewer can approve.
 */
@Injectable()
export class PostReviewService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly guards: PostGuards,
    private readonly clearances: IdentityClearanceService,
    private readonly quoteUsage: QuoteUsageService,
    private readonly audit: AuditRepository,
  ) {}

  async submit(
    principal: Principal,
    id: string,
  ): Promise<{ post: PostRow; review: ReviewView; duplicates: DuplicateMatch[] }> {
    return this.db.transaction(async (tx) => {
      const post = await this.guards.lock(tx, id);
      const next = this.guards.transition(principal, post.status, 'submit');
      const [campaign, channel] = await this.guards.context(tx, post);
      const revision = await this.guards.currentRevision(tx, post);
      const quotes = await this.guards.checkContent(tx, revision, campaign, channel);
      const after = await this.posts.update(tx, post.id, { status: next, submittedAt: new Date() });
      const review = await this.reviewState(tx, after, campaign, revision, quotes);
      const duplicates = findDuplicates(
        { postId: post.id, channelId: post.channelId, segments: revision.segments },
        await this.posts.liveTextsSharing(tx, duplicateKeys(revision.segments), post.id),
      );
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.submitted',
        entityType: 'post',
        entityId: post.id,
        before: { status: post.status },
        after: {
          status: after.status,
          revision: revision.revision,
          requiredStages: review.requiredStages,
          identityMatches: review.identityFindings.length,
          duplicates: duplicates.map((d) => d.postId),
        },
      });
      return { post: after, review: viewFor(principal, review), duplicates };
    });
  }

  async review(principal: Principal, id: string, input: ReviewInput): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.guards.lock(tx, id);
      const action: PostAction = input.decision === 'approve' ? 'approve_stage' : input.decision;
      let next = this.guards.transition(principal, post.status, action);
      if (input.revision !== post.currentRevision) {
        throw conflict(
          `Revision ${input.revision} is no longer current (now ${post.currentRevision}); review the current revision.`,
          {
            title: 'Stale revision',
            currentRevision: post.currentRevision,
          },
        );
      }
      const [campaign] = await this.guards.context(tx, post);
      const revision = await this.guards.currentRevision(tx, post);
      const quotes = await this.guards.linkedQuotes(tx, revision.quoteIds, campaign);
      const state = await this.reviewState(tx, post, campaign, revision, quotes);
      if (!state.requiredStages.includes(input.stage)) {
        throw conflict(
          `This post does not need a ${input.stage} review; it needs ${state.requiredStages.join(', ')}.`,
        );
      }
      if (input.decision === 'approve') {
        const check = canApproveStage({
          stage: input.stage,
          principalUserId: principal.userId,
          principalRoles: principal.roles,
          authorId: post.authorId,
          lastReviserId: post.lastRevisedBy,
        });
        if (!check.ok) throw forbidden(check.reason, { title: 'Four-eyes rule' });
        if (state.approvedStages.includes(input.stage))
          throw conflict(`The ${input.stage} stage is already approved for this revision.`);
        const uncleared = state.identityFindings.filter((f) => !f.cleared);
        if (uncleared.length > 0) {
          throw conflict(
            `The text contains ${uncleared.length} identifying detail(s) a safety reviewer has not cleared.`,
            {
              title: 'Identifying details in the text',
              identityMatches: findingsFor(principal.roles, uncleared).map(
                ({ cleared: _cleared, ...where }) => where,
              ),
            },
          );
        }
        this.guards.assertQuotesUsable(revision.quoteIds, quotes, 'conflict');
      } else {
        const check = canReviewStage({ stage: input.stage, principalRoles: principal.roles });
        if (!check.ok) throw forbidden(check.reason);
        if (!input.comment?.trim()) {
          throw invalid(
            [
              {
                field: 'comment',
                rule: 'requiredForDecision',
                message: `comment is required to ${input.decision.replace('_', ' ')}`,
              },
            ],
            'Say what must change.',
          );
        }
      }
      await this.posts.insertReview(tx, {
        postId: post.id,
        revision: revision.revision,
        hash: revision.hash,
        stage: input.stage,
        reviewerId: principal.userId,
        decision: input.decision,
        comment: input.comment ?? null,
      });
      const changes: Parameters<PostsRepository['update']>[2] = { status: next };
      if (input.decision === 'approve' && state.pendingStages.every((s) => s === input.stage)) {
        next = this.guards.systemTransition(post.status, 'complete_review');
        Object.assign(changes, {
          status: next,
          approvedRevision: revision.revision,
          approvedHash: revision.hash,
        });
      }
      const after = await this.posts.update(tx, post.id, changes);
      await this.audit.record(tx, actorOf(principal), {
        action: `post.review.${input.decision}`,
        entityType: 'post',
        entityId: post.id,
        before: { status: post.status },
        after: {
          status: after.status,
          stage: input.stage,
          revision: revision.revision,
          hash: revision.hash,
          comment: input.comment ?? null,
        },
      });
      return after;
    });
  }

  async comment(principal: Principal, id: string, body: string) {
    return this.db.transaction(async (tx) => {
      await this.guards.lock(tx, id);
      const row = await this.posts.insertComment(tx, {
        postId: id,
        authorId: principal.userId,
        body,
      });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.commented',
        entityType: 'post',
        entityId: id,
        after: { commentId: row.id },
      });
      return row;
    });
  }

  /** The review state of the post's current revision as `principal` may see it. */
  async reviewStateOf(
    principal: Principal,
    post: PostRow,
    current?: RevisionRow,
  ): Promise<ReviewView> {
    const [[campaign], revision] = await Promise.all([
      this.guards.context(this.db, post),
      current ?? this.guards.currentRevision(this.db, post),
    ]);
    const quotes = await this.guards.linkedQuotes(this.db, revision.quoteIds, campaign);
    return viewFor(principal, await this.reviewState(this.db, post, campaign, revision, quotes));
  }

  /**
   * Posts waiting for a stage `principal` can approve, oldest submission first, past a queue
   * position and at most `limit` of them; never their own work (they wrote or last revised it),
   * which the four-eyes rule would refuse anyway. Which stages are pending is the review rules'
   * answer, so posts are read in chunks and filtered here until the window is full or the queue
   * ends: a fixed number of queries per chunk.
   */
  async reviewQueue(
    principal: Principal,
    window: { past?: InstantPosition; limit: number },
  ): Promise<ReviewQueueRow[]> {
    const found: ReviewQueueRow[] = [];
    let past = window.past;
    for (let chunk = window.limit; ; chunk = Math.min(chunk * 2, QUEUE_CHUNK_MAX)) {
      const inReview = await this.posts.inReview(past, chunk);
      const pending = await this.pendingStagesOf(inReview);
      for (const post of inReview) {
        const mine = (pending.get(post.id) ?? []).some((stage) =>
          principal.roles.includes(STAGE_ROLE[stage]),
        );
        const ownWork =
          post.authorId === principal.userId || post.lastRevisedBy === principal.userId;
        if (mine && !ownWork) found.push(post);
        if (found.length === window.limit) return found;
      }
      const last = inReview.at(-1);
      if (inReview.length < chunk || !last) return found;
      past = { at: last.queuedAt, id: last.id };
    }
  }

  /**
   * The author's posts a reviewer sent back or rejected and that nobody has revised since, each
   * with that review (its comment is what the author has to act on), newest first.
   */
  async feedbackFor(principal: Principal): Promise<{ post: PostListRow; review: ReviewEntry }[]> {
    const open = await this.posts.authorsOpenPosts(principal.userId, FEEDBACK_LIMIT);
    const entries = await this.posts.reviewEntries(open.map((post) => post.id));
    return open.flatMap((post) => {
      const latest = entries
        .filter((e) => e.postId === post.id && e.revision === post.currentRevision)
        .at(-1);
      return latest && latest.decision !== 'approve' ? [{ post, review: latest }] : [];
    });
  }

  /**
   * The stages still pending for each post's current revision, for many posts in a fixed number
   * of queries; the same rules as reviewState.
   */
  private async pendingStagesOf(
    posts: readonly ReviewQueueRow[],
  ): Promise<Map<string, ReviewStage[]>> {
    const [reviews, quotes] = await Promise.all([
      this.posts.reviewsOfPosts(posts.map((p) => p.id)),
      this.quoteUsage.linkedQuotes(posts.flatMap((p) => p.quoteIds)),
    ]);
    const reviewsByPost = Map.groupBy(reviews, (r) => r.postId);
    return new Map(
      posts.map((post) => {
        const stages = requiredStages(
          post.campaignStages,
          post.quoteIds.flatMap((id) => quotes.get(id) ?? []),
        );
        const approved = approvedStagesOf(reviewsByPost.get(post.id) ?? [], {
          revision: post.currentRevision,
          hash: post.revisionHash,
        });
        return [post.id, stages.filter((s) => !approved.includes(s))];
      }),
    );
  }

  private async reviewState(
    tx: Executor,
    post: PostRow,
    campaign: CampaignRow,
    revision: RevisionRow,
    quotes: LinkedQuotes,
  ): Promise<ReviewState> {
    const stages = requiredStages(campaign.extraStages, [...quotes.values()]);
    const [reviews, identityFindings] = await Promise.all([
      this.posts.reviewsOf(post.id, tx),
      this.clearances.findings(tx, post, revision, quotes),
    ]);
    const approvedStages = approvedStagesOf(reviews, revision);
    return {
      requiredStages: stages,
      approvedStages: stages.filter((s) => approvedStages.includes(s)),
      pendingStages: stages.filter((s) => !approvedStages.includes(s)),
      identityFindings,
    };
  }
}
