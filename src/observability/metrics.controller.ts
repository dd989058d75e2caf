import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { PublishingMetrics } from './publishing-metrics.js';

/** Prometheus scrape endpoint; gauges read from the database and queue are refreshed at scrape time. */
/** Not part of the API document: it is for Prometheus, not for API clients. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PublishingMetrics) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
