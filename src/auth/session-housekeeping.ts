import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobHandlers, JobQueue } from '../queue/job-queue.js';
import { SessionsRepository } from './sessions.repository.js';

const PURGE_EVERY_MS = 60 * 60_000;

/** Expired sessions are already refused; this only keeps the table small, once cluster-wide. */
@Injectable()
export class SessionHousekeeping implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SessionHousekeeping.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly handlers: JobHandlers,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.handlers.register('sessions.purge-expired', async () => {
      const purged = await this.sessions.deleteExpired(new Date());
      if (purged > 0) this.logger.log({ purged }, 'expired sessions purged');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api')
      await this.queue.schedule('sessions.purge-expired', PURGE_EVERY_MS, {});
  }
}
