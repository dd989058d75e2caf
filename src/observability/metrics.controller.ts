import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { POST_STATUSES } from '../db/schema/index.js';
import { PublishingRepository } from '../publishing/publishing.repository.js';
import { JobQueue } from '../queue/job-queue.js';
import { PublishingMetrics } from './publishing-metrics.js';

/** Prometheus scrape endpoint; database and queue gauges are read at scrape time. */
/** Not part of the API document: it is for Prometheus, not for API clients. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PublishingMetrics,
    private readonly publishing: PublishingRepository,
    private readonly queue: JobQueue,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    const [byStatus, overdue, depth] = await Promise.all([
      this.publishing.countByStatus(POST_STATUSES),
      this.publishing.countOverdue(new Date(Date.now() - this.config.publishing.overdueAlertMs)),
      this.queue.depth().catch(() => ({}) as Record<string, number>),
    ]);
    for (const status of POST_STATUSES)
      this.metrics.byStatus.set({ status }, byStatus[status] ?? 0);
    this.metrics.overdue.set(overdue);
    for (const [queue, n] of Object.entries(depth)) this.metrics.queueDepth.set({ queue }, n);
    return this.metrics.registry.metrics();
  }
}
