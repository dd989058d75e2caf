import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { PostRow, useLookups } from './post-bits';

export function ReviewQueue() {
  const lookups = useLookups();
  const queue = useQuery({
    queryKey: ['review-queue'],
    queryFn: () => call(api.GET('/api/posts/review-queue')),
    refetchInterval: 60_000,
  });
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
      ) : queue.data.length === 0 ? (
        <Empty title="Nothing to review">New submissions appear here.</Empty>
      ) : (
        <ul className="post-list card" aria-label="Posts to review">
          {queue.data.map((p) => (
            <PostRow key={p.id} post={p} lookups={lookups} />
          ))}
        </ul>
      )}
    </div>
  );
}
