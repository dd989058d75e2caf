import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { METRICS_CONTENT_TYPE, scrapeAllowed } from './metrics-token.js';
import { PublishingMetrics } from './publishing-metrics.js';

/**
 * Serves GET /metrics on a port of its own (METRICS_HOST:METRICS_PORT, loopback by default), so
 * Prometheus scrapes it from the host or a sidecar while the API port never serves it
 * anonymously. A port already taken (several processes on one host) is logged, not fatal:
 * publishing matters more than its figures.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PublishingMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { host, port, token } = this.config.metrics;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      if (!scrapeAllowed(req.headers.authorization, token)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
        return;
      }
      this.metrics.scrape().then(
        (body) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(body),
        (error: unknown) => {
          this.logger.error({ err: error }, 'metrics scrape failed');
          res.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (error) => {
        this.logger.error({ err: error, host, port }, 'metrics port not served');
        resolve();
      });
      server.listen(port, host, () => {
        this.server = server;
        resolve();
      });
    });
  }

  /** Where it listens (port 0 asks for any free one), or undefined when it could not. */
  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
