import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BullmqJobQueue } from './bullmq-job-queue.js';
import { JobHandlers, JobQueue } from './job-queue.js';
import { JobWorkers } from './job-workers.js';
import { QUEUE_NAMES } from './jobs.js';
import { PublishScheduler } from './publish-wake-ups.js';
import { RedisLock } from './redis-lock.js';
import { producerRedisOptions } from './redis-options.js';

/**
 * The queue seam: every module that enqueues, registers a job handler or takes a Redis lock
 * imports this. Workers exist only in the worker and all roles; elsewhere JobWorkers is null, so
 * readiness checks them only where they run.
 */
@Module({
  imports: QUEUE_NAMES.map((name) => BullModule.registerQueue({ name })),
  providers: [
    JobHandlers,
    RedisLock,
    PublishScheduler,
    { provide: JobQueue, useClass: BullmqJobQueue },
    {
      provide: JobWorkers,
      inject: [APP_CONFIG, JobHandlers],
      useFactory: (config: AppConfig, handlers: JobHandlers) =>
        config.role === 'api' ? null : new JobWorkers(config, handlers),
    },
  ],
  exports: [JobQueue, JobHandlers, RedisLock, PublishScheduler, JobWorkers],
})
export class QueueModule {
  /** The Redis connection every queue uses, set up once by the app module. */
  static connection(config: AppConfig): DynamicModule {
    return BullModule.forRoot({
      connection: producerRedisOptions(config.redis.url),
      prefix: config.redis.prefix,
      defaultJobOptions: {
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
  }
}
