import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { POST_STATUSES } from '../db/schema/index.js';
import { PublishingMetrics } from '../observability/publishing-metrics.js';
import { JobQueue } from '../queue/job-queue.js';
import { PublishingRepository } from './publishing.repository.js';

/** The gauges read at scrape time: posts by status, overdue posts and queue depth. */
@Injectable()
export class PublishingGauges implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PublishingMetrics,
    private readonly publishing: PublishingRepository,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.metrics.beforeScrape(() => this.refresh());
  }

  private async refresh(): Promise<void> {
    const [byStatus, overdue, depth] = await Promise.all([
      this.publishing.countByStatus(POST_STATUSES),
      this.publishing.countOverdue(new Date(Date.now() - this.config.publishing.overdueAlertMs)),
      this.queue.depth().catch(() => ({}) as Record<string, number>),
    ]);
    for (const status of POST_STATUSES)
      this.metrics.byStatus.set({ status }, byStatus[status] ?? 0);
    this.metrics.overdue.set(overdue);
    for (const [queue, n] of Object.entries(depth)) this.metrics.queueDepth.set({ queue }, n);
  }
}
