import { Queue } from 'bullmq';
import type { AppConfig } from '../../src/config/app-config.js';
import { type DuePost, PublishScheduler } from '../../src/queue/publish-wake-ups.js';
import { BullmqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { redisOptions } from '../../src/queue/redis-options.js';

const WAKE_CONCURRENCY = 100;

/**
 * The engine's own wake-up path (PublishScheduler.wake over BullmqJobQueue), as the API runs it
 * after a scheduling transaction commits: same job ids, job options and horizon rule.
 */
export class EngineWakeUps {
  private readonly queues: Queue[];
  private readonly scheduler: PublishScheduler;

  constructor(config: AppConfig) {
    const connection = redisOptions(config.redis.url);
    const publish = new Queue('publish', { connection, prefix: config.redis.prefix });
    const housekeeping = new Queue('housekeeping', { connection, prefix: config.redis.prefix });
    const notify = new Queue('notify', { connection, prefix: config.redis.prefix });
    this.queues = [publish, housekeeping, notify];
    this.scheduler = new PublishScheduler(
      config,
      new BullmqJobQueue(publish, housekeeping, notify),
    );
  }

  get publishQueue(): Queue {
    return this.queues[0]!;
  }

  async wake(posts: readonly DuePost[]): Promise<void> {
    for (let i = 0; i < posts.length; i += WAKE_CONCURRENCY) {
      await Promise.all(posts.slice(i, i + WAKE_CONCURRENCY).map((p) => this.scheduler.wake(p)));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
