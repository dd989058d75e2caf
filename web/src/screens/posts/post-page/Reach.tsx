import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import { formatDateTime } from '../../../ui/format';
import { ErrorState, Loading } from '../../../ui/states';
import { type PostDetail } from './post-detail';

/** Hours as people say them: +1 h, +3 d. */
const checkpointLabel = (hours: number) => (hours % 24 === 0 ? `+${hours / 24} d` : `+${hours} h`);

/** Public metrics at each checkpoint after publishing, summed over a thread's segments. */
export function Reach({ post }: { post: PostDetail }) {
  const snapshots = useQuery({
    queryKey: ['snapshots', post.id],
    queryFn: () =>
      call(
        api.GET('/api/analytics/posts/{id}/snapshots', { params: { path: { id: post.id } } }),
      ),
  });
  const taken = snapshots.data?.checkpoints.filter((c) => c.total !== null) ?? [];
  const next = snapshots.data?.checkpoints.find((c) => c.state !== 'taken');
  return (
    <section className="card stack" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Reach</h2>
      {snapshots.isPending ? (
        <Loading />
      ) : snapshots.isError ? (
        <ErrorState error={snapshots.error} />
      ) : taken.length === 0 ? (
        <p className="muted">
          {next
            ? `No metrics yet: the first reading is due ${formatDateTime(next.dueAt)}.`
            : 'No metrics: this post has not been published.'}
        </p>
      ) : (
        <div className="table-wrap">
          {taken.some((c) => c.synthetic) && (
            <p className="muted">Sandbox channel: these numbers are made up (synthetic).</p>
          )}
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Checkpoint</th>
                <th scope="col">Taken</th>
                <th scope="col">Impressions</th>
                <th scope="col">Likes</th>
                <th scope="col">Reposts</th>
                <th scope="col">Replies</th>
                <th scope="col">Quotes</th>
                <th scope="col">Bookmarks</th>
              </tr>
            </thead>
            <tbody>
              {taken.map((c) => (
                <tr key={c.checkpointHours}>
                  <th scope="row">{checkpointLabel(c.checkpointHours)}</th>
                  <td className="nowrap">
                    {c.takenAt && formatDateTime(c.takenAt)}
                    {c.late && ' (late)'}
                  </td>
                  <td>{c.total?.impressions ?? 'not available'}</td>
                  <td>{c.total?.likes}</td>
                  <td>{c.total?.reposts}</td>
                  <td>{c.total?.replies}</td>
                  <td>{c.total?.quotes}</td>
                  <td>{c.total?.bookmarks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
