import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { conflict, type FieldError, invalid } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { contentHash } from './content-hash.js';
import { type PostContent, PostGuards } from './post-guards.js';
import { factsOf, NEW_POST_STATUS } from './post-lifecycle.js';
import { type PostRow, PostsRepository, type RevisionRow } from './posts.repository.js';

export interface NewDraft extends PostContent {
  campaignId: string;
  channelId: string;
  /** null or absent: the channel's next free slot. */
  requestedAt?: Date | null;
}

/** One draft per channel, from one text: each is reviewed, approved and scheduled on its own. */
export interface NewDrafts extends PostContent {
  campaignId: string;
  channelIds: string[];
  requestedAt?: Date | null;
}

export interface PostEdit extends PostContent {
  baseRevision: number;
  /** Absent: unchanged. */
  requestedAt?: Date | null;
}

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
 * Drafting and revisions: a draft is written, every edit makes an immutable revision and voids
 * approvals, the author asks for a time, and a post that should not go out is cancelled.
 */
@Injectable()
export class PostDraftingService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly channels: ChannelsRepository,
    private readonly guards: PostGuards,
    private readonly audit: AuditRepository,
  ) {}

  async createDraft(principal: Principal, input: NewDraft): Promise<PostRow> {
    this.guards.transition(principal, 'draft', 'submit'); // drafting needs the same roles as submitting
    return this.db.transaction((tx) => this.draftIn(tx, principal, input, 'channelId'));
  }

  /** All the drafts or none: one transaction, each channel's own checks and audit row. */
  async createDrafts(principal: Principal, input: NewDrafts): Promise<PostRow[]> {
    this.guards.transition(principal, 'draft', 'submit');
    return this.db.transaction(async (tx) => {
      const created: PostRow[] = [];
      for (const [i, channelId] of input.channelIds.entries())
        created.push(
          await this.draftIn(tx, principal, { ...input, channelId }, `channelIds[${i}]`),
        );
      return created;
    });
  }

  private async draftIn(
    tx: Executor,
    principal: Principal,
    input: NewDraft,
    channelField: string,
  ): Promise<PostRow> {
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
        field: channelField,
        rule: 'exists',
        message: `channel ${input.channelId} does not exist`,
      });
    else if (channel.status === 'disabled')
      errors.push({
        field: channelField,
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
    await this.guards.checkContent(tx, input, campaign!, channel!);
    const post = await this.posts.insert(tx, {
      campaignId: input.campaignId,
      channelId: input.channelId,
      // A new post has no status to come from: it starts where every edit leads, a draft.
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
  }

  /** Any edit makes a new revision, voids every approval and returns the post to draft. */
  async edit(principal: Principal, id: string, input: PostEdit): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.guards.lock(tx, id);
      const next = this.guards.transition(principal, post.status, 'edit', factsOf(post));
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
      const [campaign, channel] = await this.guards.context(tx, post);
      await this.guards.checkContent(tx, input, campaign, channel);
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
      const post = await this.guards.lock(tx, id);
      this.guards.transition(principal, post.status, 'request_timing');
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

  async cancel(principal: Principal, id: string, reason: string): Promise<PostRow> {
    return this.db.transaction(async (tx) => {
      const post = await this.guards.lock(tx, id);
      const next = this.guards.transition(principal, post.status, 'cancel', factsOf(post));
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
}
