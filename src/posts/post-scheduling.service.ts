import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import type { CampaignRow } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { conflict, invalid } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { affects } from '../pauses/affects.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import { PublishScheduler } from '../queue/publish-wake-ups.js';
import { channelCapacity, loadAt } from '../scheduling/channel-capacity.js';
import { nextFreeSlot } from '../scheduling/next-free-slot.js';
import { PostGuards } from './post-guards.js';
import type { PostAction } from './post-lifecycle.js';
import { type PostRow, PostsRepository } from './posts.repository.js';

/** Either an explicit time or the channel's next free slot. */
export interface ScheduleRequest {
  at?: Date;
  nextFreeSlot?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Scheduling and slots: an editor places an approved (or held, or scheduled) post at a time or in
 * the channel's next free slot, keeping its spacing, daily cap, blackouts and the campaign's end;
 * the publish wake-up is queued once the placement has committed.
 */
@Injectable()
export class PostSchedulingService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly posts: PostsRepository,
    private readonly channels: ChannelsRepository,
    private readonly pauses: PausesRepository,
    private readonly guards: PostGuards,
    private readonly audit: AuditRepository,
    private readonly wakeUps: PublishScheduler,
  ) {}

  async schedule(principal: Principal, id: string, input: ScheduleRequest): Promise<PostRow> {
    if ((input.at === undefined) === !input.nextFreeSlot) {
      throw invalid(
        [{ field: 'at', rule: 'exactlyOne', message: 'give either at or nextFreeSlot: true' }],
        'Give either a time or nextFreeSlot: true.',
      );
    }
    let scheduled: PostRow;
    try {
      scheduled = await this.db.transaction(async (tx) => {
        const post = await this.guards.lock(tx, id);
        const action: PostAction = post.status === 'approved' ? 'schedule' : 'reschedule';
        const next = this.guards.transition(principal, post.status, action);
        const [campaign] = await this.guards.context(tx, post);
        // Serialise slot assignment per channel, so two requests cannot pick the same free slot.
        const channel = (await this.channels.findForUpdate(tx, post.channelId))!;
        const revision = await this.guards.currentRevision(tx, post);
        if (post.approvedRevision !== revision.revision || post.approvedHash !== revision.hash) {
          throw conflict(
            'The current revision is not the approved one; it must be reviewed again.',
          );
        }
        const quotes = await this.guards.linkedQuotes(tx, revision.quoteIds, campaign);
        this.guards.assertQuotesUsable(revision.quoteIds, quotes, 'conflict');
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
    await this.wakeUps.wake(scheduled);
    return scheduled;
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
        new Date(after.getTime() - DAY_MS),
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
    // A local day is at most 25 hours long, so a day and a half back covers it and the spacing.
    const from = new Date(at.getTime() - Math.max(spacingMs, DAY_MS * 1.5) - 1);
    const taken = await this.posts.takenSlots(tx, channel.id, from, post.id);
    const verdict = channelCapacity(channel, at, loadAt(channel.timezone, at, taken));
    if (verdict.fits) return;
    if (verdict.rule === 'spacing')
      throw conflict(
        `Another post is scheduled at ${verdict.clash.toISOString()}, within the channel's ${channel.minSpacingMinutes}-minute spacing.`,
      );
    throw conflict(`The channel already has ${verdict.sameDay} posts that day, its daily cap.`);
  }

  private assertWithinCampaign(at: Date, campaign: CampaignRow): void {
    if (campaign.endsAt && at >= campaign.endsAt) {
      throw conflict(
        `The campaign ends at ${campaign.endsAt.toISOString()}; the post would go out after it.`,
      );
    }
  }
}
