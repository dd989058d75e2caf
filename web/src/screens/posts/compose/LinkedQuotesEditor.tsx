import { Link } from 'react-router';
import { type Quote } from '../../../api/queries';
import { attribution } from '../../library/library-bits';

/** The quotes this post links (inserting a quote links it); each can be unlinked. */
export function LinkedQuotesEditor({
  quotes,
  onUnlink,
}: {
  quotes: Quote[];
  onUnlink: (id: string) => void;
}) {
  return (
    <section className="card stack" aria-labelledby="linked-heading">
      <h2 id="linked-heading">Quotes used</h2>
      {quotes.length === 0 ? (
        <p className="muted">Insert a quote from the list to link it to this post.</p>
      ) : (
        <ul className="plain-list">
          {quotes.map((q) => (
            <li key={q.id} className="linked-quote">
              <div>
                <Link to={`/library/${q.id}`}>{attribution(q)}</Link>
                <div className="muted small clamp-1" dir="auto">
                  {q.text}
                </div>
              </div>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => onUnlink(q.id)}
                aria-label={`Unlink quote from ${q.defector.displayName}`}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
