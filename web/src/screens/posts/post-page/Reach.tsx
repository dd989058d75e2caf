import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import { formatDateTime } from '../../../ui/format';
import { ErrorState, Loading } from '../../../ui/states';
import { type PostDetail } from './post-detail';

/** Public metrics, sampled after publishing (+1 h, +24 h, +7 d). */
export function Reach({ post }: { post: PostDetail }) {
  const metrics = useQuery({
    queryKey: ['metrics', post.id],
    queryFn: () => call(api.GET('/api/posts/{id}/metrics', { params: { path: { id: post.id } } })),
  });
  return (
    <section className="card stack" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Reach</h2>
      {metrics.isPending ? (
        <Loading />
      ) : metrics.isError ? (
        <ErrorState error={metrics.error} />
      ) : metrics.data.length === 0 ? (
        <p className="muted">No metrics yet: the first sample is taken an hour after publishing.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
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
              {metrics.data.map((m) => (
                <tr key={`${m.takenAt}-${m.externalId}`}>
                  <td className="nowrap">{formatDateTime(m.takenAt)}</td>
                  <td>{m.impressions}</td>
                  <td>{m.likes}</td>
                  <td>{m.reposts}</td>
                  <td>{m.replies}</td>
                  <td>{m.quotes}</td>
                  <td>{m.bookmarks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
