import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { enumValues } from '../../api/enums';
import { channelName, useCampaigns, useChannels } from '../../api/queries';
import { useCan } from '../../app/session';
import { type PostStatus, statusLabel } from '../../ui/badges';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { PostRow, useLookups } from './post-bits';
import { LoadMore } from '../../ui/LoadMore';

const STATUSES = enumValues<PostStatus>()(
  'draft',
  'in_review',
  'approved',
  'rejected',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unknown',
  'held',
  'withdrawn',
  'cancelled',
  'deleted',
);

export function PostList() {
  const [params, setParams] = useSearchParams();
  const lookups = useLookups();
  const campaigns = useCampaigns();
  const channels = useChannels();
  const compose = useCan('composePosts');
  const status = params.get('status') as PostStatus | null;
  const campaignId = params.get('campaignId') ?? '';
  const channelId = params.get('channelId') ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = {
    status: status ? [status] : undefined,
    campaignId: campaignId || undefined,
    channelId: channelId || undefined,
  };
  const posts = useInfiniteQuery({
    queryKey: ['posts', 'list', query],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/posts', { params: { query: { ...query, limit: 25, cursor: pageParam } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = posts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Posts</h1>
          <p className="muted">Every post, newest first.</p>
        </div>
        {compose && (
          <Link className="btn btn-primary" to="/compose">
            New post
          </Link>
        )}
      </div>
      <div className="filters card filter-row">
        <div className="field">
          <label htmlFor="p-status">Status</label>
          <select
            id="p-status"
            value={status ?? ''}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-campaign">Campaign</label>
          <select
            id="p-campaign"
            value={campaignId}
            onChange={(e) => set('campaignId', e.target.value)}
          >
            <option value="">Any campaign</option>
            {campaigns.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-channel">Channel</label>
          <select
            id="p-channel"
            value={channelId}
            onChange={(e) => set('channelId', e.target.value)}
          >
            <option value="">Any channel</option>
            {channels.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {channelName(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {posts.isPending ? (
        <Loading />
      ) : posts.isError ? (
        <ErrorState error={posts.error} onRetry={() => void posts.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No posts match" />
      ) : (
        <>
          <ul className="post-list card" aria-label="Posts">
            {items.map((p) => (
              <PostRow key={p.id} post={p} lookups={lookups} />
            ))}
          </ul>
          <LoadMore pages={posts} />
        </>
      )}
    </div>
  );
}
