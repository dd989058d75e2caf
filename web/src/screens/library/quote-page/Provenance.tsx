import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import { formatDate, formatDateTime } from '../../../ui/format';
import { ErrorState } from '../../../ui/states';
import { type QuoteDetail, Section } from './quote-detail';

export function Provenance({ quote }: { quote: QuoteDetail }) {
  const source = useQuery({
    queryKey: ['source', quote.source.id],
    queryFn: () =>
      call(api.GET('/api/library/sources/{id}', { params: { path: { id: quote.source.id } } })),
  });
  const s = source.data;
  return (
    <Section title="Provenance">
      <dl className="facts">
        <dt>Outlet</dt>
        <dd>{quote.source.outlet}</dd>
        <dt>Title</dt>
        <dd>
          <a href={quote.source.url} target="_blank" rel="noreferrer noopener">
            {quote.source.title}
          </a>
        </dd>
        {s?.author && (
          <>
            <dt>Author</dt>
            <dd>{s.author}</dd>
          </>
        )}
        {s?.publishedOn && (
          <>
            <dt>Published</dt>
            <dd>{formatDate(s.publishedOn)}</dd>
          </>
        )}
        {s?.retrievedAt && (
          <>
            <dt>Retrieved</dt>
            <dd>{formatDateTime(s.retrievedAt)}</dd>
          </>
        )}
        {s?.archiveUrl && (
          <>
            <dt>Archived copy</dt>
            <dd>
              <a href={s.archiveUrl} target="_blank" rel="noreferrer noopener">
                {s.archiveUrl}
              </a>
            </dd>
          </>
        )}
        <dt>Where in it</dt>
        <dd>{quote.sourceLocator ?? <span className="muted">not given</span>}</dd>
      </dl>
      {source.isError && <ErrorState error={source.error} />}
    </Section>
  );
}
