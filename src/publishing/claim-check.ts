import type { CampaignRow } from '../campaigns/campaigns.repository.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import { usabilityOf } from '../library/usability.js';
import { affects } from '../pauses/affects.js';
import type { PauseRow } from '../pauses/pauses.repository.js';
import { contentHash } from '../posts/content-hash.js';
import type { QuoteUsabilityFacts } from '../library/quotes.repository.js';
import type { PostRow, RevisionRow } from '../posts/posts.repository.js';
import { channelCapacity } from '../scheduling/channel-capacity.js';
import { nextFreeSlot } from '../scheduling/next-free-slot.js';

export type ClaimCheck =
  | { go: true; channel: ChannelRow; revision: RevisionRow }
  | { go: false; outcome: 'held' | 'failed'; reason: string }
  | { go: false; outcome: 'deferred'; until: Date; reason: string };

/**
 * What a channel has sent, as of the claim: published, being published under an earlier claim of
 * the channel, or sent without an answer (unknown), which may be live.
 */
export interface ChannelHistory {
  lastSentAt: Date | null;
  sentToday: number;
}

/** A claimed post with its current revision, campaign and channel (null where missing). */
export interface ClaimedPost {
  post: PostRow;
  revision: RevisionRow | null;
  campaign: CampaignRow | null;
  channel: ChannelRow | null;
}

/** The rest of what DESIGN.md rule 4 looks at, read once for a batch of claimed posts. */
export interface ClaimWorld {
  quotes: ReadonlyMap<string, QuoteUsabilityFacts>;
  windows: readonly PauseRow[];
  history: ReadonlyMap<string, ChannelHistory>;
}

/**
 * DESIGN.md rule 4 for posts claimed together: nothing about a post, its quotes or its channel may
 * have changed since approval. Posts are checked in scheduled order, and one that goes counts
 * towards its channel's spacing and daily cap for the ones after it, so a batch never lets two
 * posts through where the channel allows one. A deferred post gets its rule's time; where the
 * channel can take it from then on is the outcome's to find (PublishOutcomes.defer).
 */
export function checkClaims(
  claimed: readonly ClaimedPost[],
  world: ClaimWorld,
  now: Date,
): ClaimCheck[] {
  const history = new Map(world.history);
  const order = claimed
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        (a.item.post.scheduledAt?.getTime() ?? 0) - (b.item.post.scheduledAt?.getTime() ?? 0),
    );
  const checks: ClaimCheck[] = [];
  for (const { item, index } of order) {
    const { post } = item;
    const check = checkClaim(item, world, history.get(post.channelId), now);
    if (check.go) {
      const before = history.get(post.channelId);
      history.set(post.channelId, {
        lastSentAt: now,
        sentToday: (before?.sentToday ?? 0) + 1,
      });
    }
    checks[index] = check;
  }
  return checks;
}

/**
 * Whether the post may still go out as approved, apart from pacing: content and approved hash,
 * quotes usable, campaign and channel active, no pause or blackout. The claim checks it, and a
 * thread checks it again before every later segment, in the same claim.
 */
export function checkStanding(
  { post, revision, campaign, channel }: ClaimedPost,
  world: Pick<ClaimWorld, 'quotes' | 'windows'>,
  now: Date,
): ClaimCheck {
  if (!revision || revision.revision !== post.currentRevision || !campaign || !channel)
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
  for (const quoteId of revision.quoteIds) {
    const quote = world.quotes.get(quoteId);
    const reasons = quote
      ? usabilityOf(quote, quote, campaign.minimumVerification).reasons
      : ['missing'];
    // A retraction withdraws posts when it happens; finding one here means a race, so hold for a person.
    if (reasons.length > 0)
      return {
        go: false,
        outcome: 'held',
        reason: `Quote ${quoteId} is not usable now (${reasons.join(', ')}).`,
      };
  }
  if (campaign.status !== 'active')
    return {
      go: false,
      outcome: 'held',
      reason: `Campaign "${campaign.name}" is ${campaign.status}.`,
    };
  if (campaign.endsAt && campaign.endsAt <= now)
    return { go: false, outcome: 'held', reason: `Campaign "${campaign.name}" has ended.` };
  if (channel.status !== 'connected')
    return {
      go: false,
      outcome: 'held',
      reason: `Channel @${channel.handle} is ${channel.status.replace('_', ' ')}.`,
    };

  const active = world.windows.filter((w) => w.startsAt <= now && affects(w, post));
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
  return { go: true, channel, revision };
}

function checkClaim(
  claimed: ClaimedPost,
  world: ClaimWorld,
  history: ChannelHistory | undefined,
  now: Date,
): ClaimCheck {
  const standing = checkStanding(claimed, world, now);
  if (!standing.go) return standing;
  const { channel } = standing;
  const limit = channel.rateLimit;
  if (limit && limit.remaining <= 0 && new Date(limit.reset) > now) {
    return {
      go: false,
      outcome: 'deferred',
      until: new Date(limit.reset),
      reason: 'The platform rate limit is used up until its reset.',
    };
  }
  // Sending has no slots: only the last post sent (or being sent) and the day's count matter.
  const capacity = channelCapacity(channel, now.getTime(), {
    neighbours: history?.lastSentAt ? [history.lastSentAt.getTime()] : [],
    sameDay: history?.sentToday ?? 0,
    slotted: false,
  });
  if (!capacity.fits && capacity.rule === 'spacing') {
    return {
      go: false,
      outcome: 'deferred',
      until: capacity.freeAt,
      reason: `Keeps the channel's ${channel.minSpacingMinutes}-minute spacing.`,
    };
  }
  if (!capacity.fits) {
    const dayEnd = capacity.dayEnd;
    const next =
      nextFreeSlot({
        timezone: channel.timezone,
        weeklySlots: channel.weeklySlots,
        minSpacingMinutes: channel.minSpacingMinutes,
        dailyCap: channel.dailyCap,
        after: dayEnd,
        taken: [],
        blackouts: [],
      }) ?? dayEnd;
    return {
      go: false,
      outcome: 'deferred',
      until: next,
      reason: `The channel reached its daily cap of ${channel.dailyCap}.`,
    };
  }
  return standing;
}
