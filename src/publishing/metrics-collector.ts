import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PlatformFailure } from '../platforms/platform-adapter.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { JobHandlers, JobQueue } from '../queue/job-queue.js';
import { PublishingRepository } from './publishing.repository.js';

const COLLECT_EVERY_MS = 10 * 60_000;
const IDS_PER_REQUEST = 100;
const POSTS_PER_RUN = 1_000;

/**
 * Public metrics of published posts at +1 h, +24 h and +7 d, read in batches of 100 ids per
 * channel. Runs once cluster-wide as a BullMQ job scheduler.
 */
@Injectable()
export class MetricsCollector implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsCollector.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly publishing: PublishingRepository,
    private readonly channels: ChannelsRepository,
    private readonly platforms: PlatformRegistry,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.handlers.register('metrics.collect', async () => void (await this.collect(new Date())));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api')
      await this.queue.schedule('metrics.collect', COLLECT_EVERY_MS, {});
  }

  /** Takes every snapshot that is due; returns how many were stored. */
  async collect(now: Date): Promise<number> {
    const due = await this.publishing.dueForMetrics(now, POSTS_PER_RUN);
    let stored = 0;
    const byChannel = Map.groupBy(due, (p) => p.channelId);
    for (const [channelId, posts] of byChannel) {
      const channel = await this.channels.findById(channelId);
      if (!channel) continue;
      // The thread's first post stands for the thread: that is where people react.
      const heads = posts.flatMap((p) =>
        p.externalIds[0] ? [{ postId: p.id, externalId: p.externalIds[0] }] : [],
      );
      for (let i = 0; i < heads.length; i += IDS_PER_REQUEST) {
        const batch = heads.slice(i, i + IDS_PER_REQUEST);
        try {
          const metrics = await this.platforms.for(channel.platform).metrics(
            this.platforms.target(channel),
            batch.map((h) => h.externalId),
          );
          const rows = metrics.flatMap((m) => {
            const head = batch.find((h) => h.externalId === m.externalId);
            return head ? [{ postId: head.postId, takenAt: now, ...m }] : [];
          });
          await this.publishing.insertSnapshots(rows);
          stored += rows.length;
        } catch (error) {
          if (!(error instanceof PlatformFailure)) throw error;
          this.logger.warn({ channelId, err: error.message }, 'metrics not collected this time');
        }
      }
    }
    return stored;
  }
}
