import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { BullmqJobQueue } from './bullmq-job-queue.js';
import { JobHandlers, JobQueue } from './job-queue.js';
import { JobWorkers } from './job-workers.js';
import { PublishScheduler } from './publish-wake-ups.js';
import { RedisLock } from './redis-lock.js';
import { QUEUE_NAMES } from './jobs.js';
import { producerRedisOptions } from './redis-options.js';

@Global()
@Module({})
export class QueueModule {
  static forConfig(config: AppConfig): DynamicModule {
    const runsWorkers = config.role !== 'api';
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({
          connection: producerRedisOptions(config.redis.url),
          prefix: config.redis.prefix,
          defaultJobOptions: {
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: { age: 30 * 24 * 3600 },
          },
        }),
        ...QUEUE_NAMES.map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [
        JobHandlers,
        RedisLock,
        PublishScheduler,
        { provide: JobQueue, useClass: BullmqJobQueue },
        ...(runsWorkers ? [JobWorkers] : []),
      ],
      exports: [
        JobQueue,
        JobHandlers,
        RedisLock,
        PublishScheduler,
        ...(runsWorkers ? [JobWorkers] : []),
      ],
    };
  }
}
