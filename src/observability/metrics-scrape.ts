import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { POST_STATUSES } from '../db/schema/index.js';
import { PublishingRepository } from '../publishing/publishing.repository.js';
import { JobQueue } from '../queue/job-queue.js';
import { PublishingMetrics } from './publishing-metrics.js';

/** One Prometheus scrape: database and queue gauges are read at scrape time. */
@Injectable()
export class MetricsScrape {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PublishingMetrics,
    private readonly publishing: PublishingRepository,
    private readonly queue: JobQueue,
  ) {}

  readonly contentType = 'text/plain; version=0.0.4';

  async render(): Promise<string> {
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

/** METRICS_TOKEN, when set, is required as `Authorization: Bearer <token>` on every port. */
export function scrapeAllowed(authorization: string | undefined, token: string | undefined) {
  if (token === undefined) return true;
  const sent = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
