import { Draggable } from '@fullcalendar/interaction';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { type Channel, channelName, type CalendarPost } from '../../api/queries';

/**
 * Approved posts without a time, to drag onto the grid; the button is the same placement for the
 * keyboard: the channel's first open slot.
 */
export function UnplacedPosts({
  posts,
  channels,
  onFirstOpenSlot,
  busy,
}: {
  posts: readonly CalendarPost[];
  channels: Map<string, Channel>;
  onFirstOpenSlot: (id: string) => void;
  busy: boolean;
}) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!list.current) return;
    const draggable = new Draggable(list.current, {
      itemSelector: '.unplaced-drag',
      eventData: (el) => ({
        id: el.dataset.postId,
        title: el.dataset.title,
        duration: '00:30',
        classNames: ['cal-event', 'status-approved'],
        extendedProps: { status: 'approved' },
      }),
    });
    return () => draggable.destroy();
  }, [posts.length]);
  if (posts.length === 0) return null;
  return (
    <section className="card unplaced" aria-labelledby="unplaced-heading">
      <h2 id="unplaced-heading">Approved, waiting for a time</h2>
      <p className="muted small">
        Drag one onto the week, or give it its channel’s first open slot.
      </p>
      <ul ref={list} className="unplaced-list">
        {posts.map((p) => (
          <li key={p.id} className="unplaced-item">
            <span
              className="unplaced-drag status-approved"
              data-post-id={p.id}
              data-title={channelName(channels.get(p.channelId))}
            >
              <span className="unplaced-channel">{channelName(channels.get(p.channelId))}</span>{' '}
              <Link to={`/posts/${p.id}`} dir="auto">
                {p.excerpt}
              </Link>
            </span>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={busy}
              onClick={() => onFirstOpenSlot(p.id)}
            >
              First open slot
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
