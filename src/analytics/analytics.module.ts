import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CollectionRepository } from './collection/collection.repository.js';
import { MetricsCollector } from './collection/metrics-collector.js';
import { SnapshotsController } from './collection/snapshots.controller.js';

/**
 * Evaluation: metrics collection runs in worker processes (once cluster-wide); the snapshot
 * curve and the reports are API.
 */
@Module({})
export class AnalyticsModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const { servesApi, runsWorkers } = options;
    return {
      module: AnalyticsModule,
      imports: [
        QueueModule,
        PlatformsModule.forRole(servesApi),
        ChannelsModule.forRole(servesApi),
        CampaignsModule.forRole(servesApi),
        PostsModule.forRole(servesApi),
      ],
      providers: [CollectionRepository, ...(runsWorkers ? [MetricsCollector] : [])],
      controllers: servesApi ? [SnapshotsController] : [],
    };
  }
}
