import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { notFound, refused } from '../common/domain-errors.js';
import { scrapeAllowed } from './metrics-token.js';
import { PublishingMetrics } from './publishing-metrics.js';

/**
 * /metrics on the API port, only when METRICS_TOKEN is set and sent as a bearer token; without a
 * token Prometheus scrapes the metrics port (MetricsServer) instead. Not part of the API document.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PublishingMetrics,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async serve(@Headers('authorization') authorization?: string): Promise<string> {
    const { token } = this.config.metrics;
    if (token === undefined) {
      throw notFound(
        'Route',
        'GET /metrics (served on METRICS_PORT; set METRICS_TOKEN to serve it here)',
      );
    }
    if (!scrapeAllowed(authorization, token)) {
      throw refused(
        'unauthenticated',
        'Scraping /metrics here needs the METRICS_TOKEN bearer token.',
      );
    }
    return this.metrics.scrape();
  }
}
