import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { Field } from '../../../ui/Field';
import { ErrorState, Loading } from '../../../ui/states';
import { type PostDetail } from './post-detail';

type WordChange = Schemas['WordChangeDto'];

/**
 * The runs of a changed segment. A removed run directly followed by an added one ("quick" then
 * "slow") gets a space between them, or the two would read as one word ("quickslow"); the space
 * belongs to neither revision, so it sits outside both marks.
 */
const separated = (removed: WordChange, next: WordChange | undefined) =>
  next?.op === 'insert' && !/\s$/u.test(removed.text) && !/^\s/u.test(next.text);

function WordChanges({ words }: { words: WordChange[] }) {
  return words.map((w, j) =>
    w.op === 'insert' ? (
      <ins key={j}>{w.text}</ins>
    ) : w.op === 'delete' ? (
      <Fragment key={j}>
        <del>{w.text}</del>
        {separated(w, words[j + 1]) && ' '}
      </Fragment>
    ) : (
      <span key={j}>{w.text}</span>
    ),
  );
}

export function RevisionDiff({ post }: { post: PostDetail }) {
  const revisions = Array.from({ length: post.currentRevision }, (_, i) => i + 1);
  const [from, setFrom] = useState(
    post.approvedRevision && post.approvedRevision < post.currentRevision
      ? post.approvedRevision
      : post.currentRevision - 1,
  );
  const [to, setTo] = useState(post.currentRevision);
  const diff = useQuery({
    queryKey: ['diff', post.id, from, to],
    queryFn: () =>
      call(
        api.GET('/api/posts/{id}/diff', { params: { path: { id: post.id }, query: { from, to } } }),
      ),
  });
  return (
    <section className="card stack" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Changes between revisions</h2>
      <div className="inline-form">
        <Field label="From revision">
          {(p) => (
            <select {...p} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {revisions.map((r) => (
                <option key={r} value={r}>
                  {r}
                  {r === post.approvedRevision ? ' (approved)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="To revision">
          {(p) => (
            <select {...p} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {revisions.map((r) => (
                <option key={r} value={r}>
                  {r}
                  {r === post.currentRevision ? ' (current)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {diff.isPending ? (
        <Loading />
      ) : diff.isError ? (
        <ErrorState error={diff.error} />
      ) : (
        <ol className="diff">
          {diff.data.segments.map((s, i) => (
            <li key={i} className={`diff-${s.kind}`}>
              <span className="diff-kind">{s.kind}</span>
              <p dir="auto">
                {s.kind === 'changed' ? (
                  <WordChanges words={s.words} />
                ) : s.kind === 'added' ? (
                  <ins>{s.text}</ins>
                ) : s.kind === 'removed' ? (
                  <del>{s.text}</del>
                ) : (
                  s.text
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
