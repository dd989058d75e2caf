import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { dateOf, formatDate, formatDateTime, userTimeZone } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { ChartFigure } from './charts/ChartFigure';
import { lineOption } from './charts/chart-options';
import { type AnalyticsFilters, reportQuery } from './filters';
import { formatCount, type TimeSeries, withSample } from './figures';
import { SyntheticNote } from './SyntheticNote';

export function useTimeSeries(filters: AnalyticsFilters) {
  return useQuery({
    queryKey: ['analytics', 'series', filters],
    queryFn: () =>
      call(
        api.GET('/api/analytics/timeseries', {
          params: {
            query: { ...reportQuery(filters), interval: filters.interval, timezone: userTimeZone },
          },
        }),
      ),
  });
}

/** The bucket a decision falls in: the last one starting on or before its day (the series' days are the user's). */
function bucketOf(series: TimeSeries, at: string): string | undefined {
  const day = dateOf(at);
  return [...series.points].reverse().find((p) => p.start <= day)?.start;
}

/** A bucket's date as written, whatever the user's offset (noon UTC is another date at ±13 h). */
const dayLabel = (start: string) => formatDate(`${start}T12:00:00Z`, 'UTC');

/** Engagements per day or week, with the decisions taken in the range marked where they fall. */
export function SeriesChart({ series, tableOpen }: { series: TimeSeries; tableOpen?: boolean }) {
  const x = series.points.map((p) => dayLabel(p.start));
  const markers = series.decisions.flatMap((d) => {
    const bucket = bucketOf(series, d.at);
    return bucket ? [{ x: dayLabel(bucket), text: d.what }] : [];
  });
  const per = series.interval === 'week' ? 'week' : 'day';
  const summary =
    `Engagements and posts per ${per} over ${series.points.length} ${per}s` +
    (series.decisions.length > 0
      ? `, with ${series.decisions.length} decision${series.decisions.length === 1 ? '' : 's'} marked: ` +
        series.decisions.map((d) => `${d.what} (${formatDate(d.at)})`).join('; ')
      : '') +
    '.';
  return (
    <>
      <ChartFigure
        title={`Engagements per ${per}`}
        summary={summary}
        tableOpen={tableOpen}
        option={lineOption(
          x,
          [
            { name: 'Engagements', values: series.points.map((p) => p.figures.engagements.value) },
            { name: 'Posts', values: series.points.map((p) => p.figures.posts) },
          ],
          markers,
        )}
        table={{
          columns: [per === 'week' ? 'Week from' : 'Day', 'Posts', 'Engagements', 'Impressions'],
          rows: series.points.map((p) => [
            dayLabel(p.start),
            formatCount(p.figures.posts),
            withSample(p.figures.engagements),
            withSample(p.figures.impressions),
          ]),
        }}
      />
      {series.decisions.length > 0 && (
        <div>
          <h3>Decisions in this period</h3>
          <ul className="decision-markers">
            {series.decisions.map((d) => (
              <li key={d.id}>
                <time dateTime={d.at}>{formatDateTime(d.at)}</time>: <strong>{d.what}</strong> —{' '}
                {d.why}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

export function TimeSeriesSection({
  filters,
  onInterval,
}: {
  filters: AnalyticsFilters;
  onInterval: (interval: 'day' | 'week') => void;
}) {
  const series = useTimeSeries(filters);
  return (
    <section className="card stack" aria-labelledby="series-heading">
      <div className="card-header">
        <h2 id="series-heading">Over time</h2>
        <div className="segmented" role="group" aria-label="Interval">
          {(['day', 'week'] as const).map((i) => (
            <button
              key={i}
              type="button"
              className="btn btn-secondary"
              aria-pressed={filters.interval === i}
              onClick={() => onInterval(i)}
            >
              {i === 'day' ? 'By day' : 'By week'}
            </button>
          ))}
        </div>
      </div>
      {series.isPending ? (
        <Loading />
      ) : series.isError ? (
        <ErrorState error={series.error} onRetry={() => void series.refetch()} />
      ) : series.data.points.length === 0 ? (
        <p className="muted">No published posts with metrics in this period.</p>
      ) : (
        <>
          <SyntheticNote synthetic={series.data.synthetic} />
          <SeriesChart series={series.data} />
        </>
      )}
    </section>
  );
}
