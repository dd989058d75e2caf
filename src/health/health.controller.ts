import { Controller, Get, HttpException, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { sql } from 'drizzle-orm';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators.js';
import { DATABASE, type Database } from '../db/database.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PublishingRepository } from '../publishing/publishing.repository.js';
import { JobQueue } from '../queue/job-queue.js';
import { JobWorkers } from '../queue/job-workers.js';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DATABASE) private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly publishing: PublishingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly workers?: JobWorkers,
  ) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ description: 'The process is up.' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({
    description: 'PostgreSQL and Redis answer, and (in a worker role) the workers run.',
  })
  @ApiServiceUnavailableResponse({ description: 'Lists which check is down.' })
  async ready(@Res() res: Response): Promise<void> {
    const checks: HealthIndicatorFunction[] = [
      () =>
        this.indicator
          .check('postgres')
          .attempt(async () => void (await this.db.execute(sql`SELECT 1`)))
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicator
          .check('redis')
          .attempt(() => this.queue.ping())
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    checks.push(() =>
      this.indicator
        .check('publishing')
        .attempt(async () => {
          const [overdue, consumers] = await Promise.all([
            this.publishing.countOverdue(
              new Date(Date.now() - this.config.publishing.overdueAlertMs),
            ),
            this.queue.publishConsumers(),
          ]);
          if (consumers === 0) throw new Error('no worker is consuming the publish queue');
          if (overdue > 0)
            throw new Error(
              `${overdue} scheduled post(s) overdue beyond ${this.config.publishing.overdueAlertMs / 1000} s`,
            );
          return { consumers, overdue };
        })
        .withTimeout(CHECK_TIMEOUT_MS),
    );
    const workers = this.workers;
    if (workers) {
      checks.push(() => {
        const session = this.indicator.check('workers');
        return Promise.resolve(
          workers.running()
            ? session.up()
            : session.down({ message: 'job workers are not running' }),
        );
      });
    }
    try {
      res.status(200).json(await this.health.check(checks));
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      res.status(error.getStatus()).json(error.getResponse());
    }
  }
}
