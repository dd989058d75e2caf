import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Badge } from '../../../ui/badges';
import { humanize } from '../../../ui/format';
import { Empty, ErrorState, Loading } from '../../../ui/states';
import { QuoteBadges, QuoteText } from '../library-bits';
import { Section } from '../quote-page/quote-detail';
import { IdentifyingDetails } from './IdentifyingDetails';

/**
 * A defector's page: the facts every library reader may see, their quotes, and, for safety
 * reviewers and admins only, the identifying details the identity check looks for. Other roles
 * get no trace of the section, not even a count.
 */
export function DefectorPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const defector = useQuery({
    queryKey: ['defector', id],
    queryFn: () => call(api.GET('/api/library/defectors/{id}', { params: { path: { id } } })),
  });
  const quotes = useQuery({
    queryKey: ['quotes', { defectorId: id }],
    queryFn: () =>
      call(api.GET('/api/library/quotes', { params: { query: { defectorId: id, limit: 50 } } })),
  });
  if (defector.isPending) return <Loading />;
  if (defector.isError)
    return <ErrorState error={defector.error} onRetry={() => void defector.refetch()} />;
  const d = defector.data;
  const items = quotes.data?.items ?? [];
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/library">Quote library</Link> / {d.displayName}
      </nav>
      <div className="page-header">
        <div>
          <h1>{d.displayName}</h1>
          <Badge tone={d.consentStatus === 'withdrawn' ? 'danger' : 'good'}>
            {`Consent: ${humanize(d.consentStatus)}`}
          </Badge>
        </div>
      </div>
      <div className="grid-2">
        <div className="stack">
          <Section title="About">
            <dl className="facts">
              <dt>Name as published</dt>
              <dd>{d.displayName}</dd>
              <dt>Nationality</dt>
              <dd>{d.nationality ?? '—'}</dd>
              <dt>Age as reported</dt>
              <dd>{d.ageAsReported ?? '—'}</dd>
              <dt>Gender</dt>
              <dd>{d.gender ?? '—'}</dd>
              {d.internalNotes && (
                <>
                  <dt>Internal notes</dt>
                  <dd>{d.internalNotes}</dd>
                </>
              )}
            </dl>
          </Section>
          <Section title="Quotes">
            {quotes.isPending ? (
              <Loading />
            ) : quotes.isError ? (
              <ErrorState error={quotes.error} onRetry={() => void quotes.refetch()} />
            ) : items.length === 0 ? (
              <Empty title="No quotes yet" />
            ) : (
              <ul className="plain-list stack">
                {items.map((q) => (
                  <li key={q.id}>
                    <QuoteText quote={q} clamp />
                    <QuoteBadges quote={q} />
                    <div>
                      <Link to={`/library/${q.id}`}>Open quote</Link>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
        <div className="stack">
          {me.capabilities.seeIdentifyingDetails && <IdentifyingDetails defectorId={d.id} />}
        </div>
      </div>
    </div>
  );
}
