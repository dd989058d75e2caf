import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import {
  byId,
  type Campaign,
  type Channel,
  channelName,
  type Post,
  useCampaigns,
  useChannels,
} from '../../api/queries';
import { StatusBadge } from '../../ui/badges';
import { formatDateTime } from '../../ui/format';

export function usePost(id: string | undefined) {
  return useQuery({
    queryKey: ['post', id],
    queryFn: () => call(api.GET('/api/posts/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

/** The first words of a post's first segment (list endpoints carry ids only). */
function PostExcerpt({ id }: { id: string }) {
  const post = usePost(id);
  const segments = post.data?.revision.segments ?? [];
  if (post.isPending) return <span className="muted">Loading text…</span>;
  if (post.isError) return <span className="muted">Text unavailable</span>;
  const first = segments[0]?.text ?? '';
  return (
    <span className="excerpt" dir="auto">
      {first.length > 160 ? `${first.slice(0, 157)}…` : first}
      {segments.length > 1 && <span className="muted"> · thread of {segments.length}</span>}
    </span>
  );
}

export function useLookups(): { campaigns: Map<string, Campaign>; channels: Map<string, Channel> } {
  const campaigns = useCampaigns();
  const channels = useChannels();
  return { campaigns: byId(campaigns.data), channels: byId(channels.data) };
}

/** One post in a list: status, where, when, its opening words; links to the post page. */
export function PostRow({
  post,
  lookups,
  showTime = true,
}: {
  post: Post;
  lookups: ReturnType<typeof useLookups>;
  /** Off where the list already shows each post's time. */
  showTime?: boolean;
}) {
  const channel = lookups.channels.get(post.channelId);
  const campaign = lookups.campaigns.get(post.campaignId);
  return (
    <li className="post-row">
      <div className="post-row-meta">
        <StatusBadge status={post.status} />
        <span>{channelName(channel)}</span>
        <span className="muted">{campaign?.name ?? 'Unknown campaign'}</span>
        {showTime && post.scheduledAt && (
          <span className="muted">
            <time dateTime={post.scheduledAt}>{formatDateTime(post.scheduledAt)}</time>
          </span>
        )}
      </div>
      <Link to={`/posts/${post.id}`} className="post-row-link">
        <PostExcerpt id={post.id} />
      </Link>
      {post.statusReason && <div className="post-row-reason">{post.statusReason}</div>}
    </li>
  );
}
