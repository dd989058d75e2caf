import { type DynamicModule, Module } from '@nestjs/common';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { SandboxAdapter } from '../platforms/sandbox/sandbox.adapter.js';
import { SandboxFeedRepository } from '../platforms/sandbox/sandbox-feed.repository.js';
import { MetricsCollector } from './metrics-collector.js';
import { PublisherService } from './publisher.service.js';
import { PublishingRepository } from './publishing.repository.js';
import { ReconcilerService } from './reconciler.service.js';

/**
 * The engine: publisher (job handler) and reconciler run in worker processes; the API role gets
 * the repository and adapters for reads, retraction of published posts and metrics.
 */
@Module({})
export class PublishingModule {
  static forRole(runsWorkers: boolean): DynamicModule {
    const shared = [
      PublishingRepository,
      SandboxFeedRepository,
      SandboxAdapter,
      PlatformRegistry,
      PublishingMetrics,
    ];
    return {
      module: PublishingModule,
      global: true,
      providers: [
        ...shared,
        ...(runsWorkers ? [PublisherService, ReconcilerService, MetricsCollector] : []),
      ],
      exports: [
        ...shared,
        ...(runsWorkers ? [PublisherService, ReconcilerService, MetricsCollector] : []),
      ],
    };
  }
}
