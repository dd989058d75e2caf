import { api, call } from '../../../api/client';
import { ReasonButton } from '../../../ui/ReasonButton';
import { type PostDetail, useRefreshPost } from './post-detail';

export function CancelButton({ post }: { post: PostDetail }) {
  const refresh = useRefreshPost(post.id);
  return (
    <ReasonButton
      label="Cancel post"
      title="Cancel this post"
      intro={<p>A cancelled post is never published. It stays on record.</p>}
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
      intro={<p>Every post of the thread is deleted from the channel. The record stays here.</p>}
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
