import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { LibraryModule } from '../library/library.module.js';
import { ObservabilityModule } from '../observability/observability.module.js';
import { PausesModule } from '../pauses/pauses.module.js';
import { PlatformsModule } from '../platforms/platforms.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { PublishOutcomes } from './publish-outcomes.js';
import { PublisherService } from './publisher.service.js';
import { PublishingGauges } from './publishing-gauges.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingStoreModule } from './publishing-store.module.js';
import { ReconcilerService } from './reconciler.service.js';
import { PublishedPostRetraction } from './retraction.service.js';

/**
 * The engine. Publisher (job handler) and reconciler run in worker processes; retraction of
 * published posts and the sandbox feed are API. It registers its gauges with the metrics
 * registry, which imports nothing above it.
 */
@Module({})
export class PublishingModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const workers = options.runsWorkers
      ? [PublisherService, PublishOutcomes, ReconcilerService]
      : [];
    const api = options.servesApi ? [PublishedPostRetraction] : [];
    return {
      module: PublishingModule,
      imports: [
        AuditModule,
        QueueModule,
        ObservabilityModule,
        PublishingStoreModule,
        PlatformsModule.forRole(options.servesApi),
        ChannelsModule.forRole(options.servesApi),
        PausesModule.forRole(options.servesApi),
        PostsModule.forRole(options.servesApi),
        LibraryModule.forRole(options.servesApi),
      ],
      providers: [PublishingGauges, ...workers, ...api],
      controllers: options.servesApi ? [PublishingController] : [],
    };
  }
}
