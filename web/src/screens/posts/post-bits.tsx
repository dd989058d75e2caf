import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import {
  byId,
  type Campaign,
  type Channel,
  channelName,
  type PostListItem,
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

/** The opening words of a post's current text, as list endpoints carry them. */
function PostExcerpt({ post }: { post: PostListItem }) {
  return (
    <span className="excerpt" dir="auto">
      {post.excerpt || <span className="muted">No text</span>}
      {post.segmentCount > 1 && <span className="muted"> · thread of {post.segmentCount}</span>}
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
  children,
}: {
  post: PostListItem;
  lookups: ReturnType<typeof useLookups>;
  /** Off where the list already shows each post's time. */
  showTime?: boolean;
  /** What the list adds about the post (a reviewer's comment). */
  children?: ReactNode;
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
        <PostExcerpt post={post} />
      </Link>
      {post.statusReason && <div className="post-row-reason">{post.statusReason}</div>}
      {children}
    </li>
  );
}
