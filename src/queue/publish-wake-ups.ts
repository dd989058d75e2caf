import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue } from './job-queue.js';

export interface DuePost {
  id: string;
  currentRevision: number;
  scheduledAt: Date | null;
}

/**
 * Deterministic per post, revision and time: re-adding is a no-op, while a new revision or a new
 * time gets a new job (a completed job with the same id would block the re-add).
 */
export const publishJobId = (post: DuePost) =>
  `post-${post.id}-r${post.currentRevision}-t${post.scheduledAt!.getTime()}`;

/** Puts the wake-up call for a scheduled post into the queue when it falls within the horizon. */
@Injectable()
export class PublishScheduler {
  private readonly logger = new Logger(PublishScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
  ) {}

  withinHorizon(at: Date, now = Date.now()): boolean {
    return at.getTime() <= now + this.config.publishing.horizonMs;
  }

  /** Called after the scheduling transaction commits; a failure only delays the post to the next reconcile. */
  async wake(post: DuePost): Promise<void> {
    if (!post.scheduledAt || !this.withinHorizon(post.scheduledAt)) return;
    try {
      await this.queue.enqueue(
        'post.publish',
        { postId: post.id },
        { jobId: publishJobId(post), runAt: post.scheduledAt },
      );
    } catch (error) {
      this.logger.warn(
        { postId: post.id, err: (error as Error).message },
        'could not enqueue; the reconciler will',
      );
    }
  }
}
