/**
 * The typed map from job name to payload. Payloads carry ids only; the database row carries
 * the state. Every name here must have exactly one handler (checked when workers start).
 */
export interface JobPayloads {
  'sessions.purge-expired': Record<string, never>;
  /** Wake-up call for one post; the row says whether it is still due. */
  'post.publish': { postId: string };
  'metrics.collect': Record<string, never>;
  /** Fans new audit events out to notifications, emails and webhooks; re-wakes lost deliveries. */
  'notifications.sweep': Record<string, never>;
  /** Wake-up call for one email delivery row; the row says whether it is still due. */
  'notifications.email': { deliveryId: string };
  /** Wake-up call for one webhook delivery row. */
  'notifications.webhook': { deliveryId: string };
}

export type JobName = keyof JobPayloads;

export const QUEUE_NAMES = ['publish', 'housekeeping', 'notify'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  'sessions.purge-expired': 'housekeeping',
  'post.publish': 'publish',
  'metrics.collect': 'housekeeping',
  'notifications.sweep': 'housekeeping',
  // Their own queue, so a slow webhook receiver never delays publishing or housekeeping.
  'notifications.email': 'notify',
  'notifications.webhook': 'notify',
};

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
