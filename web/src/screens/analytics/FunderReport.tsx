import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { formatDate, formatDateTime } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { DecisionEntries } from './DecisionLog';
import { GroupChart } from './GroupComparison';
import { ObjectiveList } from './ObjectiveList';
import { SyntheticNote } from './SyntheticNote';

/**
 * The printable report for funders: objectives and their states, the narrative comparison, the
 * decision log and the method notes, one section per printed page. The server prints this very
 * page to PDF; `data-report-state` tells its browser when the page is complete.
 */
export function FunderReport() {
  const { campaignId = '' } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const report = useQuery({
    queryKey: ['analytics', 'funder-report', campaignId, from, to],
    queryFn: () =>
      call(
        api.GET('/api/analytics/campaigns/{id}/funder-report', {
          params: { path: { id: campaignId }, query: { from, to } },
        }),
      ),
  });
  if (report.isPending) return <Loading label="Preparing the report…" />;
  if (report.isError) {
    return (
      <div className="page" data-report-state="error">
        <h1>Funder report</h1>
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      </div>
    );
  }
  const r = report.data;
  const pdf = `/api/analytics/campaigns/${campaignId}/funder-report.pdf?${new URLSearchParams({ from, to })}`;
  return (
    <article className="page funder-report" data-report-state="ready">
      <header className="report-section report-cover">
        <p className="muted">Campaign evaluation</p>
        <h1>{r.campaign.name}</h1>
        <p>
          {formatDate(r.from)} – {formatDate(new Date(Date.parse(r.to) - 1).toISOString())}
        </p>
        <p className="muted">Generated {formatDateTime(r.generatedAt)}</p>
        <SyntheticNote synthetic={r.synthetic} />
        <dl className="report-facts">
          <dt>Goal</dt>
          <dd>{r.campaign.goal}</dd>
          <dt>Audience</dt>
          <dd>{r.campaign.audience}</dd>
        </dl>
        <div className="report-actions no-print">
          <button type="button" className="btn btn-primary" onClick={() => window.print()}>
            Print
          </button>
          <a className="btn btn-secondary" href={pdf} download>
            Download PDF
          </a>
          <Link className="btn btn-secondary" to={`/analytics?campaignId=${campaignId}`}>
            Back to Analytics
          </Link>
        </div>
      </header>
      <section className="report-section" aria-labelledby="r-objectives">
        <h2 id="r-objectives">Objectives and their state</h2>
        <ObjectiveList overview={r.objectives} timeZone={r.campaign.timezone} />
      </section>
      <section className="report-section" aria-labelledby="r-narratives">
        <h2 id="r-narratives">Results by narrative</h2>
        {r.narratives.groups.length === 0 ? (
          <p className="muted">No published posts with metrics in this period.</p>
        ) : (
          <GroupChart report={r.narratives} title="Narratives compared" tableOpen />
        )}
        {r.languages.groups.length > 0 && (
          <GroupChart report={r.languages} title="By language" tableOpen />
        )}
      </section>
      <section className="report-section" aria-labelledby="r-decisions">
        <h2 id="r-decisions">Decision log</h2>
        <DecisionEntries decisions={r.decisions} />
      </section>
      <section className="report-section" aria-labelledby="r-method">
        <h2 id="r-method">Method notes</h2>
        <ul>
          {r.methodNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
        <p>
          <strong>{r.privacyStatement}</strong>
        </p>
      </section>
    </article>
  );
}
