import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { formatDateTime } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { KIND_LABELS, notificationLink, type Notification } from './notification-queries';
import { LoadMore } from '../../ui/LoadMore';

const PAGE = 30;

/** The signed-in user's notifications, newest first; opening one marks it read. */
export function Notifications() {
  const client = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list'],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/notifications', {
          params: { query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    mutationFn: () => call(api.POST('/api/notifications/read-all')),
    onSuccess: refresh,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = items.some((n) => !n.readAt);
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <h1>Notifications</h1>
        <div className="actions">
          <Link to="/notifications/preferences" className="btn btn-secondary">
            Notification settings
          </Link>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!unread || readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            Mark all as read
          </button>
        </div>
      </div>
      <ProblemMessage error={readAll.error ?? readOne.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No notifications yet">
          You will hear here when a post needs you or something happens to yours.
        </Empty>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={() => !n.readAt && readOne.mutate(n.id)} />
          ))}
        </ul>
      )}
      <LoadMore pages={list} label="Show older" />
    </div>
  );
}

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: () => void }) {
  return (
    <li className={`notification ${n.readAt ? '' : 'notification-unread'}`}>
      <div className="notification-kind">
        {!n.readAt && <span className="sr-only">Unread: </span>}
        {KIND_LABELS[n.kind]}
      </div>
      <Link to={notificationLink(n)} onClick={onOpen} className="notification-title">
        {n.title}
      </Link>
      <time className="muted" dateTime={n.createdAt}>
        {formatDateTime(n.createdAt)}
      </time>
    </li>
  );
}
