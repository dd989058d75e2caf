import type { JobName } from '../queue/jobs.js';
import type { Outbox } from './deliveries.repository.js';

/** A claim older than this belongs to a worker that vanished; its delivery is tried again. */
export const CLAIM_STALE_MS = 5 * 60_000;

export const JOB_OF: Readonly<Record<Outbox, JobName>> = {
  email: 'notifications.email',
  webhook: 'notifications.webhook',
};

/**
 * Deterministic per delivery and attempt: re-adding a waiting wake-up is a no-op, and the next
 * attempt gets a new id.
 */
export const deliveryJobId = (outbox: Outbox, deliveryId: string, attempts: number) =>
  `${outbox}-${deliveryId}-a${attempts}`;

/** When the next attempt is due after `attempts` failed ones, or null to give up. */
export function nextAttemptAt(
  attempts: number,
  policy: { retryBaseMs: number; maxAttempts: number },
  now = Date.now(),
): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  return new Date(now + policy.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}
