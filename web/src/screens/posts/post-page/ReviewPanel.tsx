import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field } from '../../../ui/Field';
import { ProblemMessage } from '../../../ui/states';
import { type PostDetail, useRefreshPost } from './post-detail';
import { IdentityFindings } from './IdentityFindings';

type Stage = PostDetail['review']['requiredStages'][number];

export function ReviewPanel({ post }: { post: PostDetail }) {
  const me = useMe();
  const refresh = useRefreshPost(post.id);
  const [comment, setComment] = useState('');
  const myStages = post.review.pendingStages.filter((s) => me.reviewStages.includes(s));
  const [stage, setStage] = useState<Stage | ''>('');
  const chosen = (stage && myStages.includes(stage) ? stage : myStages[0]) as Stage | undefined;
  const review = useMutation({
    mutationFn: (decision: Schemas['ReviewPostDto']['decision']) =>
      call(
        api.POST('/api/posts/{id}/reviews', {
          params: { path: { id: post.id } },
          body: {
            revision: post.currentRevision,
            stage: chosen!,
            decision,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setComment('');
      await refresh();
    },
  });
  const ownWork = post.authorId === me.id || post.lastRevisedBy === me.id;
  const uncleared = post.review.identityFindings.some((f) => !f.cleared);
  const reviewing = post.status === 'in_review';
  // Whether a review may be recorded now is the server's call (its transition table).
  const mayReview = post.availableActions.includes('approve_stage');
  return (
    <section className="card stack" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <div className="stages">
        {post.review.requiredStages.map((s) => (
          <span
            key={s}
            className={`stage ${post.review.approvedStages.includes(s) ? 'stage-done' : 'stage-pending'}`}
          >
            {post.review.approvedStages.includes(s) ? '✓ ' : ''}
            {s}
          </span>
        ))}
      </div>
      <IdentityFindings post={post} />
      {reviewing && myStages.length === 0 && (
        <p className="muted">
          Waiting for {post.review.pendingStages.join(', ') || 'nothing'}
          {post.review.pendingStages.length > 0 && ' review'}.
        </p>
      )}
      {mayReview && myStages.length > 0 && (
        <div className="stack">
          {myStages.length > 1 && (
            <Field label="Stage">
              {(p) => (
                <select {...p} value={chosen} onChange={(e) => setStage(e.target.value as Stage)}>
                  {myStages.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            label={`Comment for the ${chosen} review`}
            name="comment"
            error={review.error}
            hint="Required to request changes or reject."
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          {ownWork && (
            <div className="alert alert-info" role="note">
              You wrote or last revised this post, so another reviewer must approve it.
            </div>
          )}
          {uncleared && !ownWork && (
            <div className="alert alert-warn" role="note">
              {me.capabilities.clearIdentityMatches
                ? 'Clear each identifying detail above before approving.'
                : 'A safety reviewer must clear every identifying detail before approval.'}
            </div>
          )}
          <ProblemMessage error={review.error} shownFields={['comment']} />
          <div className="actions">
            {!ownWork && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={review.isPending || uncleared}
                onClick={() => review.mutate('approve')}
              >
                Approve {chosen}
              </button>
            )}
            <button
              type="button"
              className="btn btn-secondary"
              disabled={review.isPending || !comment.trim()}
              onClick={() => review.mutate('request_changes')}
            >
              Request changes
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={review.isPending || !comment.trim()}
              onClick={() => review.mutate('reject')}
            >
              Reject
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
