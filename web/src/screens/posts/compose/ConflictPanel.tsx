import { wordDiff } from '../../../posts/word-diff';

/** Someone else saved the post while this person edited it: their revision against this text. */
export interface EditConflict {
  revision: number;
  theirs: string[];
}

export function ConflictPanel({
  conflict,
  mine,
  merging,
  onUseMine,
  onUseTheirs,
  onMerge,
  busy,
}: {
  conflict: EditConflict;
  mine: readonly string[];
  merging: boolean;
  onUseMine: () => void;
  onUseTheirs: () => void;
  onMerge: () => void;
  busy: boolean;
}) {
  const count = Math.max(conflict.theirs.length, mine.length);
  return (
    <section className="card conflict" role="region" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">Someone saved this post while you were editing</h2>
      <p>
        Your text is kept below. Revision {conflict.revision} was saved meanwhile;{' '}
        <del>struck-through words</del> are only in that revision, <ins>underlined words</ins> only
        in your text.
      </p>
      <ol className="conflict-diff">
        {Array.from({ length: count }, (_, i) => (
          <li key={i} dir="auto">
            {wordDiff(conflict.theirs[i] ?? '', mine[i] ?? '').map((change, k) =>
              change.op === 'equal' ? (
                <span key={k}>{change.text}</span>
              ) : change.op === 'delete' ? (
                <del key={k}>{change.text}</del>
              ) : (
                <ins key={k}>{change.text}</ins>
              ),
            )}
          </li>
        ))}
      </ol>
      {merging ? (
        <p className="muted">
          Edit your text above to combine both, then save: it is saved on top of revision{' '}
          {conflict.revision}.
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={onUseMine}>
            Use mine
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={onUseTheirs}>
            Use theirs
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={onMerge}>
            Merge by hand
          </button>
        </div>
      )}
    </section>
  );
}
