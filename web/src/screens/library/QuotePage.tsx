import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { useThemes } from '../../api/queries';
import { useMe } from '../../app/session';
import { Chips } from '../../ui/badges';
import { humanize } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { QuoteBadges, QuoteText } from './library-bits';
import { Section } from './quote-page/quote-detail';
import { Provenance } from './quote-page/Provenance';
import { Consent } from './quote-page/Consent';
import { VettingPanel } from './quote-page/VettingPanel';
import { RetractButton, Verification } from './quote-page/Verification';

export function QuotePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const themes = useThemes();
  const quote = useQuery({
    queryKey: ['quote', id],
    queryFn: () => call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } })),
  });
  if (quote.isPending) return <Loading />;
  if (quote.isError) return <ErrorState error={quote.error} onRetry={() => void quote.refetch()} />;
  const q = quote.data;
  const retracted = q.verification === 'retracted';
  const themeName = (key: string) => themes.data?.find((t) => t.key === key)?.name ?? humanize(key);
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/library">Quote library</Link> /{' '}
        <Link to={`/library/defectors/${q.defector.id}`}>{q.defector.displayName}</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>Quote from {q.defector.displayName}</h1>
          <QuoteBadges quote={q} />
        </div>
        <div className="actions">
          {me.capabilities.composePosts && q.usable && (
            <Link className="btn btn-primary" to={`/compose?quote=${q.id}`}>
              Use in a post
            </Link>
          )}
          {me.capabilities.editQuotes && !retracted && (
            <Link className="btn btn-secondary" to={`/library/${q.id}/edit`}>
              Edit
            </Link>
          )}
          {me.capabilities.retractQuotes && !retracted && <RetractButton quote={q} />}
        </div>
      </div>
      <div className="grid-2">
        <div className="stack">
          <section className="card" aria-label="Quote text">
            <QuoteText quote={q} />
            {q.translation && (
              <div className="translation">
                <h3>Translation ({q.translationLanguage})</h3>
                <blockquote dir="auto" lang={q.translationLanguage ?? undefined}>
                  {q.translation}
                </blockquote>
                {q.translator && <div className="muted small">Translated by {q.translator}</div>}
              </div>
            )}
            <dl className="facts">
              <dt>Language</dt>
              <dd>{q.language}</dd>
              <dt>Themes</dt>
              <dd>{q.themes.map(themeName).join(', ')}</dd>
              <dt>Rebuts</dt>
              <dd>{q.rebutsClaim ?? <span className="muted">not given</span>}</dd>
            </dl>
          </section>
          <Section title="Risk and flags">
            <dl className="facts">
              <dt>Identity risk</dt>
              <dd>{q.identityRisk}</dd>
              <dt>Could identify by</dt>
              <dd>
                <Chips values={q.identityRiskFlags} tone="warn" />
              </dd>
              <dt>Legal flags</dt>
              <dd>
                <Chips values={q.legalFlags} tone="danger" />
              </dd>
              <dt>Sensitive content</dt>
              <dd>
                <Chips values={q.sensitivityFlags} tone="warn" />
              </dd>
            </dl>
          </Section>
          <Provenance quote={q} />
        </div>
        <div className="stack">
          <VettingPanel quote={q} />
          <Verification quote={q} />
          <Consent quote={q} />
        </div>
      </div>
    </div>
  );
}
