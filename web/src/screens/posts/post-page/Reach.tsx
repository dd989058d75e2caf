import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';
import { Badge } from '../../../ui/badges';
import { formatDateTime } from '../../../ui/format';
import { ErrorState, Loading } from '../../../ui/states';
import { ChartFigure } from '../../analytics/charts/ChartFigure';
import { lineOption } from '../../analytics/charts/chart-options';
import { formatCount } from '../../analytics/figures';
import { SyntheticNote } from '../../analytics/SyntheticNote';
import { type PostDetail } from './post-detail';

type Snapshots = Schemas['PostSnapshotsDto'];
type Counts = Schemas['MetricCountsDto'];

const engagements = (c: Counts) => c.likes + c.reposts + c.replies + c.quotes + c.bookmarks;

/** "1 h", "3 d": a checkpoint as people say it. */
function checkpointLabel(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24} d` : `${hours} h`;
}

/** The post's public metrics over its checkpoints: one line per segment of a thread, and the sum. */
function SnapshotCurve({ data }: { data: Snapshots }) {
  const taken = data.checkpoints.filter((c) => c.state === 'taken' && c.total);
  const x = taken.map((c) => checkpointLabel(c.checkpointHours));
  const thread = data.segmentCount > 1;
  const lines = [
    {
      name: thread ? 'Thread total' : 'Engagements',
      values: taken.map((c) => engagements(c.total!)),
    },
    ...(thread
      ? Array.from({ length: data.segmentCount }, (_, i) => ({
          name: `Part ${i + 1}`,
          values: taken.map((c) => {
            const s = c.segments.find((seg) => seg.segment === i);
            return s ? engagements(s) : null;
          }),
        }))
      : []),
  ];
  const last = taken.at(-1);
  const summary =
    `Engagements of this ${thread ? 'thread' : 'post'} over ${taken.length} checkpoints` +
    (last
      ? `, ${formatCount(engagements(last.total!))} at ${checkpointLabel(last.checkpointHours)}.`
      : '.');
  return (
    <ChartFigure
      title="Engagements after publishing"
      summary={summary}
      option={lineOption(x, lines)}
      height={220}
      table={{
        columns: [
          'Checkpoint',
          ...(thread ? ['Part'] : []),
          'Taken',
          'Impressions',
          'Likes',
          'Reposts',
          'Replies',
          'Quotes',
          'Bookmarks',
        ],
        rows: taken.flatMap((c) =>
          [
            { label: thread ? 'Total' : null, counts: c.total! },
            ...(thread
              ? c.segments.map((s) => ({ label: `Part ${s.segment + 1}`, counts: s }))
              : []),
          ].map(({ label, counts }) => [
            checkpointLabel(c.checkpointHours),
            ...(thread ? [label] : []),
            <span key="t" className="nowrap">
              {formatDateTime(c.takenAt)}
              {c.late && ' (late)'}
            </span>,
            formatCount(counts.impressions),
            formatCount(counts.likes),
            formatCount(counts.reposts),
            formatCount(counts.replies),
            formatCount(counts.quotes),
            formatCount(counts.bookmarks),
          ]),
        ),
      }}
    />
  );
}

/** Public metrics, sampled at checkpoints after publishing (1 h, 6 h, 1 d, 3 d, 7 d, 30 d). */
export function Reach({ post }: { post: PostDetail }) {
  const snapshots = useQuery({
    queryKey: ['snapshots', post.id],
    queryFn: () =>
      call(api.GET('/api/analytics/posts/{id}/snapshots', { params: { path: { id: post.id } } })),
  });
  const next = snapshots.data?.checkpoints.find((c) => c.state !== 'taken');
  return (
    <section className="card stack" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Reach</h2>
      {snapshots.isPending ? (
        <Loading />
      ) : snapshots.isError ? (
        <ErrorState error={snapshots.error} />
      ) : (
        <>
          <SyntheticNote synthetic={snapshots.data.checkpoints.some((c) => c.synthetic)} />
          {snapshots.data.checkpoints.some((c) => c.state === 'taken') ? (
            <SnapshotCurve data={snapshots.data} />
          ) : (
            <p className="muted">No metrics yet.</p>
          )}
          {next && (
            <p className="muted">
              Next checkpoint: {checkpointLabel(next.checkpointHours)} after publishing,{' '}
              {next.state === 'due' ? 'due now' : formatDateTime(next.dueAt)}.{' '}
              {next.state === 'due' && <Badge tone="info">collecting</Badge>}
            </p>
          )}
        </>
      )}
    </section>
  );
}
