import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { CampaignsRepository, type CampaignRow } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { ChannelsService } from '../channels/channels.service.js';
import { DATABASE, type Database } from '../db/database.js';
import { usabilityOf } from '../library/usability.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import { PlatformFailure } from '../platforms/platform-adapter.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { contentHash } from '../posts/content-hash.js';
import { decide, type PostAction } from '../posts/post-lifecycle.js';
import { type PostRow, PostsRepository, type RevisionRow } from '../posts/posts.repository.js';
import { JobHandlers } from '../queue/job-queue.js';
import { nextFreeSlot } from '../scheduling/next-free-slot.js';
import { PublishScheduler } from './publish-scheduler.js';
import { PublishingRepository } from './publishing.repository.js';

export type PublishOutcome = 'skipped' | 'published' | 'held' | 'deferred' | 'failed' | 'unknown';

type ClaimCheck =
  | { go: true; channel: ChannelRow; revision: RevisionRow }
  | { go: false; outcome: 'held' | 'failed'; reason: string }
  | { go: false; outcome: 'deferred'; until: Date; reason: string };

const MAX_UNSENT_BACKOFF_MS = 5 * 60_000;
const SLOT_COLLISION_STEP_MS = 1_000;

/**
 * Publishes one due post at most once (DESIGN.md, Publishing): claim, re-check everything at
 * claim time, send segment by segment saving each id, and record exactly what happened.
 */
@Injectable()
export class PublisherService implements OnModuleInit {
  private readonly logger = new Logger(PublisherService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly publishing: PublishingRepository,
    private readonly posts: PostsRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly channels: ChannelsRepository,
    private readonly channelsService: ChannelsService,
    private readonly pauses: PausesRepository,
    private readonly platforms: PlatformRegistry,
    private readonly scheduler: PublishScheduler,
    private readonly audit: AuditRepository,
    private readonly metrics: PublishingMetrics,
    private readonly handlers: JobHandlers,
  ) {}

  onModuleInit(): void {
    this.handlers.register('post.publish', async ({ postId }) => void (await this.publish(postId)));
  }

  async publish(postId: string): Promise<PublishOutcome> {
    const now = new Date();
    const claimId = randomUUID();
    const post = await this.publishing.claim(postId, claimId, now);
    if (!post) return 'skipped';
    await this.publishing.startAttempt(post, claimId);
    try {
      const check = await this.checkAtClaim(post, now);
      if (!check.go) {
        if (check.outcome === 'deferred')
          return await this.defer(post, claimId, check.until, check.reason);
        return await this.end(
          post,
          claimId,
          check.outcome === 'held' ? 'hold' : 'publish_failed',
          check.reason,
        );
      }
      return await this.send(post, claimId, check.channel, check.revision);
    } catch (error) {
      // Anything unexpected after the claim: the post may or may not be out, so never retry blindly.
      this.logger.error(
        { postId, err: (error as Error).message },
        'publishing failed unexpectedly',
      );
      return this.end(
        post,
        claimId,
        'publish_unknown',
        `Unexpected error while publishing: ${(error as Error).message}`,
      );
    }
  }

  /** DESIGN.md rule 4: nothing about the post, its quotes or its channel may have changed. */
  private async checkAtClaim(post: PostRow, now: Date): Promise<ClaimCheck> {
    const [revision, campaign, channel] = await Promise.all([
      this.posts.revision(post.id, post.currentRevision),
      this.campaigns.findById(post.campaignId),
      this.channels.findById(post.channelId),
    ]);
    if (!revision || !campaign || !channel)
      return {
        go: false,
        outcome: 'failed',
        reason: 'The post, its campaign or its channel is missing.',
      };
    const hash = contentHash({ segments: revision.segments, quoteIds: revision.quoteIds });
    if (hash !== post.approvedHash || hash !== revision.hash) {
      return {
        go: false,
        outcome: 'failed',
        reason: 'The content differs from the approved content; it must be reviewed again.',
      };
    }
    const quotes = await this.posts.linkedQuotes(revision.quoteIds);
    const minimum =
      campaign.minimumVerification === 'disputed' || campaign.minimumVerification === 'retracted'
        ? undefined
        : campaign.minimumVerification;
    for (const quoteId of revision.quoteIds) {
      const quote = quotes.find((q) => q.id === quoteId);
      const reasons = quote ? usabilityOf(quote, quote, minimum).reasons : ['missing'];
      // A retraction withdraws posts when it happens; finding one here means a race, so hold for a person.
      if (reasons.length > 0)
        return {
          go: false,
          outcome: 'held',
          reason: `Quote ${quoteId} is not usable now (${reasons.join(', ')}).`,
        };
    }
    const campaignProblem = this.campaignProblem(campaign, now);
    if (campaignProblem) return { go: false, outcome: 'held', reason: campaignProblem };
    if (channel.status !== 'connected')
      return {
        go: false,
        outcome: 'held',
        reason: `Channel @${channel.handle} is ${channel.status.replace('_', ' ')}.`,
      };

    const windows = await this.pauses.current(now, {
      campaignId: post.campaignId,
      channelId: post.channelId,
    });
    const active = windows.filter((w) => w.startsAt <= now);
    const holding = active.find((w) => w.action === 'hold' || !w.endsAt);
    if (holding)
      return {
        go: false,
        outcome: 'held',
        reason: `${holding.scope} ${holding.kind}: ${holding.reason}`,
      };
    const deferring = active.find((w) => w.action === 'defer' && w.endsAt);
    if (deferring)
      return {
        go: false,
        outcome: 'deferred',
        until: deferring.endsAt!,
        reason: `${deferring.scope} ${deferring.kind}: ${deferring.reason}`,
      };

    const limit = channel.rateLimit;
    if (limit && limit.remaining <= 0 && new Date(limit.reset) > now) {
      return {
        go: false,
        outcome: 'deferred',
        until: new Date(limit.reset),
        reason: 'The platform rate limit is used up until its reset.',
      };
    }
    const last = await this.publishing.lastPublishedAt(channel.id);
    const spacingMs = channel.minSpacingMinutes * 60_000;
    if (last && now.getTime() - last.getTime() < spacingMs) {
      return {
        go: false,
        outcome: 'deferred',
        until: new Date(last.getTime() + spacingMs),
        reason: `Keeps the channel's ${channel.minSpacingMinutes}-minute spacing.`,
      };
    }
    const day = DateTime.fromJSDate(now, { zone: channel.timezone }).startOf('day');
    const dayEnd = day.plus({ days: 1 }).toJSDate();
    if (
      (await this.publishing.publishedBetween(channel.id, day.toJSDate(), dayEnd)) >=
      channel.dailyCap
    ) {
      const next =
        nextFreeSlot({ ...this.schedule(channel), after: dayEnd, taken: [], blackouts: [] }) ??
        dayEnd;
      return {
        go: false,
        outcome: 'deferred',
        until: next,
        reason: `The channel reached its daily cap of ${channel.dailyCap}.`,
      };
    }
    return { go: true, channel, revision };
  }

  private campaignProblem(campaign: CampaignRow, now: Date): string | null {
    if (campaign.status !== 'active') return `Campaign "${campaign.name}" is ${campaign.status}.`;
    if (campaign.endsAt && campaign.endsAt <= now) return `Campaign "${campaign.name}" has ended.`;
    return null;
  }

  /** DESIGN.md rule 3: one create per segment, each id saved before the next, resuming after the last. */
  private async send(
    post: PostRow,
    claimId: string,
    channel: ChannelRow,
    revision: RevisionRow,
  ): Promise<PublishOutcome> {
    const adapter = this.platforms.for(channel.platform);
    const ids = [...post.externalIds];
    try {
      for (let i = ids.length; i < revision.segments.length; i++) {
        if (i === 0 && post.scheduledAt)
          this.metrics.lateness.observe(
            Math.max(0, Date.now() - post.scheduledAt.getTime()) / 1000,
          );
        if (!(await this.publishing.stillClaimed(post.id, claimId))) {
          this.logger.warn(
            { postId: post.id },
            'claim lost while stalled; another sweep owns the post now',
          );
          await this.publishing.finishAttempt(
            claimId,
            'unknown',
            ids,
            'Claim lost while the worker was stalled; nothing more was sent.',
          );
          return 'skipped';
        }
        const created = await adapter.createPost(channel, revision.segments[i]!, ids[i - 1]);
        ids.push(created.externalId);
        // The last id is recorded with the outcome; a crash before that is settled by the
        // reconciler, which finds the text on the account.
        if (i < revision.segments.length - 1)
          await this.publishing.saveExternalIds(post.id, claimId, ids);
        // Only a nearly used-up window matters to the claim-time check; writing every healthy
        // reading would cost a transaction per create on a row every due post of the channel reads.
        if (
          created.rateLimit &&
          created.rateLimit.remaining <= Math.max(1, created.rateLimit.limit / 10)
        ) {
          const { limit, remaining, reset } = created.rateLimit;
          await this.db.transaction((tx) =>
            this.channels.update(tx, channel.id, {
              rateLimit: { limit, remaining, reset: reset.toISOString() },
            }),
          );
        }
      }
    } catch (error) {
      if (!(error instanceof PlatformFailure)) throw error;
      return this.onFailure(post, claimId, channel, error, ids);
    }
    this.metrics.published.inc();
    return this.end(post, claimId, 'publish_succeeded', null, {
      externalIds: ids,
      publishedAt: new Date(),
      unsentAttempts: 0,
      lastError: null,
    });
  }

  private async onFailure(
    post: PostRow,
    claimId: string,
    channel: ChannelRow,
    failure: PlatformFailure,
    ids: string[],
  ): Promise<PublishOutcome> {
    const progress = { externalIds: ids };
    switch (failure.kind) {
      case 'rate_limited': {
        const until = failure.details.retryAt ?? new Date(Date.now() + 60_000);
        await this.db.transaction((tx) =>
          this.channels.update(tx, channel.id, {
            rateLimit: { limit: 0, remaining: 0, reset: until.toISOString() },
          }),
        );
        return this.defer(
          post,
          claimId,
          until,
          `Rate limited by the platform until ${until.toISOString()}.`,
          progress,
        );
      }
      case 'not_sent': {
        const attempts = post.unsentAttempts + 1;
        const backoff = Math.min(MAX_UNSENT_BACKOFF_MS, 2_000 * 2 ** (attempts - 1));
        return this.defer(
          post,
          claimId,
          new Date(Date.now() + backoff),
          `The platform was unreachable (${failure.message}); retrying.`,
          { ...progress, unsentAttempts: attempts },
        );
      }
      case 'ambiguous':
        this.metrics.unknown.inc();
        return this.end(
          post,
          claimId,
          'publish_unknown',
          `No clear answer from the platform: ${failure.message}`,
          progress,
        );
      case 'duplicate':
        this.metrics.unknown.inc();
        return this.end(
          post,
          claimId,
          'publish_unknown',
          `duplicate: ${failure.message}`,
          progress,
        );
      case 'auth':
        await this.channelsService.markNeedsReconnect(channel.id, failure.message);
        return this.end(
          post,
          claimId,
          'hold',
          `Channel @${channel.handle} needs reconnecting: ${failure.message}`,
          progress,
        );
      case 'rejected':
        this.metrics.failed.inc({ reason: String(failure.details.status ?? 'rejected') });
        return this.end(post, claimId, 'publish_failed', failure.message, progress);
    }
  }

  /** Ends the claim with a transition of the table, its audit row and the attempt record. */
  private async end(
    post: PostRow,
    claimId: string,
    action: Extract<
      PostAction,
      'hold' | 'publish_failed' | 'publish_unknown' | 'publish_succeeded'
    >,
    reason: string | null,
    extra: Partial<PostRow> = {},
  ): Promise<PublishOutcome> {
    const decision = decide('publishing', action, { kind: 'system' });
    if (!decision.ok) throw new Error(decision.reason);
    const status = decision.next;
    const outcome = status as Extract<PublishOutcome, 'published' | 'held' | 'failed' | 'unknown'>;
    if (status === 'held')
      this.metrics.held.inc({ reason: (reason ?? '').split(':')[0]!.slice(0, 40) });
    await this.db.transaction(async (tx) => {
      const after = await this.publishing.release(tx, post.id, claimId, {
        status,
        ...(status === 'failed' || status === 'unknown'
          ? { lastError: reason }
          : { statusReason: reason }),
        ...extra,
      });
      const externalIds = after?.externalIds ?? extra.externalIds ?? post.externalIds;
      await this.publishing.finishAttempt(claimId, outcome, externalIds, reason ?? undefined, tx);
      // No row: the claim was given up meanwhile and the reconciler owns the post now.
      if (!after) return;
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: `post.${status}`,
        entityType: 'post',
        entityId: post.id,
        before: { status: 'publishing', scheduledAt: post.scheduledAt },
        after: { status, reason, externalIds },
      });
    });
    return outcome;
  }

  /**
   * Back to scheduled at a later time; the platform did not take the post. The time moves on by
   * a second while another post holds that exact slot on the channel.
   */
  async defer(
    post: PostRow,
    claimId: string,
    until: Date,
    reason: string,
    extra: Partial<PostRow> = {},
  ): Promise<PublishOutcome> {
    this.metrics.deferred.inc({ reason: reason.split(' ').slice(0, 3).join(' ') });
    for (let at = until; ; at = new Date(at.getTime() + SLOT_COLLISION_STEP_MS)) {
      try {
        const after = await this.db.transaction(async (tx) => {
          const row = await this.publishing.release(tx, post.id, claimId, {
            status: 'scheduled',
            scheduledAt: at,
            statusReason: reason,
            claimId: null,
            ...extra,
          });
          if (row) {
            await this.audit.record(tx, SYSTEM_ACTOR, {
              action: 'post.deferred',
              entityType: 'post',
              entityId: post.id,
              before: { status: 'publishing', scheduledAt: post.scheduledAt },
              after: { status: 'scheduled', scheduledAt: at.toISOString(), reason },
            });
          }
          return row;
        });
        await this.publishing.finishAttempt(
          claimId,
          'deferred',
          extra.externalIds ?? post.externalIds,
          reason,
        );
        if (after) await this.scheduler.wake(after);
        return 'deferred';
      } catch (error) {
        if (!this.posts.isSlotUniqueViolation(error)) throw error;
      }
    }
  }

  private schedule(channel: ChannelRow) {
    return {
      timezone: channel.timezone,
      weeklySlots: channel.weeklySlots,
      minSpacingMinutes: channel.minSpacingMinutes,
      dailyCap: channel.dailyCap,
    };
  }
}
