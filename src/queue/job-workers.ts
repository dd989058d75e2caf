import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobHandlers } from './job-queue.js';
import { JOB_NAMES, QUEUE_NAMES } from './jobs.js';
import { workerRedisOptions } from './redis-options.js';

/**
 * One BullMQ worker per queue, started only in the worker and all roles. Built here rather than
 * with @Processor so worker connections get worker options (maxRetriesPerRequest: null) while
 * the queues used inside HTTP requests keep their fail-fast options.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handlers: JobHandlers,
  ) {}

  onApplicationBootstrap(): void {
    const missing = this.handlers.missing(JOB_NAMES);
    if (missing.length > 0)
      throw new Error(`No handler registered for job(s): ${missing.join(', ')}`);
    for (const queueName of QUEUE_NAMES) {
      const worker = new Worker(queueName, (job) => this.dispatch(job), {
        connection: workerRedisOptions(this.config.redis.url),
        prefix: this.config.redis.prefix,
        // Publishing is I/O-bound (one HTTP call per segment); housekeeping is occasional.
        concurrency: queueName === 'publish' ? this.config.publishing.concurrency : 2,
        // At most once: a job whose worker died is failed, not silently run again.
        maxStalledCount: 0,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ job: job?.name, jobId: job?.id, err: error.message }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error.message }, 'worker error'));
      this.workers.push(worker);
    }
  }

  private async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    await handler(job.data);
  }

  /** Every worker is connected and consuming. */
  running(): boolean {
    return this.workers.length === QUEUE_NAMES.length && this.workers.every((w) => w.isRunning());
  }

  async onApplicationShutdown(): Promise<void> {
    // close() lets running jobs finish before it resolves.
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
