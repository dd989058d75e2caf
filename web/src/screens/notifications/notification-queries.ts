import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type Notification = Schemas['NotificationDto'];
export type NotificationKind = Notification['kind'];

/** Refreshed often and on focus: the bell is how people learn that something needs them. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: async () => (await call(api.GET('/api/notifications/unread-count'))).unread,
    refetchInterval: 30_000,
  });
}

export const KIND_LABELS: Record<NotificationKind, string> = {
  review_requested: 'Review requested of me',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  published: 'Published',
  failed: 'Publishing failed',
  held: 'Held',
  unknown: 'Publication unconfirmed',
  channel_needs_reconnect: 'Channel needs reconnecting',
  quote_retracted: 'Quote in my post retracted',
};

/** Where the web UI shows what a notification is about. */
export function notificationLink(n: Notification): string {
  return n.postId ? `/posts/${n.postId}` : '/settings/channels';
}
