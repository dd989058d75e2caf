import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { PublishingMetrics } from './publishing-metrics.js';

/** The process's metrics registry and its /metrics endpoint (every role); imports nothing above it. */
@Module({
  providers: [PublishingMetrics],
  controllers: [MetricsController],
  exports: [PublishingMetrics],
})
export class ObservabilityModule {}
