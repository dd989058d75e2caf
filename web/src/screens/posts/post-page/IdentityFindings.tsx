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
        {findings.map((f) => (
          <li key={`${f.detailId}-${f.segment}-${f.start}`} className="finding">
            <div>
              Post {f.segment + 1}: “<mark>{f.matchedText}</mark>” matches a private{' '}
              {humanize(f.kind)} detail{' '}
              {f.cleared ? (
                <Badge tone="good">cleared</Badge>
              ) : (
                <Badge tone="danger">not cleared</Badge>
              )}
            </div>
            {!f.cleared && mayClear && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  clear.mutate(f.detailId);
                }}
              >
                <Field
                  label="Why it may be published (recorded)"
                  name="note"
                  error={clear.variables === f.detailId ? clear.error : undefined}
                  className="grow"
                >
                  {(p) => (
                    <input
                      {...p}
                      required
                      minLength={3}
                      value={notes[f.detailId] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [f.detailId]: e.target.value })}
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
