import { type DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '../observability/observability.module.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { SandboxAdapter } from '../platforms/sandbox/sandbox.adapter.js';
import { SandboxFeedRepository } from '../platforms/sandbox/sandbox-feed.repository.js';
import { MetricsCollector } from './metrics-collector.js';
import { PublisherService } from './publisher.service.js';
import { PublishingGauges } from './publishing-gauges.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingStoreModule } from './publishing-store.module.js';
import { ReconcilerService } from './reconciler.service.js';
import { PublishedPostRetraction } from './retraction.service.js';

/**
 * The engine. Publisher (job handler), reconciler and metrics collection run in worker
 * processes; retraction of published posts, the sandbox feed and post metrics are API. Not
 * global: nothing above it uses it. It imports the metrics registry and its own SQL; posts,
 * channels, pauses, audit, queue and the X adapter come from their (still global) modules.
 */
@Module({})
export class PublishingModule {
  static forRole(options: { servesApi: boolean; runsWorkers: boolean }): DynamicModule {
    const workers = options.runsWorkers
      ? [PublisherService, ReconcilerService, MetricsCollector]
      : [];
    const api = options.servesApi ? [PublishedPostRetraction] : [];
    return {
      module: PublishingModule,
      imports: [ObservabilityModule, PublishingStoreModule],
      providers: [
        SandboxFeedRepository,
        SandboxAdapter,
        PlatformRegistry,
        PublishingGauges,
        ...workers,
        ...api,
      ],
      controllers: options.servesApi ? [PublishingController] : [],
    };
  }
}
