import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { formatDateTime, humanize } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { PostRow, useLookups } from '../posts/post-bits';

/** The author's posts a reviewer sent back or rejected, with what the reviewer said. */
export function ChangesRequested() {
  const lookups = useLookups();
  const feedback = useQuery({
    queryKey: ['posts', 'feedback'],
    queryFn: () => call(api.GET('/api/posts/feedback')),
    refetchInterval: 60_000,
  });
  if (feedback.isPending) return <Loading />;
  if (feedback.isError) return <ErrorState error={feedback.error} />;
  if (feedback.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="changes-requested">
      <h2 id="changes-requested">Changes requested</h2>
      <ul className="post-list">
        {feedback.data.map(({ post, review }) => (
          <PostRow key={post.id} post={post} lookups={lookups}>
            <blockquote className="review-feedback" data-testid="review-feedback">
              <p>
                <strong>
                  {review.reviewerName}{' '}
                  {review.decision === 'reject' ? 'rejected it' : 'asked for changes'}
                </strong>{' '}
                <span className="muted">
                  ({humanize(review.stage)} review of revision {review.revision},{' '}
                  {formatDateTime(review.createdAt)})
                </span>
              </p>
              {review.comment && <p dir="auto">{review.comment}</p>}
            </blockquote>
          </PostRow>
        ))}
      </ul>
    </section>
  );
}
