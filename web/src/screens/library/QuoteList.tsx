import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useThemes } from '../../api/queries';
import { useCan } from '../../app/session';
import { FilterSelect } from '../../ui/Field';
import { humanize } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/states';
import {
  IDENTITY_RISKS,
  QuoteBadges,
  QuoteText,
  VERIFICATIONS,
  VETTING_STATUSES,
  attribution,
} from './library-bits';
import { LoadMore } from '../../ui/LoadMore';

/** Search state lives in the address, so a search can be bookmarked and shared. */
type FilterKey =
  'q' | 'theme' | 'language' | 'verification' | 'vettingStatus' | 'identityRisk' | 'usableNow';

export function QuoteList() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const themes = useThemes();
  const contribute = useCan('contributeToLibrary');
  const filter = (key: FilterKey) => params.get(key) ?? '';
  const setFilter = (key: FilterKey, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = {
    q: filter('q') || undefined,
    theme: filter('theme') ? [filter('theme')] : undefined,
    language: filter('language') ? [filter('language')] : undefined,
    verification: filter('verification')
      ? [filter('verification') as (typeof VERIFICATIONS)[number]]
      : undefined,
    vettingStatus: filter('vettingStatus')
      ? [filter('vettingStatus') as (typeof VETTING_STATUSES)[number]]
      : undefined,
    identityRisk: filter('identityRisk')
      ? [filter('identityRisk') as (typeof IDENTITY_RISKS)[number]]
      : undefined,
    usableNow: filter('usableNow') ? filter('usableNow') === 'true' : undefined,
  };
  const results = useInfiniteQuery({
    queryKey: ['quotes', query],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/library/quotes', {
          params: { query: { ...query, limit: 25, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', text.trim());
  };
  const exportUrl = `/api/library/quotes/export.csv?${params.toString()}`;
  const quotes = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Quote library</h1>
          <p className="muted">Published testimony with its provenance, vetted before use.</p>
        </div>
        <div className="actions">
          <a className="btn btn-secondary" href={exportUrl} download>
            Export CSV
          </a>
          {contribute && (
            <>
              <Link className="btn btn-secondary" to="/library/import">
                Import CSV
              </Link>
              <Link className="btn btn-primary" to="/library/new">
                Add quote
              </Link>
            </>
          )}
        </div>
      </div>
      <form className="filters card" onSubmit={search} role="search">
        <div className="field grow">
          <label htmlFor="quote-search">Search text and translations</label>
          <div className="input-with-button">
            <input
              id="quote-search"
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder='e.g. "holy war" or toilets -cleaning'
            />
            <button type="submit" className="btn btn-primary">
              Search
            </button>
          </div>
        </div>
        <div className="filter-row">
          <FilterSelect
            id="f-theme"
            label="Theme"
            value={filter('theme')}
            onChange={(v) => setFilter('theme', v)}
            options={[
              { value: '', label: 'Any theme' },
              ...(themes.data ?? []).map((t) => ({ value: t.key, label: t.name })),
            ]}
          />
          <div className="field">
            <label htmlFor="f-language">Language</label>
            <input
              id="f-language"
              value={filter('language')}
              onChange={(e) => setFilter('language', e.target.value.trim())}
              placeholder="en, ar…"
              size={6}
            />
          </div>
          <FilterSelect
            id="f-verification"
            label="Verification"
            value={filter('verification')}
            onChange={(v) => setFilter('verification', v)}
            options={[
              { value: '', label: 'Any' },
              ...VERIFICATIONS.map((v) => ({ value: v, label: humanize(v) })),
            ]}
          />
          <FilterSelect
            id="f-vetting"
            label="Vetting"
            value={filter('vettingStatus')}
            onChange={(v) => setFilter('vettingStatus', v)}
            options={[
              { value: '', label: 'Any' },
              ...VETTING_STATUSES.map((v) => ({ value: v, label: v })),
            ]}
          />
          <FilterSelect
            id="f-risk"
            label="Identity risk"
            value={filter('identityRisk')}
            onChange={(v) => setFilter('identityRisk', v)}
            options={[
              { value: '', label: 'Any' },
              ...IDENTITY_RISKS.map((v) => ({ value: v, label: v })),
            ]}
          />
          <FilterSelect
            id="f-usable"
            label="Usable now"
            value={filter('usableNow')}
            onChange={(v) => setFilter('usableNow', v)}
            options={[
              { value: '', label: 'Either' },
              { value: 'true', label: 'Usable' },
              { value: 'false', label: 'Not usable' },
            ]}
          />
        </div>
      </form>
      {results.isPending ? (
        <Loading label="Searching…" />
      ) : results.isError ? (
        <ErrorState error={results.error} onRetry={() => void results.refetch()} />
      ) : quotes.length === 0 ? (
        <Empty title="No quotes match">Try fewer filters or other words.</Empty>
      ) : (
        <>
          <ul className="quote-list" aria-label="Quotes">
            {quotes.map((q) => (
              <li key={q.id} className="card quote-card">
                <QuoteText quote={q} clamp />
                <div className="quote-card-footer">
                  <div>
                    <Link to={`/library/${q.id}`} className="quote-link">
                      {attribution(q)}
                    </Link>
                    <div className="muted small">
                      {q.themes.map(humanize).join(' · ')} · {q.language}
                    </div>
                  </div>
                  <QuoteBadges quote={q} />
                </div>
              </li>
            ))}
          </ul>
          <LoadMore pages={results} />
        </>
      )}
    </div>
  );
}
