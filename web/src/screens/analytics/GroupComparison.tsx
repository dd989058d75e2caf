import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { ErrorState, Loading } from '../../ui/states';
import { ChartFigure } from './charts/ChartFigure';
import { barOption } from './charts/chart-options';
import { type AnalyticsFilters, reportQuery } from './filters';
import {
  formatCount,
  formatRate,
  type GroupedReport,
  insufficientNote,
  withSample,
} from './figures';
import { SyntheticNote } from './SyntheticNote';

export type GroupBy = GroupedReport['groupBy'];

export function useGroupedReport(filters: AnalyticsFilters, groupBy: GroupBy) {
  return useQuery({
    queryKey: ['analytics', 'grouped', groupBy, filters],
    queryFn: () =>
      call(
        api.GET('/api/analytics/report', {
          params: { query: { ...reportQuery(filters), groupBy } },
        }),
      ),
  });
}

/** Groups side by side by engagement per 1,000 impressions; groups with too few posts say so. */
export function GroupChart({
  report,
  title,
  tableOpen,
}: {
  report: GroupedReport;
  title: string;
  tableOpen?: boolean;
}) {
  const bars = report.groups.map((g) => ({
    label: g.label,
    value: g.figures.engagementRate.value,
    insufficient: g.insufficient,
    n: g.figures.engagementRate.n,
  }));
  const few = report.groups.filter((g) => g.insufficient).length;
  const summary =
    `${title}, engagements per 1,000 impressions: ` +
    (report.groups
      .map(
        (g) =>
          `${g.label} ${g.insufficient ? 'too few posts' : formatRate(g.figures.engagementRate.value)} (${g.figures.posts} posts)`,
      )
      .join('; ') || 'no posts') +
    (few > 0 ? `. ${few} group${few === 1 ? ' has' : 's have'} too few posts to compare.` : '.') +
    ` All posts: ${formatRate(report.total.engagementRate.value)} (${report.total.posts} posts).`;
  return (
    <ChartFigure
      title={title}
      summary={summary}
      option={barOption(bars, 'Engagements per 1,000 impressions')}
      height={Math.max(140, 44 * bars.length + 48)}
      tableOpen={tableOpen}
      table={{
        columns: [
          'Group',
          'Posts',
          'Median engagements',
          'Engagements per 1,000 impressions',
          'Rank',
        ],
        rows: [
          ...report.groups.map((g) => [
            g.label,
            formatCount(g.figures.posts),
            withSample(g.figures.medianEngagements),
            withSample(g.figures.engagementRate, formatRate),
            g.insufficient ? insufficientNote(g.figures.posts, report.minSample) : (g.rank ?? '—'),
          ]),
          // The baseline each group is read against; a post in two groups counts once here.
          [
            'All posts',
            formatCount(report.total.posts),
            withSample(report.total.medianEngagements),
            withSample(report.total.engagementRate, formatRate),
            '—',
          ],
        ],
      }}
    />
  );
}

/** One breakdown section of the screen (narrative, language, channel). */
export function GroupComparison({
  filters,
  groupBy,
  title,
  intro,
}: {
  filters: AnalyticsFilters;
  groupBy: GroupBy;
  title: string;
  intro: string;
}) {
  const report = useGroupedReport(filters, groupBy);
  const id = `group-${groupBy}`;
  return (
    <section className="card stack" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{intro}</p>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.groups.length === 0 ? (
        <p className="muted">No published posts with metrics match these filters.</p>
      ) : (
        <>
          <SyntheticNote synthetic={report.data.synthetic} />
          <GroupChart report={report.data} title={title} />
        </>
      )}
    </section>
  );
}
