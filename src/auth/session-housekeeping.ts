import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobHandlers, JobQueue } from '../queue/job-queue.js';
import { SessionsRepository } from './sessions.repository.js';
import { FAILURE_MEMORY_MS } from './sign-in-backoff.js';
import { SignInThrottlesRepository } from './sign-in-throttles.repository.js';

const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Expired sessions are already refused and forgotten sign-in failures no longer count; this only
 * keeps both tables small, once cluster-wide.
 */
@Injectable()
export class SessionHousekeeping implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SessionHousekeeping.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly throttles: SignInThrottlesRepository,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.handlers.register('sessions.purge-expired', async () => {
      const now = new Date();
      const purged = await this.sessions.deleteExpired(now);
      if (purged > 0) this.logger.log({ purged }, 'expired sessions purged');
      const forgotten = await this.throttles.purgeQuiet(
        new Date(now.getTime() - FAILURE_MEMORY_MS),
        now,
      );
      if (forgotten > 0) this.logger.log({ forgotten }, 'quiet sign-in throttles purged');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api')
      await this.queue.schedule('sessions.purge-expired', PURGE_EVERY_MS, {});
  }
}
