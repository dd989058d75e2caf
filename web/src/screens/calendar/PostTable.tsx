import { Link } from 'react-router';
import { type Campaign, type Channel, channelName, type CalendarPost } from '../../api/queries';
import { StatusBadge } from '../../ui/badges';
import { formatDateTime } from '../../ui/format';
import { Empty } from '../../ui/states';

/** The grid's posts as a table: what a keyboard or screen-reader user reads instead of the grid. */
export function PostTable({
  posts,
  channels,
  campaigns,
  loading,
}: {
  posts: readonly CalendarPost[];
  channels: Map<string, Channel>;
  campaigns: Map<string, Campaign>;
  loading: boolean;
}) {
  return (
    <section className="card" aria-labelledby="agenda">
      <h2 id="agenda">In this view</h2>
      {posts.length === 0 ? (
        <Empty title={loading ? 'Loading…' : 'No posts in this period'} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Channel</th>
                <th scope="col">Campaign</th>
                <th scope="col">Text</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...posts]
                .sort((a, b) => a.scheduledAt!.localeCompare(b.scheduledAt!))
                .map((p) => (
                  <tr key={p.id} data-post-id={p.id}>
                    <td>{formatDateTime(p.scheduledAt)}</td>
                    <td>
                      <StatusBadge status={p.status} />
                    </td>
                    <td>{channelName(channels.get(p.channelId))}</td>
                    <td>{campaigns.get(p.campaignId)?.name ?? '—'}</td>
                    <td className="excerpt" dir="auto">
                      {p.excerpt}
                      {p.segmentCount > 1 && (
                        <span className="muted"> · thread of {p.segmentCount}</span>
                      )}
                    </td>
                    <td>
                      <Link to={`/posts/${p.id}`}>Open</Link>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
