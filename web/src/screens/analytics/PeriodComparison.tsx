import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { FilterSelect } from '../../ui/Field';
import { formatDate, startOfDate, todayDate } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { type AnalyticsFilters, reportQuery } from './filters';
import { type Figure, formatCount, formatRate, insufficientNote, withSample } from './figures';
import type { GroupBy } from './GroupComparison';
import { SyntheticNote } from './SyntheticNote';

const LENGTHS = [7, 28, 91] as const;
type Length = (typeof LENGTHS)[number];

const DIMENSIONS: { value: GroupBy; label: string }[] = [
  { value: 'theme', label: 'Narrative' },
  { value: 'language', label: 'Language' },
  { value: 'channel', label: 'Channel' },
  { value: 'format', label: 'Format' },
];

/**
 * The last `days` calendar days up to the filters' last day (today without one) and as many
 * days before them, in the viewer's time zone (a day across a clock change still counts once).
 */
function periodsOf(filters: AnalyticsFilters, days: Length) {
  const end = startOfDate(filters.to || todayDate()).plus({ days: 1 });
  const middle = end.minus({ days });
  const start = middle.minus({ days });
  const iso = (at: typeof end) => at.toUTC().toISO()!;
  return {
    before: { from: iso(start), to: iso(middle) },
    recent: { from: iso(middle), to: iso(end) },
  };
}

/** "+4.2 (+12 %)": the recent rate against the one before; a dash where either is unknown. */
function change(before: Figure, recent: Figure): string {
  if (before.value === null || recent.value === null) return '—';
  const diff = recent.value - before.value;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const relative =
    before.value === 0 ? '' : ` (${sign}${Math.round(Math.abs(diff / before.value) * 100)} %)`;
  return `${sign}${formatRate(Math.abs(diff))}${relative}`;
}

/** The last day of a period that ends at the start of the day after it. */
const lastDay = (to: string) => formatDate(new Date(Date.parse(to) - 1));

function ComparisonTable({
  filters,
  days,
  groupBy,
}: {
  filters: AnalyticsFilters;
  days: Length;
  groupBy: GroupBy;
}) {
  const { before, recent } = periodsOf(filters, days);
  // The two periods replace the filters' own.
  const scope = reportQuery({ ...filters, from: '', to: '' });
  const query = {
    ...scope,
    aFrom: before.from,
    aTo: before.to,
    bFrom: recent.from,
    bTo: recent.to,
    groupBy,
  };
  const report = useQuery({
    queryKey: ['analytics', 'compare', query],
    queryFn: () => call(api.GET('/api/analytics/compare', { params: { query } })),
  });
  if (report.isPending) return <Loading />;
  if (report.isError) {
    return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  }
  const c = report.data;
  const beforeLabel = `${formatDate(before.from)} – ${lastDay(before.to)}`;
  const recentLabel = `${formatDate(recent.from)} – ${lastDay(recent.to)}`;
  const dimension = DIMENSIONS.find((d) => d.value === groupBy)!.label;
  return (
    <>
      <SyntheticNote synthetic={c.synthetic} />
      {/* Focusable so a keyboard can scroll a table wider than a phone. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Periods compared: table">
        <table className="table">
          <caption className="sr-only">
            Engagements per 1,000 impressions by {dimension.toLowerCase()}: {beforeLabel} against{' '}
            {recentLabel}
          </caption>
          <thead>
            <tr>
              <th scope="col">{dimension}</th>
              <th scope="col">Posts before → recent</th>
              <th scope="col">Before: {beforeLabel}</th>
              <th scope="col">Recent: {recentLabel}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {c.groups.map((g) => (
              <tr key={g.key} data-testid="compared-group">
                <th scope="row">{g.label}</th>
                <td>
                  {formatCount(g.a.posts)} → {formatCount(g.b.posts)}
                </td>
                <td>{withSample(g.a.engagementRate, formatRate)}</td>
                <td>{withSample(g.b.engagementRate, formatRate)}</td>
                <td>
                  {g.insufficient
                    ? insufficientNote(Math.min(g.a.posts, g.b.posts), c.minSample)
                    : change(g.a.engagementRate, g.b.engagementRate)}
                </td>
              </tr>
            ))}
            <tr className="table-total">
              <th scope="row">All posts</th>
              <td>
                {formatCount(c.a.figures.posts)} → {formatCount(c.b.figures.posts)}
              </td>
              <td>{withSample(c.a.figures.engagementRate, formatRate)}</td>
              <td>{withSample(c.b.figures.engagementRate, formatRate)}</td>
              <td>{change(c.a.figures.engagementRate, c.b.figures.engagementRate)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <a
        className="btn btn-secondary"
        href={`/api/analytics/compare.csv?${new URLSearchParams(query)}`}
        download
      >
        This comparison (CSV)
      </a>
    </>
  );
}

/**
 * Did a change work? The recent days against as many days before, by a dimension, with the
 * number of posts behind every figure. Asked for only when opened: it is not part of what the
 * screen shows first.
 */
export function PeriodComparison({ filters }: { filters: AnalyticsFilters }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState<Length>(28);
  const [groupBy, setGroupBy] = useState<GroupBy>('theme');
  return (
    <section
      className="card stack"
      aria-labelledby="compare-heading"
      data-testid="period-comparison"
    >
      <h2 id="compare-heading">Periods compared</h2>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Compare the recent days with as many days before</summary>
        <div className="row">
          <FilterSelect
            id="compare-days"
            label="Recent period"
            value={String(days)}
            onChange={(v) => setDays(Number(v) as Length)}
            options={LENGTHS.map((n) => ({ value: String(n), label: `Last ${n} days` }))}
          />
          <FilterSelect
            id="compare-by"
            label="By"
            value={groupBy}
            onChange={(v) => setGroupBy(v as GroupBy)}
            options={DIMENSIONS}
          />
        </div>
        {open && <ComparisonTable filters={filters} days={days} groupBy={groupBy} />}
      </details>
    </section>
  );
}
