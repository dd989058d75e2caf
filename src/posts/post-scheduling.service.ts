import { Inject, Injectable } from '@nestjs/common';
import { IANAZone } from 'luxon';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import type { CampaignRow } from '../campaigns/campaigns.repository.js';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { conflict, invalid, notFound } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { closedWindows } from '../pauses/closed-windows.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import { PublishScheduler } from '../queue/publish-wake-ups.js';
import { ChannelCalendar } from '../scheduling/channel-capacity.js';
import {
  DEFAULT_HORIZON_DAYS,
  nextFreeSlot,
  openSlots,
  type SlotSearch,
} from '../scheduling/next-free-slot.js';
import {
  type ClosedWindow,
  PLACEMENT_HORIZON_MS,
  type PlacementRule,
  placementVerdict,
  takenAround,
} from '../scheduling/placement.js';
import { countByLocalDate, zoneOffsets } from '../scheduling/zone-offsets.js';
import { PostGuards } from './post-guards.js';
import type { PostAction } from './post-lifecycle.js';
import { type PostRow, PostsRepository } from './posts.repository.js';

/** Either an explicit time or the channel's next free slot. */
export interface ScheduleRequest {
  at?: Date;
  nextFreeSlot?: boolean;
}

const DAY_MS = 86_400_000;

/** What a refusal to place a post says besides its sentence: the rule, and when it would fit. */
export interface PlacementRefusal {
  rule: PlacementRule;
  nextAllowedAt: string | null;
}

/** The posts a slot search is for: a post, or a channel's calendar (optionally one campaign's). */
interface Placing {
  channelId: string;
  campaignId?: string;
  exceptPostId?: string;
}

/** The next-free-slot search's inputs for a channel, from what was read for it. */
function searchOf(
  channel: ChannelRow,
  taken: Date[],
  blackouts: ClosedWindow[],
  after: Date,
): SlotSearch {
  return {
    timezone: channel.timezone,
    weeklySlots: channel.weeklySlots,
    minSpacingMinutes: channel.minSpacingMinutes,
    dailyCap: channel.dailyCap,
    after,
    taken,
    blackouts,
  };
}

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
        if (input.at) await this.assertSlotFree(tx, post, campaign, channel, at, now);
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
    const slot = nextFreeSlot(
      await this.slotSearch(tx, channel, { ...post, exceptPostId: post.id }, after, now),
    );
    if (!slot)
      throw conflict(
        `Channel @${channel.handle} has no free slot in the next ${DEFAULT_HORIZON_DAYS} days; add weekly slots or raise its daily cap.`,
      );
    return slot;
  }

  /**
   * The channel's open slots in [from, to): those the next-free-slot search would accept, from
   * the same inputs it reads when scheduling. Campaign blackouts count only for `campaignId`.
   */
  async openSlots(
    query: { channelId?: string; campaignId?: string },
    from: Date,
    to: Date,
  ): Promise<{ channelId: string; slots: Date[] }[]> {
    if (to.getTime() - from.getTime() > 62 * DAY_MS || to <= from)
      throw invalid(
        [{ field: 'to', rule: 'window', message: 'to must be after from, at most 62 days later' }],
        'Choose a period of at most 62 days.',
      );
    let channels: ChannelRow[];
    if (query.channelId) {
      const channel = await this.channels.findById(query.channelId);
      if (!channel) throw notFound('Channel', query.channelId);
      channels = [channel];
    } else {
      channels = (await this.channels.list()).filter((c) => c.status !== 'disabled');
    }
    const now = new Date();
    const after = from > now ? from : now;
    if (after >= to) return channels.map((channel) => ({ channelId: channel.id, slots: [] }));
    // One read of the taken slots and one of the pauses for every channel, over the period the
    // most widely spaced channel needs.
    const [taken, pauses] = await Promise.all([
      this.posts.takenSlots(
        this.db,
        channels.map((c) => c.id),
        takenAround(after, to, channels),
      ),
      this.pauses.current(now),
    ]);
    return channels.map((channel) => ({
      channelId: channel.id,
      slots: openSlots({
        ...searchOf(
          channel,
          taken.get(channel.id)!,
          closedWindows(pauses, { channelId: channel.id, campaignId: query.campaignId }),
          after,
        ),
        to,
      }),
    }));
  }

  /**
   * How many open slots (as `openSlots` lists them) fall on each date of the viewer's time zone,
   * and the first of them: what a month grid, which cannot draw times, shows.
   */
  async openDays(
    query: { channelId?: string; campaignId?: string },
    from: Date,
    to: Date,
    timezone: string,
  ): Promise<{ days: { date: string; open: number }[]; nextOpenAt: Date | null }> {
    const found = await this.openSlots(query, from, to);
    const days = countByLocalDate(
      zoneOffsets(IANAZone.create(timezone)),
      found.flatMap(({ slots }) => slots.map((slot) => slot.getTime())),
    );
    // Each channel's slots are ascending: the first open slot is one of their firsts.
    const firsts = found.flatMap(({ slots }) => slots.slice(0, 1));
    return {
      days: days.map(({ date, count }) => ({ date, open: count })),
      nextOpenAt: firsts.reduce<Date | null>((a, b) => (a && a <= b ? a : b), null),
    };
  }

  private async slotSearch(
    tx: Executor,
    channel: ChannelRow,
    placing: Placing,
    after: Date,
    now: Date,
  ): Promise<SlotSearch> {
    const windows = closedWindows(await this.pauses.current(now, tx), placing);
    const taken = await this.posts.takenSlots(
      tx,
      [channel.id],
      takenAround(after, new Date(after.getTime() + PLACEMENT_HORIZON_MS), [channel]),
      placing.exceptPostId ? [placing.exceptPostId] : [],
    );
    return searchOf(channel, taken.get(channel.id)!, windows, after);
  }

  /**
   * An explicit time must keep the channel's spacing, daily cap, pauses and blackouts like a found
   * slot would; a refusal names the rule and the next time at which the post would fit.
   */
  private async assertSlotFree(
    tx: Executor,
    post: PostRow,
    campaign: CampaignRow,
    channel: ChannelRow,
    at: Date,
    now: Date,
  ): Promise<void> {
    if (at <= now)
      throw invalid(
        [{ field: 'at', rule: 'future', message: 'at must be in the future' }],
        'The time is in the past.',
      );
    const until = new Date(
      Math.min(at.getTime() + PLACEMENT_HORIZON_MS, campaign.endsAt?.getTime() ?? Infinity),
    );
    const taken = await this.posts.takenSlots(tx, [channel.id], takenAround(at, until, [channel]), [
      post.id,
    ]);
    const calendar = new ChannelCalendar(channel.timezone, taken.get(channel.id)!);
    const windows = closedWindows(await this.pauses.current(now, tx), post);
    const verdict = placementVerdict(channel, at, calendar, windows, until);
    if (verdict.fits) return;
    const next = verdict.nextAllowedAt
      ? ` The next time it fits is ${verdict.nextAllowedAt.toISOString()}.`
      : ` Nothing fits in the next ${DEFAULT_HORIZON_DAYS} days or before the campaign ends.`;
    const reasons: Record<PlacementRule, string> = {
      spacing: `Another post is scheduled at ${verdict.because.toISOString()}, within the channel's ${channel.minSpacingMinutes}-minute spacing.`,
      daily_cap: `The channel already has ${channel.dailyCap} posts that day, its daily cap.`,
      pause: `Publishing is paused until ${verdict.because.toISOString()}.`,
      blackout: `That time is in a blackout until ${verdict.because.toISOString()}.`,
    };
    throw conflict(reasons[verdict.rule] + next, {
      rule: verdict.rule,
      nextAllowedAt: verdict.nextAllowedAt?.toISOString() ?? null,
    } satisfies PlacementRefusal);
  }

  private assertWithinCampaign(at: Date, campaign: CampaignRow): void {
    if (campaign.endsAt && at >= campaign.endsAt) {
      throw conflict(
        `The campaign ends at ${campaign.endsAt.toISOString()}; the post would go out after it.`,
      );
    }
  }
}
