import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics-server.js';
import { PublishingMetrics } from './publishing-metrics.js';
import { ReadCacheMetrics } from './read-cache-metrics.js';

/**
 * The process's metrics registry and /metrics, on its own port (MetricsServer) and on the API port
 * with METRICS_TOKEN, in every role; it imports nothing above it.
 */
@Module({
  providers: [PublishingMetrics, ReadCacheMetrics, MetricsServer],
  controllers: [MetricsController],
  exports: [PublishingMetrics],
})
export class ObservabilityModule {}
