import { Link } from 'react-router';
import { type Campaign, type Channel, channelName, type CalendarPost } from '../../api/queries';
import { StatusBadge } from '../../ui/badges';
import { formatDate, formatTime } from '../../ui/format';

export interface OpenSlot {
  channelId: string;
  at: string;
}

type Entry =
  { kind: 'post'; at: string; post: CalendarPost } | { kind: 'slot'; at: string; slot: OpenSlot };

/** The calendar as a list of days: the whole calendar on phones, where a grid cannot fit. */
export function AgendaList({
  posts,
  slots,
  channels,
  campaigns,
  loading,
}: {
  posts: readonly CalendarPost[];
  slots: readonly OpenSlot[];
  channels: Map<string, Channel>;
  campaigns: Map<string, Campaign>;
  loading: boolean;
}) {
  const entries: Entry[] = [
    ...posts.map((post): Entry => ({ kind: 'post', at: post.scheduledAt!, post })),
    ...slots.map((slot): Entry => ({ kind: 'slot', at: slot.at, slot })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const days = new Map<string, Entry[]>();
  for (const entry of entries) {
    const day = formatDate(entry.at);
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  if (days.size === 0)
    return <p className="muted agenda-empty">{loading ? 'Loading…' : 'Nothing in this period.'}</p>;
  return (
    <div className="agenda">
      {[...days].map(([day, dayEntries]) => (
        <section key={day} className="agenda-day" aria-label={day}>
          <h2 className="agenda-date">{day}</h2>
          <ul className="agenda-items">
            {dayEntries.map((entry) =>
              entry.kind === 'post' ? (
                <li key={entry.post.id} className="agenda-item" data-post-id={entry.post.id}>
                  <span className="agenda-time">{formatTime(entry.at)}</span>
                  <span className="agenda-body">
                    <span className="agenda-meta">
                      <StatusBadge status={entry.post.status} />{' '}
                      {channelName(channels.get(entry.post.channelId))} ·{' '}
                      {campaigns.get(entry.post.campaignId)?.name ?? '—'}
                    </span>
                    <Link to={`/posts/${entry.post.id}`} className="agenda-text" dir="auto">
                      {entry.post.excerpt}
                      {entry.post.segmentCount > 1 && ` · thread of ${entry.post.segmentCount}`}
                    </Link>
                  </span>
                </li>
              ) : (
                <li key={`${entry.slot.channelId}-${entry.at}`} className="agenda-item agenda-slot">
                  <span className="agenda-time">{formatTime(entry.at)}</span>
                  <span className="agenda-body muted">
                    Open slot on {channelName(channels.get(entry.slot.channelId))}
                  </span>
                </li>
              ),
            )}
          </ul>
        </section>
      ))}
    </div>
  );
}
