import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { byId, type Channel, channelName, useChannels } from '../api/queries';
import { formatDateTime } from '../ui/format';
import { Empty, ErrorState, Loading } from '../ui/states';
import { LoadMore } from '../ui/LoadMore';

type SandboxPost = Schemas['SandboxPostDto'];

/** Replies join the post they answer, so a thread reads top to bottom as on X. */
function threads(items: readonly SandboxPost[]): SandboxPost[][] {
  const byExternalId = new Map(items.map((p) => [p.externalId, p]));
  const rootOf = (post: SandboxPost): SandboxPost => {
    let current = post;
    for (let parent = byExternalId.get(current.inReplyTo ?? ''); parent;) {
      current = parent;
      parent = byExternalId.get(current.inReplyTo ?? '');
    }
    return current;
  };
  const groups = new Map<string, SandboxPost[]>();
  for (const post of items) {
    const root = rootOf(post).externalId;
    groups.set(root, [...(groups.get(root) ?? []), post]);
  }
  return [...groups.values()]
    .map((thread) => [...thread].sort((a, b) => a.id - b.id))
    .sort((a, b) => b[0]!.id - a[0]!.id);
}

function FeedPost({ post, channel }: { post: SandboxPost; channel: Channel | undefined }) {
  const handle = channel?.handle.replace(/^@/, '') ?? 'sandbox';
  const name = channel?.displayName ?? handle;
  return (
    <li className={`x-post ${post.deleted ? 'x-deleted' : ''}`}>
      <div className="x-avatar" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </div>
      <div className="x-body">
        <div className="x-head">
          <strong>{name}</strong> <span className="muted">@{handle}</span>{' '}
          <span className="muted">
            · <time dateTime={post.createdAt}>{formatDateTime(post.createdAt)}</time>
          </span>
        </div>
        {post.deleted ? (
          <p className="x-text muted">This post was deleted.</p>
        ) : (
          <p className="x-text" dir="auto">
            {post.text}
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * What the sandbox channels published, newest first, as a follower would see it: rehearsals
 * and training publish here instead of to X.
 */
export function SandboxFeed() {
  const channels = useChannels();
  const [channelId, setChannelId] = useState('');
  const feed = useInfiniteQuery({
    queryKey: ['sandbox-feed', channelId],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/sandbox/feed', {
          params: { query: { channelId: channelId || undefined, limit: 50, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  const sandboxes = (channels.data ?? []).filter((c) => c.platform === 'sandbox');
  const channelById = byId(channels.data);
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Sandbox feed</h1>
          <p className="muted">
            What the sandbox channels published: rehearse a campaign without posting to X.
          </p>
        </div>
        {sandboxes.length > 1 && (
          <div className="field">
            <label htmlFor="feed-channel">Channel</label>
            <select
              id="feed-channel"
              value={channelId}
              onChange={(e) => setChannelId(e.target.value)}
            >
              <option value="">All sandbox channels</option>
              {sandboxes.map((c) => (
                <option key={c.id} value={c.id}>
                  {channelName(c)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {feed.isPending ? (
        <Loading />
      ) : feed.isError ? (
        <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="Nothing published yet">
          Posts scheduled on a sandbox channel appear here once they are published.
        </Empty>
      ) : (
        <>
          <ul className="feed card" aria-label="Sandbox posts">
            {threads(items).map((thread) => (
              <li key={thread[0]!.externalId} className="feed-item">
                <ol className="x-thread">
                  {thread.map((post) => (
                    <FeedPost key={post.id} post={post} channel={channelById.get(post.channelId)} />
                  ))}
                </ol>
              </li>
            ))}
          </ul>
          <LoadMore pages={feed} label="Older posts" />
        </>
      )}
    </div>
  );
}
