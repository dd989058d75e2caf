import { useState } from 'react';
import { userTimeZone } from '../../ui/format';
import { type AnalyticsFilters, reportQuery } from './filters';
import type { GroupBy } from './GroupComparison';

const GROUPINGS: { value: GroupBy; label: string }[] = [
  { value: 'theme', label: 'theme (narrative)' },
  { value: 'language', label: 'language' },
  { value: 'channel', label: 'channel' },
  { value: 'campaign', label: 'campaign' },
  { value: 'quote', label: 'quote' },
  { value: 'defector', label: 'defector (display name)' },
  { value: 'format', label: 'format' },
  { value: 'weekday', label: 'weekday' },
  { value: 'hour', label: 'hour' },
];

const href = (path: string, query: Record<string, string>) =>
  `${path}?${new URLSearchParams(query)}`;

function Download({ to, children }: { to: string; children: string }) {
  return (
    <li>
      <a className="btn btn-secondary" href={to} download>
        {children}
      </a>
    </li>
  );
}

/** CSV files of every report with the screen's filters: the files hold what the charts show. */
export function Exports({ filters }: { filters: AnalyticsFilters }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('theme');
  const query = reportQuery(filters);
  const period = {
    ...(query.campaignId ? { campaignId: query.campaignId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
  return (
    <section className="card stack" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Exports</h2>
      <p className="muted">
        CSV files with the filters above. No file carries identifying details, internal notes or
        reviewer identities.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="export-group">Grouped report by</label>
          <select
            id="export-group"
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as GroupBy)}
          >
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ul className="export-links">
        <Download to={href('/api/analytics/report.csv', { ...query, groupBy })}>
          Grouped report (CSV)
        </Download>
        <Download
          to={href('/api/analytics/timeseries.csv', {
            ...query,
            interval: filters.interval,
            timezone: userTimeZone,
          })}
        >
          Over time (CSV)
        </Download>
        <Download to={href('/api/analytics/top-posts.csv', query)}>Top posts (CSV)</Download>
        <Download to={href('/api/analytics/top-posts.csv', { ...query, order: 'bottom' })}>
          Bottom posts (CSV)
        </Download>
        <Download to={href('/api/analytics/posts.csv', query)}>Per-post metrics (CSV)</Download>
        {filters.campaignId && (
          <Download to={`/api/analytics/campaigns/${filters.campaignId}/objectives.csv`}>
            Objectives (CSV)
          </Download>
        )}
        <Download to={href('/api/analytics/decisions.csv', period)}>Decision log (CSV)</Download>
      </ul>
    </section>
  );
}
