import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChannelsRepository, type ChannelRow } from '../channels/channels.repository.js';
import { Coalescer } from '../common/coalescer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from '../db/database.js';
import { QuoteUsageService } from '../library/quote-usage.service.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { type PauseRow, PausesRepository } from '../pauses/pauses.repository.js';
import { PlatformFailure } from '../platforms/platform-adapter.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { type PostRow, type RevisionRow } from '../posts/posts.repository.js';
import { JobHandlers } from '../queue/job-queue.js';
import { channelDay } from '../scheduling/channel-capacity.js';
import { checkClaims, checkStanding, type ClaimCheck, type ClaimWorld } from './claim-check.js';
import { type OutcomeNote, type PublishOutcome, PublishOutcomes } from './publish-outcomes.js';
import {
  type HeldClaim,
  type NumberedClaim,
  PublishingRepository,
} from './publishing.repository.js';

interface Claim {
  post: PostRow;
  claimId: string;
  claimedAt: Date;
  check: ClaimCheck;
}

/** The claim was given up (as stale) before a create could start; nothing was sent under it. */
class ClaimLost extends Error {}

/** After a failed claim-time read, the claimed posts are tried again this much later. */
const CHECK_RETRY_MS = 5_000;
/** How long a batch under load waits after the last for more posts to share its statements. */
const BATCH_GATHER_MS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Publishes one due post at most once (DESIGN.md, Publishing): claim, re-check everything at
 * claim time, send segment by segment saving each id, and record exactly what happened.
 */
@Injectable()
export class PublisherService implements OnModuleInit {
  private readonly logger = new Logger(PublisherService.name);
  /**
   * How long after its last renewal a claim may start a create request without renewing it: the
   * reconciler gives a claim up after STALE_CLAIM_SECONDS, and one request takes at most one
   * platform timeout, with one more to spare for the clocks of different workers.
   */
  private readonly leaseMs: number;
  private readonly claims: Coalescer<string, Claim | null>;
  private readonly publishedRecords: Coalescer<
    { post: PostRow; claimId: string; externalIds: string[]; at: Date },
    boolean
  >;
  private readonly rechecks: Coalescer<HeldClaim, ClaimCheck | null>;
  private readonly progress: Coalescer<HeldClaim & { externalIds: string[] }, undefined>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly publishing: PublishingRepository,
    private readonly quoteUsage: QuoteUsageService,
    private readonly channels: ChannelsRepository,
    private readonly pauses: PausesRepository,
    private readonly platforms: PlatformRegistry,
    private readonly metrics: PublishingMetrics,
    private readonly handlers: JobHandlers,
    private readonly outcomes: PublishOutcomes,
  ) {
    this.leaseMs = config.publishing.staleClaimMs - 2 * config.x.timeoutMs;
    // Claims, threads' re-checks and progress, and outcomes are read and written in batches, one
    // batch of each kind at a time: the next batch gathers every post that arrived meanwhile, which
    // under a burst means the fewest statements per post (bench/publish.ts measures it) and when
    // idle means no wait at all. A batch stalled on the database holds up the claims behind it,
    // which read the same tables and would stall as well. A batch may hold every job the worker
    // runs at once (each waits on one call): capped at 100 while 300 ran, claims went in three
    // statements where one would do, and the engine spent 16 % more CPU a post (bench:publish).
    // Under load a batch waits BATCH_GATHER_MS after the last for company: in a burst of single
    // posts PostgreSQL transactions a post fell from 0.11–0.12 to 0.09–0.10 and the engine's CPU
    // a post by 6–10 % of the fake X's, threads unchanged (README, Benchmark); a post that falls
    // due alone is claimed at once.
    const batching = {
      maxInFlight: 1,
      maxBatch: config.publishing.concurrency,
      gatherMs: BATCH_GATHER_MS,
    };
    this.claims = new Coalescer((postIds) => this.claimBatch(postIds), batching);
    this.publishedRecords = new Coalescer(async (items) => {
      const held = await this.publishing.recordPublished(items);
      return items.map((item) => held.has(item.post.id));
    }, batching);
    this.rechecks = new Coalescer((claims) => this.recheckBatch(claims), batching);
    this.progress = new Coalescer(async (items) => {
      await this.publishing.saveExternalIds(items, new Date());
      return items.map(() => undefined);
    }, batching);
  }

  onModuleInit(): void {
    this.handlers.register('post.publish', async ({ postId }) => {
      // A malformed job fails on its own instead of failing the claim statement of its batch.
      if (!UUID.test(postId))
        throw new Error(`post.publish job with a malformed post id: ${postId}`);
      await this.publish(postId);
    });
  }

  async publish(postId: string): Promise<PublishOutcome> {
    const claim = await this.claims.call(postId);
    if (!claim) return 'skipped';
    const { post, claimId, check } = claim;
    try {
      if (!check.go) {
        if (check.outcome === 'deferred')
          return await this.outcomes.defer(post, claimId, check.until, { reason: check.reason });
        return await this.outcomes.end(
          post,
          claimId,
          check.outcome === 'held' ? 'hold' : 'publish_failed',
          check.outcome === 'held'
            ? { reason: check.reason }
            : { reason: check.reason, cause: 'content_changed' },
        );
      }
      return await this.send(claim, check.channel, check.revision);
    } catch (error) {
      // Anything unexpected after the claim: the post may or may not be out, so never retry blindly.
      this.logger.error(
        { postId, err: (error as Error).message },
        'publishing failed unexpectedly',
      );
      // Our own error, not the platform's: logged above, never shown as the platform's message.
      return this.outcomes.end(post, claimId, 'publish_unknown', {
        reason: 'An unexpected error stopped publishing; checking the platform.',
        cause: 'internal_error',
      });
    }
  }

  /**
   * Claims the due posts among `postIds` together and checks each (DESIGN.md rule 4) against one
   * read of everything the rule looks at. A post asked for twice in one batch is claimed once.
   */
  private async claimBatch(postIds: string[]): Promise<(Claim | null)[]> {
    const now = new Date();
    const windows = this.pauses.current(now);
    // Settled even when the claim fails, so no rejection is left unhandled.
    windows.catch(() => undefined);
    const claimed = await this.publishing.claim([...new Set(postIds)], now);
    let checks: ClaimCheck[];
    try {
      checks = checkClaims(claimed, await this.claimWorld(claimed, await windows, now), now);
    } catch (error) {
      // Nothing has been sent: hand the posts back for a later try instead of leaving them
      // claimed until the reconciler gives the claims up.
      const reason = `Could not read what publishing checks (${(error as Error).message}); trying again.`;
      const until = new Date(now.getTime() + CHECK_RETRY_MS);
      checks = claimed.map(() => ({ go: false, outcome: 'deferred', until, reason }));
    }
    const byId = new Map(
      claimed.map(({ post }, i) => [
        post.id,
        { post, claimId: post.claimId!, claimedAt: now, check: checks[i]! },
      ]),
    );
    return postIds.map((id) => {
      const claim = byId.get(id) ?? null;
      byId.delete(id);
      return claim;
    });
  }

  private async claimWorld(
    claimed: readonly NumberedClaim[],
    windows: PauseRow[],
    now: Date,
  ): Promise<ClaimWorld> {
    const quoteIds = new Set(claimed.flatMap((c) => c.revision?.quoteIds ?? []));
    // A claim statement numbers each channel once: its posts of a channel share the number.
    const channels = new Map(
      claimed.flatMap(({ channel, channelSeq }) =>
        channel ? [[channel.id, { channel, seq: channelSeq }]] : [],
      ),
    );
    const [quotes, history] = await Promise.all([
      this.quoteUsage.linkedQuotes([...quoteIds]),
      this.publishing.channelHistory(
        [...channels.values()].map(({ channel, seq }) => ({
          channelId: channel.id,
          dayStart: channelDay(channel, now).start,
          seq,
        })),
      ),
    ]);
    return { quotes, windows, history };
  }

  /** DESIGN.md rule 3: one create per segment, each id saved before the next, resuming after the last. */
  private async send(
    claim: Claim,
    claimedChannel: ChannelRow,
    revision: RevisionRow,
  ): Promise<PublishOutcome> {
    let channel = claimedChannel;
    const { post, claimId } = claim;
    const adapter = this.platforms.for(channel.platform);
    const ids = [...post.externalIds];
    let heldSince = claim.claimedAt.getTime();
    // The claim's heartbeat, run before every create request: once less than the lease is left,
    // the claim is renewed first, so a create never starts under a claim the reconciler may give
    // up meanwhile (a stalled worker, a long thread, a token refresh).
    const renewIfShort = async () => {
      if (Date.now() - heldSince < this.leaseMs) return;
      const at = new Date();
      if (!(await this.publishing.renewClaim(post.id, claimId, at))) throw new ClaimLost();
      heldSince = at.getTime();
    };
    try {
      for (let i = ids.length; i < revision.segments.length; i++) {
        if (i === 0 && post.scheduledAt)
          this.metrics.lateness.observe(
            Math.max(0, Date.now() - post.scheduledAt.getTime()) / 1000,
          );
        // DESIGN.md rule 4 again before every later segment: a thread whose post, quotes,
        // campaign, channel or pauses changed since its claim stops here, its live ids kept.
        // (The first segment sent under this claim was checked by the claim itself.)
        if (i > post.externalIds.length) {
          const check = await this.recheck(post.id, claimId);
          if (!check.go) return await this.stopThread(post, claimId, check, i, ids);
          channel = check.channel;
        }
        const created = await adapter.createPost(
          this.platforms.target(channel),
          revision.segments[i]!,
          {
            ...(i > 0 ? { inReplyTo: ids[i - 1] } : {}),
            beforeSend: renewIfShort,
          },
        );
        ids.push(created.externalId);
        // The last id is recorded with the outcome; a crash before that is settled by the
        // reconciler, which finds the text on the account.
        if (i < revision.segments.length - 1)
          await this.progress.call({ postId: post.id, claimId, externalIds: [...ids] });
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
      if (error instanceof ClaimLost) {
        this.logger.warn(
          { postId: post.id },
          'claim lost while stalled; the reconciler owns the post',
        );
        await this.publishing.finishAttempt(
          claimId,
          'unknown',
          ids,
          'Claim lost while the worker was stalled; nothing more was sent.',
        );
        return 'skipped';
      }
      if (!(error instanceof PlatformFailure)) throw error;
      return this.outcomes.onFailure(post, claimId, channel, error, ids);
    }
    this.metrics.published.inc();
    const recorded = await this.publishedRecords.call({
      post,
      claimId,
      externalIds: ids,
      at: new Date(),
    });
    if (!recorded)
      this.logger.warn(
        { postId: post.id },
        'published after the claim was given up; the reconciler finds it on the platform',
      );
    return 'published';
  }

  /**
   * The claim's standing read afresh (DESIGN.md rule 4 without pacing: a thread's segments go
   * together). A claim given up meanwhile stops the thread like a lost lease.
   */
  private async recheck(postId: string, claimId: string): Promise<ClaimCheck> {
    const check = await this.rechecks.call({ postId, claimId });
    if (!check) throw new ClaimLost();
    return check;
  }

  /** `recheck` for the threads that reached a later segment together; null where a claim was given up. */
  private async recheckBatch(claims: HeldClaim[]): Promise<(ClaimCheck | null)[]> {
    const now = new Date();
    const [claimed, windows] = await Promise.all([
      this.publishing.claimedNow(claims),
      this.pauses.current(now),
    ]);
    const quotes = await this.quoteUsage.linkedQuotes(
      [...claimed.values()].flatMap((c) => c.revision?.quoteIds ?? []),
    );
    return claims.map(({ postId }) => {
      const post = claimed.get(postId);
      return post ? checkStanding(post, { quotes, windows }, now) : null;
    });
  }

  /** Ends the claim of a thread whose re-check failed before segment `next` (0-based). */
  private stopThread(
    post: PostRow,
    claimId: string,
    check: Extract<ClaimCheck, { go: false }>,
    next: number,
    ids: string[],
  ): Promise<PublishOutcome> {
    const note: OutcomeNote = {
      reason: `The thread stopped before segment ${next + 1}: ${check.reason}`,
      cause: 'thread_stopped',
    };
    const progress = { externalIds: ids };
    if (check.outcome === 'deferred')
      return this.outcomes.defer(post, claimId, check.until, note, progress);
    return this.outcomes.end(
      post,
      claimId,
      check.outcome === 'held' ? 'hold' : 'publish_failed',
      note,
      progress,
    );
  }
}
