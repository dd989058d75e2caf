import { api, call } from '../../../api/client';
import { countOf } from '../../../ui/format';
import { ReasonButton } from '../../../ui/ReasonButton';
import { type PostDetail, useRefreshPost } from './post-detail';

export function CancelButton({ post }: { post: PostDetail }) {
  const refresh = useRefreshPost(post.id);
  return (
    <ReasonButton
      label="Cancel post"
      title="Cancel this post"
      intro={
        <div className="consequences" role="status">
          <strong>What this will do</strong>
          <ul>
            <li>This post will never be published.</li>
            <li>It stays on record, and cannot be reopened.</li>
          </ul>
        </div>
      }
      rows={2}
      submitLabel="Cancel post"
      dismissLabel="Keep it"
      send={(reason) =>
        call(
          api.POST('/api/posts/{id}/cancel', {
            params: { path: { id: post.id } },
            body: { reason },
          }),
        )
      }
      onDone={refresh}
    />
  );
}

export function RetractButton({ post }: { post: PostDetail }) {
  const refresh = useRefreshPost(post.id);
  return (
    <ReasonButton
      label="Delete from platform"
      title="Delete this post from the platform"
      intro={<p>The record stays here, marked deleted.</p>}
      consequences={
        <div className="consequences" role="status">
          <strong>What this will do</strong>
          <ul>
            <li>
              {countOf(post.externalIds.length, 'post')} will be deleted from the platform
              {post.externalIds.length > 1 ? ' (the whole thread)' : ''}. This cannot be undone.
            </li>
          </ul>
        </div>
      }
      rows={2}
      minLength={3}
      submitLabel="Delete from platform"
      pendingLabel="Deleting…"
      dismissLabel="Keep it"
      send={(reason) =>
        call(
          api.POST('/api/posts/{id}/retract', {
            params: { path: { id: post.id } },
            body: { reason },
          }),
        )
      }
      onDone={refresh}
    />
  );
}
