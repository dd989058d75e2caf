import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, hasRole, type Principal } from '../auth/principal.js';
import { CampaignsRepository, type CampaignRow } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import {
  conflict,
  type FieldError,
  forbidden,
  invalid,
  notFound,
  refused,
} from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { ReviewDecision, ReviewStage } from '../db/schema/index.js';
import { findIdentifyingDetails, type IdentifyingMatch } from '../library/identity-check.js';
import { usabilityOf } from '../library/usability.js';
import { affects } from '../pauses/affects.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import { PublishScheduler } from '../publishing/publish-scheduler.js';
import { nextFreeSlot } from '../scheduling/next-free-slot.js';
import { contentHash } from './content-hash.js';
import { type DuplicateMatch, findDuplicates } from './duplicate-text.js';
import {
  approvedStagesOf,
  canApproveStage,
  canReviewStage,
  decide,
  factsOf,
  NEW_POST_STATUS,
  type PostFacts,
  transitionOrThrow,
  type PostAction,
  type PostActor,
  requiredStages,
} from './post-lifecycle.js';
import {
  type LinkedQuote,
  type PostRow,
  PostsRepository,
  type RevisionRow,
} from './posts.repository.js';
import { validateSegments } from './weighted-length.js';

export interface PostContent {
  segments: string[];
  quoteIds: string[];
}

/** An identity-check hit in the current revision, and whether a safety reviewer cleared it. */
export interface IdentityFinding extends IdentifyingMatch {
  segment: number;
  cleared: boolean;
}

export interface ReviewState {
  requiredStages: ReviewStage[];
  approvedStages: ReviewStage[];
  pendingStages: ReviewStage[];
  identityFindings: IdentityFinding[];
}

const userActor = (p: Principal): PostActor => ({ kind: 'user', roles: p.roles });

/** A requested time must lie ahead; one kept unchanged (it may have passed since) is let be. */
function requestedAtErrors(
  requestedAt: Date | null | undefined,
  stored: Date | null,
  now = new Date(),
): FieldError[] {
  if (!requestedAt || requestedAt.getTime() === stored?.getTime() || requestedAt > now) return [];
  return [{ field: 'requestedAt', rule: 'future', message: 'requestedAt must be in the future' }];
}

/**
 * The post lifecycle as the team lives it: drafts and revisions, submission, four-eyes review
 * per stage, identity clearances, scheduling into slots, cancellation, and withdrawal when a
 * quote is retracted. Every transition locks the post, goes through the one transition table,
 * and writes its audit row in the same transaction.
 */
@Injectable()
export class PostWorkflowService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly channels: ChannelsRepository,
    private readonly pauses: PausesRepository,
    private readonly audit: AuditRepository,
    private readonly scheduler: PublishScheduler,
  ) {}

  async createDraft(
    principal: Principal,
    input: PostContent & { campaignId: string; channelId: string; requestedAt?: Date | null },
  ): Promise<PostRow> {
    this.transition(principal, 'draft', 'submit'); // drafting needs the same roles as submitting
    return this.db.transaction(async (tx) => {
      const campaign = await this.campaigns.findById(input.campaignId, tx);
      const channel = await this.channels.findById(input.channelId, tx);
      const errors: FieldError[] = requestedAtErrors(input.requestedAt, null);
      if (!campaign)
        errors.push({
          field: 'campaignId',
          rule: 'exists',
          message: `campaign ${input.campaignId} does not exist`,
        });
      else if (campaign.status === 'archived')
        errors.push({
          field: 'campaignId',
          rule: 'notArchived',
          message: 'the campaign is archived',
        });
      if (!channel)
        errors.push({
          field: 'channelId',
          rule: 'exists',
          message: `channel ${input.channelId} does not exist`,
        });
      else if (channel.status === 'disabled')
        errors.push({
          field: 'channelId',
          rule: 'notDisabled',
          message: 'the channel is disabled',
        });
      if (errors.length > 0)
        throw invalid(
          errors,
          errors.every((e) => e.field === 'requestedAt')
            ? 'The requested time is not in the future.'
            : 'The campaign or channel cannot take posts.',
        );
      await this.checkContent(tx, input, campaign!, channel!);
      const post = await this.posts.insert(tx, {
        campaignId: input.campaignId,
        channelId: input.channelId,
        status: NEW_POST_STATUS,
        currentRevision: 1,
        authorId: principal.userId,
        lastRevisedBy: principal.userId,
        requestedAt: input.requestedAt ?? null,
      });
      const revision = await this.addRevision(tx, post.id, 1, input, principal.userId);
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.created',
        entityType: 'post',
        entityId: post.id,
        after: {
          status: post.status,
          revision: 1,
          hash: revision.hash,
          requestedAt: post.requestedAt?.toISOString() ?? null,
        },
      });
      return post;
    });
  }

  /** Any edit makes a new revision, voids every approval and returns the post to draft. */
  async edit(
    principal: Principal,
    id: string,
    input: PostContent & { baseRevision: number; requestedAt?: Date | null },
  ): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      const next = this.transition(principal, post.status, 'edit', factsOf(post));
      const timingErrors = requestedAtErrors(input.requestedAt, post.requestedAt);
      if (timingErrors.length > 0)
        throw invalid(timingErrors, 'The requested time is not in the future.');
      if (input.baseRevision !== post.currentRevision) {
        throw conflict(
          `This edit is based on revision ${input.baseRevision}, but the post is at revision ${post.currentRevision}; reload and edit again.`,
          {
            title: 'Stale revision',
            currentRevision: post.currentRevision,
          },
        );
      }
      const [campaign, channel] = await this.context(tx, post);
      await this.checkContent(tx, input, campaign, channel);
      const revisionNumber = post.currentRevision + 1;
      const revision = await this.addRevision(tx, post.id, revisionNumber, input, principal.userId);
      const after = await this.posts.update(tx, post.id, {
        status: next,
        currentRevision: revisionNumber,
        lastRevisedBy: principal.userId,
        approvedRevision: null,
        approvedHash: null,
        scheduledAt: null,
        submittedAt: null,
        statusReason: null,
        ...(input.requestedAt !== undefined ? { requestedAt: input.requestedAt } : {}),
      });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.edited',
        entityType: 'post',
        entityId: post.id,
        before: {
          status: post.status,
          revision: post.currentRevision,
          approvedRevision: post.approvedRevision,
          scheduledAt: post.scheduledAt,
          requestedAt: post.requestedAt,
        },
        after: {
          status: after.status,
          revision: revisionNumber,
          hash: revision.hash,
          approvalsVoided: post.approvedRevision !== null || post.status === 'in_review',
          requestedAt: after.requestedAt?.toISOString() ?? null,
        },
      });
      return after;
    });
  }

  /**
   * Changes only the time the author asks for: post metadata, not approved content, so no
   * revision is made, the content hash stays and approvals stand. Once an editor has placed the
   * post, its time is theirs to change (reschedule).
   */
  async requestTiming(
    principal: Principal,
    id: string,
    requestedAt: Date | null,
  ): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      this.transition(principal, post.status, 'request_timing');
      const errors = requestedAtErrors(requestedAt, post.requestedAt);
      if (errors.length > 0) throw invalid(errors, 'The requested time is not in the future.');
      const after = await this.posts.update(tx, post.id, { requestedAt });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.timing_requested',
        entityType: 'post',
        entityId: post.id,
        before: { requestedAt: post.requestedAt },
        after: { requestedAt: requestedAt?.toISOString() ?? null },
      });
      return after;
    });
  }

  async submit(
    principal: Principal,
    id: string,
  ): Promise<{ post: PostRow; review: ReviewState; duplicates: DuplicateMatch[] }> {
    return this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      const next = this.transition(principal, post.status, 'submit');
      const [campaign, channel] = await this.context(tx, post);
      const revision = await this.currentRevision(tx, post);
      await this.checkContent(tx, revision, campaign, channel);
      const after = await this.posts.update(tx, post.id, { status: next, submittedAt: new Date() });
      const review = await this.reviewState(tx, after, campaign, revision);
      const duplicates = findDuplicates(
        { postId: post.id, channelId: post.channelId, segments: revision.segments },
        await this.posts.liveTexts(tx),
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
      return { post: after, review, duplicates };
    });
  }

  async review(
    principal: Principal,
    id: string,
    input: { revision: number; stage: ReviewStage; decision: ReviewDecision; comment?: string },
  ): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      const action: PostAction = input.decision === 'approve' ? 'approve_stage' : input.decision;
      let next = this.transition(principal, post.status, action);
      if (input.revision !== post.currentRevision) {
        throw conflict(
          `Revision ${input.revision} is no longer current (now ${post.currentRevision}); review the current revision.`,
          {
            title: 'Stale revision',
            currentRevision: post.currentRevision,
          },
        );
      }
      const [campaign] = await this.context(tx, post);
      const revision = await this.currentRevision(tx, post);
      const state = await this.reviewState(tx, post, campaign, revision);
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
              identityMatches: uncleared.map(
                ({ detailId, kind, matchedText, segment, start, end }) => ({
                  detailId,
                  kind,
                  matchedText,
                  segment,
                  start,
                  end,
                }),
              ),
            },
          );
        }
        await this.assertQuotesUsable(tx, revision.quoteIds, campaign);
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
        next = this.systemTransition(post.status, 'complete_review');
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

  /** A safety reviewer decides that one identity match in the current revision may stand. */
  async clearIdentityMatch(
    principal: Principal,
    id: string,
    input: { revision: number; detailId: string; note: string },
  ): Promise<void> {
    if (!hasRole(principal, 'safety_reviewer'))
      throw forbidden('Only safety reviewers can clear identifying details.');
    await this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      if (input.revision !== post.currentRevision)
        throw conflict(
          `Revision ${input.revision} is no longer current (now ${post.currentRevision}).`,
          { title: 'Stale revision' },
        );
      const [campaign] = await this.context(tx, post);
      const revision = await this.currentRevision(tx, post);
      const state = await this.reviewState(tx, post, campaign, revision);
      if (!state.identityFindings.some((f) => f.detailId === input.detailId)) {
        throw refused(
          'not_found',
          `Identifying detail ${input.detailId} does not occur in revision ${revision.revision}.`,
        );
      }
      await this.posts.insertClearance(tx, {
        postId: post.id,
        revision: revision.revision,
        detailId: input.detailId,
        clearedBy: principal.userId,
        note: input.note,
      });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.identity_match_cleared',
        entityType: 'post',
        entityId: post.id,
        after: { revision: revision.revision, detailId: input.detailId, note: input.note },
      });
    });
  }

  /** Places an approved (or held/scheduled) post at a time or in the channel's next free slot. */
  async schedule(
    principal: Principal,
    id: string,
    input: { at?: Date; nextFreeSlot?: boolean },
  ): Promise<PostRow> {
    if ((input.at === undefined) === !input.nextFreeSlot) {
      throw invalid(
        [{ field: 'at', rule: 'exactlyOne', message: 'give either at or nextFreeSlot: true' }],
        'Give either a time or nextFreeSlot: true.',
      );
    }
    let scheduled: PostRow;
    try {
      scheduled = await this.db.transaction(async (tx) => {
        const post = await this.lock(tx, id);
        const action: PostAction = post.status === 'approved' ? 'schedule' : 'reschedule';
        const next = this.transition(principal, post.status, action);
        const [campaign] = await this.context(tx, post);
        // Serialise slot assignment per channel, so two requests cannot pick the same free slot.
        const channel = (await this.channels.findForUpdate(tx, post.channelId))!;
        const revision = await this.currentRevision(tx, post);
        if (post.approvedRevision !== revision.revision || post.approvedHash !== revision.hash) {
          throw conflict(
            'The current revision is not the approved one; it must be reviewed again.',
          );
        }
        await this.assertQuotesUsable(tx, revision.quoteIds, campaign);
        const now = new Date();
        const at = input.at ?? (await this.findSlot(tx, post, campaign, channel, now));
        this.assertWithinCampaign(at, campaign);
        if (input.at) await this.assertSlotFree(tx, post, channel, at, now);
        const after = await this.posts.update(tx, post.id, {
          status: next,
          scheduledAt: at,
          statusReason: null,
          lastError: null,
        });
        await this.audit.record(tx, actorOf(principal), {
          action: `post.${action}d`,
          entityType: 'post',
          entityId: post.id,
          before: { status: post.status, scheduledAt: post.scheduledAt },
          after: {
            status: after.status,
            scheduledAt: at.toISOString(),
            nextFreeSlot: Boolean(input.nextFreeSlot),
          },
        });
        return after;
      });
    } catch (error) {
      if (this.posts.isSlotUniqueViolation(error))
        throw conflict('Another post took that slot on this channel; choose another time.');
      throw error;
    }
    // After commit, so the job never finds the post still unscheduled.
    await this.scheduler.wake(scheduled);
    return scheduled;
  }

  async cancel(principal: Principal, id: string, reason: string): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.lock(tx, id);
      const next = this.transition(principal, post.status, 'cancel', factsOf(post));
      const after = await this.posts.update(tx, post.id, { status: next, statusReason: reason });
      await this.audit.record(tx, actorOf(principal), {
        action: 'post.cancelled',
        entityType: 'post',
        entityId: post.id,
        before: { status: post.status, scheduledAt: post.scheduledAt },
        after: { status: next, reason },
      });
      return after;
    });
  }

  async comment(principal: Principal, id: string, body: string) {
    return this.db.transaction(async (tx) => {
      await this.lock(tx, id);
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

  /** The review state of the post's current revision (pass it when already read). */
  async reviewStateOf(post: PostRow, current?: RevisionRow): Promise<ReviewState> {
    const [[campaign], revision] = await Promise.all([
      this.context(this.db, post),
      current ?? this.currentRevision(this.db, post),
    ]);
    return this.reviewState(this.db, post, campaign, revision);
  }

  /**
   * The stages still pending for each post's current revision, for many posts in a fixed number
   * of queries (the review queue); the same rules as reviewStateOf.
   */
  async pendingStagesOf(posts: readonly PostRow[]): Promise<Map<string, ReviewStage[]>> {
    const ids = posts.map((p) => p.id);
    const [campaigns, revisions, reviews] = await Promise.all([
      this.campaigns.findMany([...new Set(posts.map((p) => p.campaignId))]),
      this.posts.currentRevisions(ids),
      this.posts.reviewsOfPosts(ids),
    ]);
    const quotes = await this.posts.linkedQuotes([
      ...new Set([...revisions.values()].flatMap((r) => r.quoteIds)),
    ]);
    const campaignById = new Map(campaigns.map((c) => [c.id, c]));
    const quoteById = new Map(quotes.map((q) => [q.id, q]));
    return new Map(
      posts.flatMap((post) => {
        const revision = revisions.get(post.id);
        const campaign = campaignById.get(post.campaignId);
        if (!revision || !campaign) return [];
        const stages = requiredStages(
          campaign.extraStages,
          revision.quoteIds.flatMap((id) => quoteById.get(id) ?? []),
        );
        const approved = approvedStagesOf(
          reviews.filter((r) => r.postId === post.id),
          revision,
        );
        return [[post.id, stages.filter((s) => !approved.includes(s))]];
      }),
    );
  }

  private async reviewState(
    tx: Executor,
    post: PostRow,
    campaign: CampaignRow,
    revision: RevisionRow,
  ): Promise<ReviewState> {
    const quotes = await this.posts.linkedQuotes(revision.quoteIds, tx);
    const stages = requiredStages(campaign.extraStages, quotes);
    const approvedStages = approvedStagesOf(await this.posts.reviewsOf(post.id, tx), revision);
    const details = await this.posts.identifyingDetails(
      [...new Set(quotes.map((q) => q.defectorId))],
      tx,
    );
    const cleared = new Set(
      (await this.posts.clearances(post.id, revision.revision, tx)).map((c) => c.detailId),
    );
    const identityFindings = revision.segments.flatMap((text, segment) =>
      findIdentifyingDetails(text, details).map((m) => ({
        ...m,
        segment,
        cleared: cleared.has(m.detailId),
      })),
    );
    return {
      requiredStages: stages,
      approvedStages: stages.filter((s) => approvedStages.includes(s)),
      pendingStages: stages.filter((s) => !approvedStages.includes(s)),
      identityFindings,
    };
  }

  private async findSlot(
    tx: Executor,
    post: PostRow,
    campaign: CampaignRow,
    channel: ChannelRow,
    now: Date,
  ): Promise<Date> {
    const after = campaign.startsAt && campaign.startsAt > now ? campaign.startsAt : now;
    const windows = (await this.pauses.current(now, tx)).filter((w) => affects(w, post));
    const slot = nextFreeSlot({
      timezone: channel.timezone,
      weeklySlots: channel.weeklySlots,
      minSpacingMinutes: channel.minSpacingMinutes,
      dailyCap: channel.dailyCap,
      after,
      taken: await this.posts.takenSlots(
        tx,
        channel.id,
        new Date(after.getTime() - 86_400_000),
        post.id,
      ),
      blackouts: windows.flatMap((w) => (w.endsAt ? [{ start: w.startsAt, end: w.endsAt }] : [])),
    });
    if (!slot)
      throw conflict(
        `Channel @${channel.handle} has no free slot in the next 60 days; add weekly slots or raise its daily cap.`,
      );
    return slot;
  }

  /** An explicit time must keep the channel's spacing and daily cap like a found slot would. */
  private async assertSlotFree(
    tx: Executor,
    post: PostRow,
    channel: ChannelRow,
    at: Date,
    now: Date,
  ): Promise<void> {
    if (at <= now)
      throw invalid(
        [{ field: 'at', rule: 'future', message: 'at must be in the future' }],
        'The time is in the past.',
      );
    const spacingMs = channel.minSpacingMinutes * 60_000;
    const taken = await this.posts.takenSlots(
      tx,
      channel.id,
      new Date(at.getTime() - Math.max(spacingMs, 86_400_000) - 1),
      post.id,
    );
    const clash = taken.find((t) => Math.abs(t.getTime() - at.getTime()) < Math.max(spacingMs, 1));
    if (clash) {
      throw conflict(
        `Another post is scheduled at ${clash.toISOString()}, within the channel's ${channel.minSpacingMinutes}-minute spacing.`,
      );
    }
    const day = new Intl.DateTimeFormat('en-CA', {
      timeZone: channel.timezone,
      dateStyle: 'short',
    });
    const sameDay = taken.filter((t) => day.format(t) === day.format(at)).length;
    if (sameDay >= channel.dailyCap)
      throw conflict(`The channel already has ${sameDay} posts that day, its daily cap.`);
  }

  private assertWithinCampaign(at: Date, campaign: CampaignRow): void {
    if (campaign.endsAt && at >= campaign.endsAt) {
      throw conflict(
        `The campaign ends at ${campaign.endsAt.toISOString()}; the post would go out after it.`,
      );
    }
  }

  private async checkContent(
    tx: Executor,
    content: PostContent,
    campaign: CampaignRow,
    channel: ChannelRow,
  ): Promise<void> {
    const problems: FieldError[] = validateSegments(content.segments, channel.platform).map(
      ({ field, rule, message }) => ({ field, rule, message }),
    );
    if (problems.length > 0) throw invalid(problems, problems.map((p) => p.message).join('; '));
    await this.assertQuotesUsable(tx, content.quoteIds, campaign, 400);
  }

  private async assertQuotesUsable(
    tx: Executor,
    quoteIds: readonly string[],
    campaign: CampaignRow,
    status: 400 | 409 = 409,
  ): Promise<void> {
    const found = new Map(
      (await this.posts.linkedQuotes(quoteIds, tx)).map((q): [string, LinkedQuote] => [q.id, q]),
    );
    const errors: FieldError[] = [];
    quoteIds.forEach((quoteId, i) => {
      const quote = found.get(quoteId);
      if (!quote) {
        errors.push({
          field: `quoteIds[${i}]`,
          rule: 'exists',
          message: `quote ${quoteId} does not exist`,
        });
        return;
      }
      const minimum =
        campaign.minimumVerification === 'disputed' || campaign.minimumVerification === 'retracted'
          ? undefined
          : campaign.minimumVerification;
      const usability = usabilityOf(quote, quote, minimum);
      if (!usability.usable) {
        errors.push({
          field: `quoteIds[${i}]`,
          rule: 'usable',
          message: `quote ${quoteId} is not usable: ${usability.reasons.join(', ')}`,
        });
      }
    });
    if (errors.length === 0) return;
    if (status === 400) throw invalid(errors, 'Some linked quotes cannot be used.');
    throw conflict('A linked quote is no longer usable; the post cannot go ahead.', {
      title: 'Quote not usable',
      errors,
    });
  }

  private async addRevision(
    tx: Executor,
    postId: string,
    revision: number,
    content: PostContent,
    authorId: string,
  ): Promise<RevisionRow> {
    const quoteIds = [...new Set(content.quoteIds)];
    return this.posts.insertRevision(tx, {
      postId,
      revision,
      segments: content.segments,
      quoteIds,
      hash: contentHash({ segments: content.segments, quoteIds }),
      authorId,
    });
  }

  private async lock(tx: Executor, id: string): Promise<PostRow> {
    const post = await this.posts.findForUpdate(tx, id);
    if (!post) throw notFound('Post', id);
    return post;
  }

  private async context(tx: Executor, post: PostRow): Promise<[CampaignRow, ChannelRow]> {
    const [campaign, channel] = await Promise.all([
      this.campaigns.findById(post.campaignId, tx),
      this.channels.findById(post.channelId, tx),
    ]);
    return [campaign!, channel!];
  }

  private async currentRevision(tx: Executor, post: PostRow): Promise<RevisionRow> {
    return (await this.posts.revision(post.id, post.currentRevision, tx))!;
  }

  private transition(
    principal: Principal,
    status: PostRow['status'],
    action: PostAction,
    facts?: PostFacts,
  ) {
    return transitionOrThrow(status, action, userActor(principal), facts);
  }

  private systemTransition(status: PostRow['status'], action: PostAction) {
    const decision = decide(status, action, { kind: 'system' });
    if (!decision.ok)
      throw new Error(`Transition table refuses ${action} from ${status}: ${decision.reason}`);
    return decision.next;
  }
}
