import { Inject, Injectable } from '@nestjs/common';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { ChannelsService } from '../channels/channels.service.js';
import { Coalescer } from '../common/coalescer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import type { FailureCause } from '../db/schema/index.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { closedWindows } from '../pauses/closed-windows.js';
import { PausesRepository } from '../pauses/pauses.repository.js';
import type { PlatformFailure } from '../platforms/platform-adapter.js';
import type { PostAction } from '../posts/post-lifecycle.js';
import { type PostRow, PostsRepository } from '../posts/posts.repository.js';
import { PublishScheduler } from '../queue/publish-wake-ups.js';
import { ChannelCalendar } from '../scheduling/channel-capacity.js';
import { firstFitFrom, PLACEMENT_HORIZON_MS, takenAround } from '../scheduling/placement.js';
import { type ClaimEnding, PublishingRepository } from './publishing.repository.js';

export type PublishOutcome = 'skipped' | 'published' | 'held' | 'deferred' | 'failed' | 'unknown';

/**
 * What a publishing outcome says about the post: a sentence for people (`statusReason`), and for
 * outcomes that did not publish, the cause and the platform's own message.
 */
export interface OutcomeNote {
  reason: string;
  cause?: FailureCause;
  platformMessage?: string;
}

/**
 * The outcome each system action ends a claim with; the repository writes the status the
 * transition table gives it (`PublishingRepository.recordEnded`).
 */
const OUTCOME_OF = {
  hold: 'held',
  publish_failed: 'failed',
  publish_unknown: 'unknown',
} as const satisfies Record<string, ClaimEnding['outcome']>;

const MAX_UNSENT_BACKOFF_MS = 5 * 60_000;
/** A deferral batch whose slot was taken by an unlocked writer this many times in a row gives up. */
const MAX_DEFERRAL_TRIES = 5;

/** What a claim sent before it ended, where it differs from the claimed post's. */
export interface ClaimProgress {
  externalIds?: string[];
  unsentAttempts?: number;
}

/** A claim ending without a publication; with `until` when the post is deferred. */
interface Ending {
  post: PostRow;
  claimId: string;
  outcome: ClaimEnding['outcome'];
  until?: Date;
  note: OutcomeNote;
  progress: ClaimProgress;
}

/**
 * How a claim ends when nothing (more) was published: held, failed, unconfirmed or deferred, each
 * a transition of the table written with its reason, cause, platform message, audit row and
 * attempt record, the endings that arrive together in one transaction. A publication is recorded
 * by the publisher in batches.
 */
@Injectable()
export class PublishOutcomes {
  private readonly endings: Coalescer<Ending, undefined>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly publishing: PublishingRepository,
    private readonly posts: PostsRepository,
    private readonly channels: ChannelsRepository,
    private readonly pauses: PausesRepository,
    private readonly channelsService: ChannelsService,
    private readonly scheduler: PublishScheduler,
    private readonly metrics: PublishingMetrics,
  ) {
    // Batched as the publisher batches claims and publications (publisher.service.ts): a burst's
    // deferrals took a transaction of five statements each and waited on each other's locks, and
    // its holds (a pause that holds) or failures one of four statements each.
    this.endings = new Coalescer((items) => this.endBatch(items), {
      maxInFlight: 1,
      maxBatch: config.publishing.concurrency,
    });
  }

  /** What a platform's refusal or silence means for the post (DESIGN.md, publishing rule 3). */
  async onFailure(
    post: PostRow,
    claimId: string,
    channel: ChannelRow,
    failure: PlatformFailure,
    ids: string[],
  ): Promise<PublishOutcome> {
    const progress = { externalIds: ids };
    const platformMessage = failure.message;
    switch (failure.kind) {
      case 'rate_limited': {
        const until = failure.details.retryAt ?? new Date(Date.now() + 60_000);
        await this.db.transaction((tx) =>
          this.channels.update(tx, channel.id, {
            rateLimit: { limit: 0, remaining: 0, reset: until.toISOString() },
          }),
        );
        const reason = `Rate limited by the platform until ${until.toISOString()}.`;
        return this.defer(
          post,
          claimId,
          until,
          { reason, cause: 'rate_limited', platformMessage },
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
          {
            reason: 'The platform was unreachable; retrying.',
            cause: 'platform_unreachable',
            platformMessage,
          },
          { ...progress, unsentAttempts: attempts },
        );
      }
      case 'ambiguous':
        this.metrics.unknown.inc();
        return this.end(
          post,
          claimId,
          'publish_unknown',
          {
            reason: 'No clear answer from the platform; checking the account.',
            cause: 'no_answer',
            platformMessage,
          },
          progress,
        );
      case 'duplicate':
        // Evidence that the text is live: the reconciler looks for it on the account.
        this.metrics.unknown.inc();
        return this.end(
          post,
          claimId,
          'publish_unknown',
          {
            reason: 'The platform refused the text as a duplicate; looking for it on the account.',
            cause: 'duplicate_refused',
            platformMessage,
          },
          progress,
        );
      case 'auth':
        await this.channelsService.markNeedsReconnect(channel.id, failure.message);
        return this.end(
          post,
          claimId,
          'hold',
          {
            reason: `Channel @${channel.handle} needs reconnecting.`,
            cause: 'auth_refused',
            platformMessage,
          },
          progress,
        );
      case 'rejected':
        this.metrics.failed.inc({ reason: String(failure.details.status ?? 'rejected') });
        return this.end(
          post,
          claimId,
          'publish_failed',
          { reason: 'The platform refused the post.', cause: 'platform_rejected', platformMessage },
          progress,
        );
    }
  }

  /**
   * Ends the claim without a publication: a transition of the table, its audit row and the
   * attempt record. (Publications are recorded in batches by `publishedRecords`.) Endings that
   * arrive together are written together.
   */
  async end(
    post: PostRow,
    claimId: string,
    action: Extract<PostAction, keyof typeof OUTCOME_OF>,
    note: OutcomeNote,
    progress: Pick<ClaimProgress, 'externalIds'> = {},
  ): Promise<PublishOutcome> {
    const outcome = OUTCOME_OF[action];
    if (outcome === 'held') this.metrics.held.inc({ reason: note.cause ?? 'check' });
    await this.endings.call({ post, claimId, outcome, note, progress });
    return outcome;
  }

  /**
   * Back to scheduled, at the first time from `until` on that its channel can take it; the
   * platform did not take the post.
   */
  async defer(
    post: PostRow,
    claimId: string,
    until: Date,
    note: OutcomeNote,
    progress: ClaimProgress = {},
  ): Promise<PublishOutcome> {
    this.metrics.deferred.inc({
      reason: note.cause ?? note.reason.split(' ').slice(0, 3).join(' '),
    });
    await this.endings.call({
      post,
      claimId,
      outcome: 'deferred',
      until,
      note,
      progress,
    });
    return 'deferred';
  }

  private async endBatch(items: Ending[]): Promise<undefined[]> {
    const deferring = items.filter((e) => e.until);
    for (let attempt = 1; ; attempt++) {
      try {
        const released = await this.db.transaction(async (tx) => {
          const times = new Map(
            deferring.length === 0 ? [] : await this.deferralTimes(tx, deferring),
          );
          return this.publishing.recordEnded(
            tx,
            items.map((e) => ({
              post: e.post,
              claimId: e.claimId,
              outcome: e.outcome,
              ...(e.until ? { at: times.get(e)! } : {}),
              reason: e.note.reason,
              cause: e.note.cause ?? null,
              platformMessage: e.note.platformMessage ?? null,
              ...e.progress,
            })),
            new Date(),
          );
        });
        // A deferred post is woken at its new time; the others wait for a person or the reconciler.
        const deferred = new Set(deferring.map((e) => e.post.id));
        await Promise.all(
          released.filter((p) => deferred.has(p.id)).map((post) => this.scheduler.wake(post)),
        );
        return items.map(() => undefined);
      } catch (error) {
        // A writer that does not lock the calendar (the reconciler sending a post again now)
        // took one of these instants meanwhile; the next try reads it as taken. A collision
        // every time is a fault of the placement itself: end the claims (as unknown) rather
        // than spin.
        if (!this.posts.isSlotUniqueViolation(error) || attempt === MAX_DEFERRAL_TRIES) throw error;
      }
    }
  }

  /**
   * Where deferred posts go: each to the first time from its `until` on that keeps its channel's
   * spacing, daily cap, pauses and blackouts against every other post the channel holds
   * (`firstFitFrom`, the rule an editor's explicit time keeps), the batch's earlier placements
   * included. The channels' rows are locked first, as scheduling locks them, so the deferrals of
   * a channel by several batches and workers each see the ones placed before them. Left at their
   * rule's time (a spacing's end, a pause's end, a rate limit's reset), they fought over one slot,
   * woke together only to be deferred again, and landed among posts already scheduled, while the
   * calendar showed them where they would not go.
   */
  private async deferralTimes(tx: Executor, items: readonly Ending[]): Promise<[Ending, Date][]> {
    const channels = new Map(
      (
        await this.channels.findManyForUpdate(tx, [...new Set(items.map((d) => d.post.channelId))])
      ).map((c) => [c.id, c]),
    );
    const untils = items.map((d) => d.until!.getTime());
    const taken = await this.posts.takenSlots(
      tx,
      [...channels.keys()],
      takenAround(
        new Date(Math.min(...untils)),
        new Date(Math.max(...untils) + PLACEMENT_HORIZON_MS),
        [...channels.values()],
      ),
      items.map((d) => d.post.id),
    );
    const pauses = await this.pauses.current(new Date(), tx);
    const calendars = new Map(
      [...channels.values()].map((c) => [c.id, new ChannelCalendar(c.timezone, taken.get(c.id)!)]),
    );
    // The earliest rule time first: a post that may go sooner is not placed behind one that may not.
    return [...items]
      .sort((a, b) => +a.until! - +b.until!)
      .map((item) => {
        const until = item.until!;
        const channel = channels.get(item.post.channelId);
        if (!channel) return [item, until];
        const calendar = calendars.get(channel.id)!;
        const at = firstFitFrom(
          channel,
          until,
          calendar,
          closedWindows(pauses, item.post),
          new Date(until.getTime() + PLACEMENT_HORIZON_MS),
        );
        calendar.add(at);
        return [item, at];
      });
  }
}
