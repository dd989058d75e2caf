import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { processMetrics } from './process-metrics.js';

/** Brings gauges read from elsewhere (the database, the queue) up to date before a scrape. */
export type ScrapeRefresher = () => Promise<void>;

/**
 * The Prometheus series of the publishing engine; one registry per application, scraped at /metrics
 * after the process's own series (processMetrics).
 * It knows no module above it: a module whose gauges are read at scrape time registers a
 * refresher (publishing does), so observability never imports publishing.
 */
@Injectable()
export class PublishingMetrics {
  readonly registry = new Registry();
  private readonly refreshers: ScrapeRefresher[] = [];
  readonly published = new Counter({
    name: 'countervoice_posts_published_total',
    help: 'Posts published',
    registers: [this.registry],
  });
  readonly failed = new Counter({
    name: 'countervoice_posts_failed_total',
    help: 'Posts the platform refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly unknown = new Counter({
    name: 'countervoice_posts_unknown_total',
    help: 'Publications left unconfirmed (timeouts, 5xx, lost workers)',
    registers: [this.registry],
  });
  readonly held = new Counter({
    name: 'countervoice_posts_held_total',
    help: 'Posts held at their time (pause, blackout, channel or campaign state)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly deferred = new Counter({
    name: 'countervoice_posts_deferred_total',
    help: 'Posts moved later (rate limit, spacing, cap, defer windows, unreachable platform)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly lateness = new Histogram({
    name: 'countervoice_publish_lateness_seconds',
    help: 'Scheduled time to the first create request',
    buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'countervoice_queue_depth',
    help: 'Jobs waiting, delayed or running',
    labelNames: ['queue'],
    registers: [this.registry],
  });
  readonly overdue = new Gauge({
    name: 'countervoice_posts_overdue',
    help: 'Scheduled posts past their time beyond the alert threshold',
    registers: [this.registry],
  });
  readonly byStatus = new Gauge({
    name: 'countervoice_posts',
    help: 'Posts by status',
    labelNames: ['status'],
    registers: [this.registry],
  });

  beforeScrape(refresh: ScrapeRefresher): void {
    this.refreshers.push(refresh);
  }

  /** Every series in the Prometheus text format, the process's and then the application's. */
  async scrape(): Promise<string> {
    await Promise.all(this.refreshers.map((refresh) => refresh()));
    const [processSeries, applicationSeries] = await Promise.all([
      processMetrics().metrics(),
      this.registry.metrics(),
    ]);
    return processSeries + applicationSeries;
  }
}
