import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type EnqueueOptions, JobQueue } from './job-queue.js';
import { JOB_QUEUE, type JobName, type JobPayloads, type QueueName } from './jobs.js';

const PING_TIMEOUT_MS = 2_000;

@Injectable()
export class BullmqJobQueue extends JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue('publish') publish: Queue,
    @InjectQueue('housekeeping') housekeeping: Queue,
    @InjectQueue('notify') notify: Queue,
  ) {
    super();
    this.queues = { publish, housekeeping, notify };
  }

  private queueFor(name: JobName): Queue {
    return this.queues[JOB_QUEUE[name]];
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.queueFor(name).add(name, payload, {
      // A finished or failed wake-up must not block a later one with the same id (the reconciler
      // re-adds it): the database claim, not job retention, stops a second publication, and
      // publish_attempts keeps the record.
      // The same holds for notification deliveries: their outbox row, not the job, is the record.
      ...(JOB_QUEUE[name] !== 'housekeeping' ? { removeOnComplete: true, removeOnFail: true } : {}),
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.runAt ? { delay: Math.max(0, options.runAt.getTime() - Date.now()) } : {}),
    });
  }

  async remove(name: JobName, jobId: string): Promise<void> {
    try {
      await this.queueFor(name).remove(jobId);
    } catch {
      // A locked (running) job cannot be removed; the database claim makes it harmless anyway.
    }
  }

  async schedule<N extends JobName>(
    name: N,
    everyMs: number,
    payload: JobPayloads[N],
  ): Promise<void> {
    await this.queueFor(name).upsertJobScheduler(name, { every: everyMs }, { name, data: payload });
  }

  async depth(): Promise<Record<string, number>> {
    const entries = await Promise.all(
      Object.entries(this.queues).map(async ([queueName, queue]) => {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        return [queueName, Object.values(counts).reduce((a, b) => a + b, 0)] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  publishConsumers(): Promise<number> {
    return this.queues.publish.getWorkersCount();
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        // A real round trip through the same fail-fast connection requests use.
        this.queues.housekeeping.getJobCounts('waiting'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('Redis did not answer in time')),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
