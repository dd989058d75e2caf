import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field } from '../../../ui/Field';
import { formatDateTime } from '../../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../../ui/states';

export function Comments({ postId }: { postId: string }) {
  const me = useMe();
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const comments = useQuery({
    queryKey: ['comments', postId],
    queryFn: () => call(api.GET('/api/posts/{id}/comments', { params: { path: { id: postId } } })),
  });
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/posts/{id}/comments', {
          params: { path: { id: postId } },
          body: { body: body.trim() },
        }),
      ),
    onSuccess: () => {
      setBody('');
      void client.invalidateQueries({ queryKey: ['comments', postId] });
    },
  });
  return (
    <section className="card stack" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <ErrorState error={comments.error} />
      ) : comments.data.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className="comments">
          {comments.data.map((c) => (
            <li key={c.id}>
              <div className="muted small">
                <span className="comment-author">{c.authorName}</span>
                {c.authorId === me.id && ' (you)'} · {formatDateTime(c.createdAt)}
              </div>
              <p dir="auto">{c.body}</p>
            </li>
          ))}
        </ol>
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
