import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { PostRow, useLookups } from './post-bits';
import { LoadMore } from '../../ui/LoadMore';

export function ReviewQueue() {
  const lookups = useLookups();
  const queue = useInfiniteQuery({
    queryKey: ['review-queue', 'pages'],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/posts/review-queue', {
          params: { query: { limit: 50, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Review queue</h1>
          <p className="muted">
            Posts waiting for a stage you can approve, oldest first. Your own posts are not listed:
            someone else approves them.
          </p>
        </div>
      </div>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="Nothing to review">New submissions appear here.</Empty>
      ) : (
        <>
          <ul className="post-list card" aria-label="Posts to review">
            {items.map((p) => (
              <PostRow key={p.id} post={p} lookups={lookups} />
            ))}
          </ul>
          <LoadMore pages={queue} />
        </>
      )}
    </div>
  );
}
