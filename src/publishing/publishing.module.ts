import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { LibraryModule } from '../library/library.module.js';
import { PausesModule } from '../pauses/pauses.module.js';
import { XPlatformModule } from '../platforms/x/x-platform.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { MetricsController } from '../observability/metrics.controller.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { SandboxAdapter } from '../platforms/sandbox/sandbox.adapter.js';
import { SandboxFeedRepository } from '../platforms/sandbox/sandbox-feed.repository.js';
import { MetricsCollector } from './metrics-collector.js';
import { PublisherService } from './publisher.service.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { ReconcilerService } from './reconciler.service.js';
import { PublishedPostRetraction } from './retraction.service.js';

/**
 * The engine. Publisher (job handler), reconciler and metrics collection run in worker
 * processes; retraction of published posts, the sandbox feed and post metrics are API; every
 * role serves /metrics.
 */
@Module({})
export class PublishingModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const shared = [
      PublishingRepository,
      SandboxFeedRepository,
      SandboxAdapter,
      PlatformRegistry,
      PublishingMetrics,
    ];
    const workers = options.runsWorkers
      ? [PublisherService, ReconcilerService, MetricsCollector]
      : [];
    const api = options.servesApi ? [PublishedPostRetraction] : [];
    return {
      module: PublishingModule,
      imports: [
        AuditModule,
        QueueModule,
        XPlatformModule.forRole(options.servesApi),
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
