import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { type PostAction, transitionOrThrow } from '../posts/post-lifecycle.js';
import { type PostRow, PostsRepository } from '../posts/posts.repository.js';
import { JobQueue } from '../queue/job-queue.js';
import { PublishScheduler } from '../queue/publish-wake-ups.js';
import { PublishingRepository } from './publishing.repository.js';

export interface ReconcileReport {
  woken: number;
  expiredClaims: number;
  resolvedPublished: number;
  resolvedAbsent: number;
  resolvedFailed: number;
  overdue: number;
}

const WAKE_BATCH = 2_000;
const RESOLVE_BATCH = 20;
/** How far before its claim a post's text is looked for on the account (clock skew, slow sends). */
const LOOKBACK_MS = 5 * 60_000;
/**
 * How far back the post behind a duplicate refusal is looked for: the platform compares with the
 * account's recent posts over a window it does not publish (X: about a day), so look well past it.
 */
const DUPLICATE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/**
 * DESIGN.md rule 5, run by every worker process: it does not trust Redis. It wakes posts due
 * within the horizon (idempotent job ids), turns lost claims into `unknown`, settles `unknown`
 * posts by reading the account's own recent posts, and counts overdue posts.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilerService.name);
  private running: Promise<ReconcileReport> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly publishing: PublishingRepository,
    private readonly posts: PostsRepository,
    private readonly channels: ChannelsRepository,
    private readonly platforms: PlatformRegistry,
    private readonly scheduler: PublishScheduler,
    private readonly queue: JobQueue,
    private readonly audit: AuditRepository,
    private readonly metrics: PublishingMetrics,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    const tick = () =>
      void this.reconcileOnce().catch((error: Error) =>
        this.logger.error({ err: error.message }, 'reconcile failed'),
      );
    this.registry.addInterval(
      'reconciler',
      setInterval(tick, this.config.publishing.reconcileIntervalMs),
    );
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', 'reconciler'))
      this.registry.deleteInterval('reconciler');
    await this.running?.catch(() => undefined);
  }

  /** One sweep; concurrent calls in one process share the sweep in progress. */
  reconcileOnce(): Promise<ReconcileReport> {
    this.running ??= this.sweep().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweep(): Promise<ReconcileReport> {
    const now = new Date();
    const woken = await this.wakeDuePosts(now);
    const staleBefore = new Date(now.getTime() - this.config.publishing.staleClaimMs);
    const expired = await this.db.transaction(async (tx) => {
      const rows = await this.publishing.expireStaleClaims(tx, staleBefore);
      for (const post of rows) {
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'post.unknown',
          entityType: 'post',
          entityId: post.id,
          before: { claimId: post.claimId },
          after: { status: post.status, reason: post.statusReason, cause: post.failureCause },
        });
      }
      return rows;
    });
    this.metrics.unknown.inc(expired.length);
    const resolved = await this.resolveUnknown();
    const overdue = await this.publishing.countOverdue(
      new Date(now.getTime() - this.config.publishing.overdueAlertMs),
    );
    this.metrics.overdue.set(overdue);
    if (overdue > 0) this.logger.warn({ overdue }, 'scheduled posts are overdue');
    const depth = await this.queue.depth().catch(() => ({}) as Record<string, number>);
    for (const [queue, n] of Object.entries(depth)) this.metrics.queueDepth.set({ queue }, n);
    return { woken, expiredClaims: expired.length, ...resolved, overdue };
  }

  /**
   * Re-adds the wake-up of every post due within the horizon. Job ids are deterministic, so a job
   * already waiting makes its add a no-op, and sweeps of several workers may overlap freely; no
   * row is locked, so claims never wait on a sweep.
   */
  private async wakeDuePosts(now: Date): Promise<number> {
    const due = await this.publishing.dueForWakeUp(
      new Date(now.getTime() + this.config.publishing.horizonMs),
      WAKE_BATCH,
    );
    for (let i = 0; i < due.length; i += 100)
      await Promise.all(due.slice(i, i + 100).map((p) => this.scheduler.wake(p)));
    return due.length;
  }

  private async resolveUnknown() {
    const counts = { resolvedPublished: 0, resolvedAbsent: 0, resolvedFailed: 0 };
    const toWake: PostRow[] = [];
    await this.db.transaction(async (tx) => {
      for (const post of await this.publishing.unknownForResolution(tx, RESOLVE_BATCH)) {
        try {
          const result = await this.resolve(tx, post);
          if (!result) continue;
          counts[result.outcome] += 1;
          if (result.outcome === 'resolvedAbsent') toWake.push(result.post);
        } catch (error) {
          // The platform could not be read: the post stays unknown until a later sweep can prove it.
          this.logger.warn(
            { postId: post.id, err: (error as Error).message },
            'could not resolve unknown post yet',
          );
        }
      }
    });
    // Only after commit: a wake-up that ran before would find the post still unknown.
    for (const post of toWake) await this.scheduler.wake(post);
    return counts;
  }

  /**
   * Looks for each unsaved segment, in order, among the account's own recent posts that no other
   * post of ours tracks. Found: its id is recorded (no second create). Provably absent: the post
   * goes back to scheduled and resumes after its last saved segment. A duplicate refusal is
   * evidence that the refused text is live, so its post is looked for further back; it fails only
   * when the text is provably not on the account, or is live as another post of ours.
   */
  private async resolve(
    tx: Executor,
    post: PostRow,
  ): Promise<{
    outcome: 'resolvedPublished' | 'resolvedAbsent' | 'resolvedFailed';
    post: PostRow;
  } | null> {
    const [channel, revision] = await Promise.all([
      this.channels.findById(post.channelId, tx),
      this.posts.revision(post.id, post.currentRevision, tx),
    ]);
    if (!channel || !revision) return null;
    const refusedAsDuplicate = post.failureCause === 'duplicate_refused';
    const since = refusedAsDuplicate
      ? new Date(Date.now() - DUPLICATE_LOOKBACK_MS)
      : new Date((post.claimedAt ?? post.updatedAt).getTime() - LOOKBACK_MS);
    const adapter = this.platforms.for(channel.platform);
    const recent = await adapter.recentPosts(this.platforms.target(channel), since);
    const tracked = await this.publishing.trackedElsewhere(
      tx,
      post.id,
      recent.map((r) => r.externalId),
    );
    const ids = [...post.externalIds];
    let liveElsewhere = false;
    for (let i = ids.length; i < revision.segments.length; i++) {
      const wanted = adapter.canonicalText(revision.segments[i]!, 'sent');
      const matches = recent.filter(
        (r) => !ids.includes(r.externalId) && adapter.canonicalText(r.text, 'returned') === wanted,
      );
      const found = matches.find((r) => !tracked.has(r.externalId));
      liveElsewhere = !found && matches.length > 0;
      if (!found) break;
      ids.push(found.externalId);
    }
    const resolution = this.resolution(post, revision.segments.length, ids, {
      refusedAsDuplicate,
      liveElsewhere,
    });
    const after = await this.posts.update(tx, post.id, {
      ...resolution.changes,
      status: transitionOrThrow(post.status, resolution.action, { kind: 'system' }),
    });
    await this.audit.record(tx, SYSTEM_ACTOR, {
      action: resolution.audit,
      entityType: 'post',
      entityId: post.id,
      before: { status: post.status, externalIds: post.externalIds, cause: post.failureCause },
      after: {
        status: after.status,
        externalIds: after.externalIds,
        reason: after.statusReason,
        cause: after.failureCause,
      },
    });
    if (resolution.outcome === 'resolvedPublished') this.metrics.published.inc();
    return { outcome: resolution.outcome, post: after };
  }

  /** What an unknown post becomes once its segments `ids` are known to be live. */
  private resolution(
    post: PostRow,
    segments: number,
    ids: string[],
    evidence: { refusedAsDuplicate: boolean; liveElsewhere: boolean },
  ): {
    action: Extract<PostAction, 'resolve_published' | 'publish_failed' | 'resolve_absent'>;
    audit: string;
    outcome: 'resolvedPublished' | 'resolvedAbsent' | 'resolvedFailed';
    changes: Omit<Partial<PostRow>, 'status'>;
  } {
    const platform = { lastError: post.lastError };
    if (ids.length === segments)
      return {
        action: 'resolve_published',
        audit: 'post.resolved_published',
        outcome: 'resolvedPublished',
        changes: {
          externalIds: ids,
          publishedAt: new Date(),
          statusReason: null,
          failureCause: null,
        },
      };
    // The refused segment is the first one missing when publishing stopped.
    if (evidence.refusedAsDuplicate && ids.length === post.externalIds.length)
      return {
        action: 'publish_failed',
        audit: 'post.failed',
        outcome: 'resolvedFailed',
        changes: evidence.liveElsewhere
          ? {
              ...platform,
              failureCause: 'duplicate_tracked',
              statusReason:
                'The platform refused the text as a duplicate of a live post that another post tracks.',
            }
          : {
              ...platform,
              failureCause: 'duplicate_absent',
              statusReason:
                'The platform refused the text as a duplicate, but it is not on the account.',
            },
      };
    return {
      action: 'resolve_absent',
      audit: 'post.resolved_absent',
      outcome: 'resolvedAbsent',
      changes: {
        externalIds: ids,
        scheduledAt: new Date(),
        claimId: null,
        failureCause: null,
        statusReason:
          ids.length === 0
            ? 'Not found on the platform; publishing again.'
            : `Segments 1–${ids.length} are live; publishing again from segment ${ids.length + 1}.`,
      },
    };
  }
}
