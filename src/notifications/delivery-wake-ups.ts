import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../queue/job-queue.js';
import type { Outbox } from './deliveries.repository.js';
import { deliveryJobId, JOB_OF } from './delivery-schedule.js';

/**
 * Puts delivery wake-up calls into the queue; a lost one is re-added by the sweep (finished jobs
 * of the notify queue are removed, so an id never blocks a re-add).
 */
@Injectable()
export class DeliveryWakeUps {
  private readonly logger = new Logger(DeliveryWakeUps.name);

  constructor(private readonly queue: JobQueue) {}

  async wake(outbox: Outbox, deliveryId: string, attempts: number, runAt?: Date): Promise<void> {
    try {
      await this.queue.enqueue(
        JOB_OF[outbox],
        { deliveryId },
        { jobId: deliveryJobId(outbox, deliveryId, attempts), ...(runAt ? { runAt } : {}) },
      );
    } catch (error) {
      this.logger.warn(
        { outbox, deliveryId, err: (error as Error).message },
        'could not enqueue; the sweep will',
      );
    }
  }
}
