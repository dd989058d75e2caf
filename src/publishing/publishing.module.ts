import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { LibraryModule } from '../library/library.module.js';
import { PausesModule } from '../pauses/pauses.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { MetricsController } from '../observability/metrics.controller.js';
import { MetricsScrape } from '../observability/metrics-scrape.js';
import { MetricsServer } from '../observability/metrics-server.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { MetricsCollector } from './metrics-collector.js';
import { PublisherService } from './publisher.service.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { ReconcilerService } from './reconciler.service.js';
import { PublishedPostRetraction } from './retraction.service.js';

/**
 * The engine. Publisher (job handler), reconciler and metrics collection run in worker
 * processes; retraction of published posts, the sandbox feed and post metrics are API; every
 * role serves /metrics (on its metrics port; on the API port only with METRICS_TOKEN).
 */
@Module({})
export class PublishingModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const shared = [PublishingRepository, PublishingMetrics, MetricsScrape, MetricsServer];
    const workers = options.runsWorkers
      ? [PublisherService, ReconcilerService, MetricsCollector]
      : [];
    const api = options.servesApi ? [PublishedPostRetraction] : [];
    return {
      module: PublishingModule,
      imports: [
        AuditModule,
        QueueModule,
        PlatformsModule.forRole(options.servesApi),
        ChannelsModule.forRole(options.servesApi),
        PausesModule.forRole(options.servesApi),
        PostsModule.forRole(options.servesApi),
        LibraryModule.forRole(options.servesApi),
      ],
      providers: [...shared, ...workers, ...api],
      controllers: [MetricsController, ...(options.servesApi ? [PublishingController] : [])],
      exports: [...shared, ...workers],
    };
  }
}
