import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../../api/client';
import { humanize } from '../../../ui/format';
import { ErrorState, Loading } from '../../../ui/states';
import { QuoteBadges, QuoteText, attribution } from '../../library/library-bits';

export function LinkedQuotes({ ids }: { ids: string[] }) {
  const quotes = useQuery({
    queryKey: ['quotes', 'linked', ids],
    queryFn: () =>
      Promise.all(
        ids.map((id) => call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } }))),
      ),
  });
  return (
    <section className="card stack" aria-labelledby="linked-quotes">
      <h2 id="linked-quotes">Quotes used</h2>
      {ids.length === 0 ? (
        <p className="muted">This post links no quote.</p>
      ) : quotes.isPending ? (
        <Loading />
      ) : quotes.isError ? (
        <ErrorState error={quotes.error} />
      ) : (
        quotes.data.map((q) => (
          <article key={q.id} className="linked-quote-card">
            <QuoteText quote={q} clamp />
            <div className="small">
              <Link to={`/library/${q.id}`}>{attribution(q)}</Link> ·{' '}
              <a href={q.source.url} target="_blank" rel="noreferrer noopener">
                {q.source.title}
              </a>
              {q.sourceLocator && <span className="muted"> · {q.sourceLocator}</span>}
            </div>
            <QuoteBadges quote={q} />
            {q.identityRiskFlags.length > 0 && (
              <div className="small muted">
                Could identify by: {q.identityRiskFlags.map(humanize).join(', ')}
              </div>
            )}
          </article>
        ))
      )}
    </section>
  );
}
