import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { formatDateTime, humanize } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/states';
import { type AnalyticsFilters, reportQuery } from './filters';
import { formatCount, formatRate, type PostMetrics } from './figures';
import { SyntheticNote } from './SyntheticNote';

function usePostRanking(filters: AnalyticsFilters, order: 'top' | 'bottom') {
  return useQuery({
    queryKey: ['analytics', 'posts', order, filters],
    queryFn: () =>
      call(
        api.GET('/api/analytics/top-posts', {
          params: { query: { ...reportQuery(filters), order, limit: 5 } },
        }),
      ),
  });
}

function PostRanking({ items }: { items: PostMetrics[] }) {
  if (items.length === 0) return <p className="muted">No published posts with metrics.</p>;
  return (
    <ol className="ranked-posts">
      {items.map((p) => (
        <li key={p.postId}>
          <Link to={`/posts/${p.postId}`}>
            {p.themes.length > 0 ? p.themes.map(humanize).join(', ') : 'Post'} · @
            {p.channelHandle.replace(/^@/, '')} · {p.language}
          </Link>
          <span className="muted">
            {' '}
            {formatDateTime(p.publishedAt)}
            {p.thread ? ' · thread' : ''}
          </span>
          <div className="ranked-figures">
            {formatCount(p.figures.engagements)} engagements · {formatCount(p.figures.impressions)}{' '}
            impressions · {formatRate(p.figures.engagementRate)} per 1,000 impressions
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The posts that engaged most and least, each linking to its page. */
export function TopPosts({ filters }: { filters: AnalyticsFilters }) {
  const top = usePostRanking(filters, 'top');
  const bottom = usePostRanking(filters, 'bottom');
  return (
    <section className="card stack" aria-labelledby="top-posts">
      <h2 id="top-posts">Top and bottom posts</h2>
      <p className="muted">By engagements at the compared checkpoint.</p>
      {top.isPending || bottom.isPending ? (
        <Loading />
      ) : top.isError || bottom.isError ? (
        <ErrorState error={top.error ?? bottom.error} />
      ) : (
        <>
          <SyntheticNote synthetic={top.data.synthetic || bottom.data.synthetic} />
          <div className="grid-2">
            <div>
              <h3>Most engagements</h3>
              <PostRanking items={top.data.items} />
            </div>
            <div>
              <h3>Fewest engagements</h3>
              <PostRanking items={bottom.data.items} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
