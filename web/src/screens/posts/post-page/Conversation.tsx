import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field } from '../../../ui/Field';
import { formatDateTime, humanize } from '../../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../../ui/states';
import type { PostDetail } from './post-detail';

type Review = Schemas['ReviewEntryDto'];
type Comment = Schemas['CommentViewDto'];
type Revision = Schemas['RevisionDto'];

type Entry =
  | { kind: 'review'; at: string; review: Review }
  | { kind: 'comment'; at: string; comment: Comment };

const DECISION: Record<Review['decision'], string> = {
  approve: 'approved',
  request_changes: 'requested changes',
  reject: 'rejected',
};

/**
 * Reviews belong to the revision they decided on; a comment to the revision that was current
 * when it was written (the newest revision created before it).
 */
function byRevision(revisions: Revision[], reviews: Review[], comments: Comment[]) {
  const groups = new Map<number, Entry[]>(revisions.map((r) => [r.revision, []]));
  for (const review of reviews) {
    groups.get(review.revision)?.push({ kind: 'review', at: review.createdAt, review });
  }
  for (const comment of comments) {
    const concerned = revisions.findLast((r) => r.createdAt <= comment.createdAt) ?? revisions[0];
    if (concerned)
      groups.get(concerned.revision)?.push({ kind: 'comment', at: comment.createdAt, comment });
  }
  return revisions
    .map((revision) => ({
      revision,
      entries: groups.get(revision.revision)!.sort((a, b) => a.at.localeCompare(b.at)),
    }))
    .reverse();
}

function ReviewItem({ review }: { review: Review }) {
  return (
    <li className={`review-entry review-${review.decision}`}>
      <div className="muted small">
        <span className="comment-author">{review.reviewerName}</span> · {humanize(review.stage)}{' '}
        review · {formatDateTime(review.createdAt)}
      </div>
      <p>
        <strong>{DECISION[review.decision]}</strong>
        {review.comment && (
          <>
            : <span dir="auto">{review.comment}</span>
          </>
        )}
      </p>
    </li>
  );
}

/** Reviews and comments together, grouped under the revision they concern, newest revision first. */
export function Conversation({ post }: { post: PostDetail }) {
  const me = useMe();
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const path = { params: { path: { id: post.id } } };
  const comments = useQuery({
    queryKey: ['comments', post.id],
    queryFn: () => call(api.GET('/api/posts/{id}/comments', path)),
  });
  const reviews = useQuery({
    queryKey: ['reviews', post.id],
    queryFn: () => call(api.GET('/api/posts/{id}/reviews', path)),
  });
  const revisions = useQuery({
    queryKey: ['revisions', post.id, post.currentRevision],
    queryFn: () => call(api.GET('/api/posts/{id}/revisions', path)),
  });
  const add = useMutation({
    mutationFn: () =>
      call(api.POST('/api/posts/{id}/comments', { ...path, body: { body: body.trim() } })),
    onSuccess: () => {
      setBody('');
      void client.invalidateQueries({ queryKey: ['comments', post.id] });
    },
  });
  const failed = comments.error ?? reviews.error ?? revisions.error;
  return (
    <section className="card stack" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Reviews and comments</h2>
      {failed ? (
        <ErrorState error={failed} />
      ) : !comments.data || !reviews.data || !revisions.data ? (
        <Loading />
      ) : comments.data.length + reviews.data.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        byRevision(revisions.data, reviews.data, comments.data)
          .filter((group) => group.entries.length > 0)
          .map(({ revision, entries }) => (
            <div key={revision.revision} className="conversation-revision">
              <h3>
                Revision {revision.revision}
                {revision.revision === post.currentRevision && ' (current)'}
              </h3>
              {revision.revision !== post.currentRevision && (
                <details>
                  <summary>Text of revision {revision.revision}</summary>
                  {revision.segments.map((segment, i) => (
                    <p key={i} dir="auto" className="conversation-text">
                      {segment.text}
                    </p>
                  ))}
                </details>
              )}
              <ol className="comments">
                {entries.map((entry) =>
                  entry.kind === 'review' ? (
                    <ReviewItem key={`r${entry.review.id}`} review={entry.review} />
                  ) : (
                    <li key={`c${entry.comment.id}`}>
                      <div className="muted small">
                        <span className="comment-author">{entry.comment.authorName}</span>
                        {entry.comment.authorId === me.id && ' (you)'} ·{' '}
                        {formatDateTime(entry.comment.createdAt)}
                      </div>
                      <p dir="auto">{entry.comment.body}</p>
                    </li>
                  ),
                )}
              </ol>
            </div>
          ))
      )}
      {me.capabilities.commentOnPosts && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field label="Add a comment" name="body" error={add.error}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                dir="auto"
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          <ProblemMessage error={add.error} shownFields={['body']} />
          <div className="actions">
            <button
              type="submit"
              className="btn btn-secondary"
              disabled={add.isPending || !body.trim()}
            >
              Comment
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
