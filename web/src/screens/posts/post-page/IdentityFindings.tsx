import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Badge } from '../../../ui/badges';
import { Field } from '../../../ui/Field';
import { humanize } from '../../../ui/format';
import { ProblemMessage } from '../../../ui/states';
import { type PostDetail, useRefreshPost } from './post-detail';

export function IdentityFindings({ post }: { post: PostDetail }) {
  const me = useMe();
  const refresh = useRefreshPost(post.id);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const clear = useMutation({
    mutationFn: (detailId: string) =>
      call(
        api.POST('/api/posts/{id}/identity-clearances', {
          params: { path: { id: post.id } },
          body: { revision: post.currentRevision, detailId, note: (notes[detailId] ?? '').trim() },
        }),
      ),
    onSuccess: refresh,
  });
  const findings = post.review.identityFindings;
  if (findings.length === 0) return null;
  const mayClear = me.capabilities.clearIdentityMatches;
  return (
    <div className="stack">
      <h3>Identifying details found</h3>
      <ul className="plain-list">
        {findings.map(({ detailId, kind, segment, start, end, cleared }) => (
          <li key={`${segment}-${start}`} className="finding">
            <div>
              {/* Which detail matched is told to safety reviewers and admins only. */}
              Post {segment + 1}: “
              <mark>{post.revision.segments[segment]?.text.slice(start, end)}</mark>”{' '}
              {kind ? `matches a private ${humanize(kind)} detail` : 'names a private detail'}{' '}
              {cleared ? (
                <Badge tone="good">cleared</Badge>
              ) : (
                <Badge tone="danger">not cleared</Badge>
              )}
            </div>
            {!cleared && mayClear && detailId && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  clear.mutate(detailId);
                }}
              >
                <Field
                  label="Why it may be published (recorded)"
                  name="note"
                  error={clear.variables === detailId ? clear.error : undefined}
                  className="grow"
                >
                  {(p) => (
                    <input
                      {...p}
                      required
                      minLength={3}
                      value={notes[detailId] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [detailId]: e.target.value })}
                    />
                  )}
                </Field>
                <button type="submit" className="btn btn-secondary" disabled={clear.isPending}>
                  Clear
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <ProblemMessage error={clear.error} shownFields={['note']} />
    </div>
  );
}
