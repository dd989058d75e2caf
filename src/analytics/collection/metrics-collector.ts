import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { type ChannelRow, ChannelsRepository } from '../../channels/channels.repository.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PlatformFailure } from '../../platforms/platform-adapter.js';
import { PlatformRegistry } from '../../platforms/platform-registry.js';
import { JobHandlers, JobQueue } from '../../queue/job-queue.js';
import { CollectionRepository, type DueReading } from './collection.repository.js';

const COLLECT_EVERY_MS = 10 * 60_000;
/** Enough for 10,000 threads of six segments due at once; the rest waits for the next run. */
const READINGS_PER_RUN = 60_000;
/** How long to leave a channel alone after a 429 that named no reset time (X's window). */
const DEFAULT_HOLD_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export interface CollectionResult {
  /** Snapshot rows stored (never one that another run stored before). */
  stored: number;
  /** Lookup requests made to platforms. */
  requests: number;
  /** Channels left for a later run: rate-limited, held, or failing. */
  skippedChannels: string[];
}

/**
 * Reads the public metrics of published posts at each checkpoint and the channels' follower
 * counts once a day. Runs once cluster-wide (a BullMQ job scheduler). Every batch is stored as
 * soon as it is read, and a stored reading is never replaced, so a run killed half-way loses
 * nothing and the next run reads only what is still missing.
 */
@Injectable()
export class MetricsCollector implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsCollector.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly collection: CollectionRepository,
    private readonly channels: ChannelsRepository,
    private readonly platforms: PlatformRegistry,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.handlers.register('metrics.collect', async () => {
      const now = new Date();
      await this.collect(now);
      await this.collectFollowers(now);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api')
      await this.queue.schedule('metrics.collect', COLLECT_EVERY_MS, {});
  }

  /** Takes every post reading that is due. */
  async collect(now: Date): Promise<CollectionResult> {
    const result: CollectionResult = { stored: 0, requests: 0, skippedChannels: [] };
    const held = await this.collection.heldChannels(now);
    const due = Map.groupBy(
      await this.collection.dueReadings(now, READINGS_PER_RUN),
      (r) => r.channelId,
    );
    // One read of the channels the run touches, not one per channel.
    const byId = new Map(
      (await this.channels.findByIds([...due.keys()])).map((channel) => [channel.id, channel]),
    );
    for (const [channelId, readings] of due) {
      const channel = byId.get(channelId);
      if (
        !channel ||
        held.has(channelId) ||
        !(await this.collectChannel(channel, readings, now, result))
      ) {
        result.skippedChannels.push(channelId);
      }
    }
    return result;
  }

  /** One channel's due readings, batch by batch; false when the channel stopped early. */
  private async collectChannel(
    channel: ChannelRow,
    readings: DueReading[],
    now: Date,
    result: CollectionResult,
  ): Promise<boolean> {
    const channelId = channel.id;
    const reading = this.platforms.definition(channel.platform).metrics;
    if (reading.kind === 'none') return true;
    const adapter = this.platforms.for(channel.platform);
    const target = this.platforms.target(channel);
    for (const batch of batches(
      readings,
      reading.maxIdsPerCall,
      now,
      reading.publicOnlyAfterDays,
    )) {
      try {
        result.requests += 1;
        const metrics = await adapter.metrics(target, batch.externalIds, {
          privateMetrics: batch.privateMetrics,
        });
        const byId = new Map(metrics.map((m) => [m.externalId, m]));
        const rows = batch.readings.flatMap((r) => {
          const m = byId.get(r.externalId);
          if (!m) return [];
          return [
            {
              postId: r.postId,
              segment: r.segment,
              externalId: r.externalId,
              checkpointHours: r.checkpointHours,
              takenAt: now,
              impressions: m.impressions,
              likes: m.likes,
              reposts: m.reposts,
              replies: m.replies,
              quotes: m.quotes,
              bookmarks: m.bookmarks,
              synthetic: reading.synthetic,
            },
          ];
        });
        result.stored += await this.collection.insertSnapshots(rows);
      } catch (error) {
        if (!(error instanceof PlatformFailure)) throw error;
        if (error.kind === 'rate_limited') {
          // Stop here, not spin: the next run after the reset takes the rest.
          const until = error.details.retryAt ?? new Date(now.getTime() + DEFAULT_HOLD_MS);
          await this.collection.hold(channelId, until, 'rate_limited');
        }
        this.logger.warn(
          { channelId, kind: error.kind, err: error.message },
          'metrics not collected this run',
        );
        return false;
      }
    }
    return true;
  }

  /** Once a day per connected channel (UTC day); a channel that fails is tried again next run. */
  async collectFollowers(now: Date): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    let stored = 0;
    const channels = await this.channels.findByIds(
      await this.collection.channelsWithoutFollowers(day),
    );
    for (const channel of channels) {
      const channelId = channel.id;
      const reading = this.platforms.definition(channel.platform).metrics;
      if (reading.kind === 'none') continue;
      try {
        const followers = await this.platforms
          .for(channel.platform)
          .followers(this.platforms.target(channel));
        await this.collection.insertFollowers({
          channelId,
          day,
          followers,
          synthetic: reading.synthetic,
          takenAt: now,
        });
        stored += 1;
      } catch (error) {
        if (!(error instanceof PlatformFailure)) throw error;
        this.logger.warn({ channelId, kind: error.kind }, 'follower count not read this run');
      }
    }
    return stored;
  }
}

interface Batch {
  externalIds: string[];
  readings: DueReading[];
  privateMetrics: boolean;
}

/**
 * Groups readings into lookups of at most `size` distinct ids: one lookup serves every
 * checkpoint due for the same segment. Posts young enough for owner-only metrics go in their
 * own batches, so asking for those never makes the platform refuse an older post.
 */
function batches(
  readings: readonly DueReading[],
  size: number,
  now: Date,
  publicOnlyAfterDays: number | undefined,
): Batch[] {
  const isYoung = (r: DueReading) =>
    publicOnlyAfterDays !== undefined &&
    now.getTime() - r.publishedAt.getTime() < publicOnlyAfterDays * DAY_MS;
  const out: Batch[] = [];
  for (const young of [true, false]) {
    const byId = Map.groupBy(
      readings.filter((r) => isYoung(r) === young),
      (r) => r.externalId,
    );
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += size) {
      const externalIds = ids.slice(i, i + size);
      out.push({
        externalIds,
        readings: externalIds.flatMap((id) => byId.get(id) ?? []),
        privateMetrics: young,
      });
    }
  }
  return out;
}
