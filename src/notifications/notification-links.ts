import type { AuditFact, NotificationEvent } from './notification-events.js';
import type { EventContext } from './notifications.repository.js';

/** Where the web UI shows what a notification is about. */
export function linkTo(
  publicUrl: string,
  target: { postId: string | null; channelId: string | null },
): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (target.postId) return `${base}/posts/${target.postId}`;
  return `${base}/settings/channels`;
}

/**
 * The JSON a webhook receiver gets: ids, statuses, links and the same safe title as the in-app
 * notification — nothing from the post's text, its quotes or review comments.
 */
export function webhookBody(
  publicUrl: string,
  row: AuditFact,
  event: NotificationEvent,
  context: EventContext,
  title: string,
): string {
  const after = (row.after ?? {}) as { status?: unknown };
  return JSON.stringify({
    id: `evt_${row.id}`,
    event: event.kind,
    occurredAt: row.at.toISOString(),
    title,
    post: event.postId
      ? {
          id: event.postId,
          status: typeof after.status === 'string' ? after.status : context.postStatus,
          url: linkTo(publicUrl, event),
        }
      : null,
    channel: context.channelId ? { id: context.channelId, handle: context.channelHandle } : null,
    ...(event.postId ? {} : { url: linkTo(publicUrl, event) }),
  });
}
