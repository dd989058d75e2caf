import type { DatesSetArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import {
  allPages,
  byId,
  channelName,
  type PostListItem,
  useCampaigns,
  useChannels,
} from '../api/queries';
import { useCan } from '../app/session';
import { type PostStatus, StatusBadge, statusLabel } from '../ui/badges';
import { formatDateTime, userTimeZone } from '../ui/format';
import { Empty, ErrorState, ProblemMessage } from '../ui/states';

/** Posts that hold (or held) a place in time; drafts and reviews have none yet. */
const TIMED: PostStatus[] = [
  'scheduled',
  'publishing',
  'published',
  'held',
  'unknown',
  'failed',
  'withdrawn',
  'cancelled',
];

export function Calendar() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const mayReschedule = useCan('schedulePosts');
  const campaigns = useCampaigns();
  const channels = useChannels();
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [channelId, setChannelId] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [showClosed, setShowClosed] = useState(true);
  const posts = useQuery({
    queryKey: ['posts', 'calendar', range, channelId, campaignId],
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/posts', {
            params: {
              query: {
                from: range!.from,
                to: range!.to,
                status: TIMED,
                channelId: channelId || undefined,
                campaignId: campaignId || undefined,
                limit: 200,
                cursor,
              },
            },
          }),
        ),
      ),
    enabled: range !== null,
    refetchInterval: 60_000,
  });
  const reschedule = useMutation({
    mutationFn: ({ id, at }: { id: string; at: string }) =>
      call(api.POST('/api/posts/{id}/schedule', { params: { path: { id } }, body: { at } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['posts'] }),
  });
  const channelsById = byId(channels.data);
  const campaignsById = byId(campaigns.data);
  const visible = (posts.data ?? []).filter(
    (p) => p.scheduledAt && (showClosed || !['withdrawn', 'cancelled'].includes(p.status)),
  );
  const events: EventInput[] = visible.map((p: PostListItem) => ({
    id: p.id,
    title: `${channelName(channelsById.get(p.channelId))} · ${campaignsById.get(p.campaignId)?.name ?? ''}`,
    start: p.scheduledAt!,
    url: `/posts/${p.id}`,
    classNames: ['cal-event', `status-${p.status}`],
    startEditable: mayReschedule && p.status === 'held',
    durationEditable: false,
    extendedProps: { status: p.status },
  }));
  const onDates = (arg: DatesSetArg) => {
    const next = { from: arg.start.toISOString(), to: arg.end.toISOString() };
    if (next.from !== range?.from || next.to !== range?.to) setRange(next);
  };
  const onClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    void navigate(`/posts/${arg.event.id}`);
  };
  const onDrop = (arg: EventDropArg) => {
    reschedule.mutate(
      { id: arg.event.id, at: arg.event.start!.toISOString() },
      { onError: () => arg.revert() },
    );
  };
  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <h1>Calendar</h1>
          <p className="muted">
            Scheduled and published posts, in your timezone ({userTimeZone}).
            {mayReschedule && ' Drag a held post to reschedule it.'}
          </p>
        </div>
      </div>
      <div className="filters card filter-row">
        <div className="field">
          <label htmlFor="c-channel">Channel</label>
          <select id="c-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            <option value="">All channels</option>
            {channels.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {channelName(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="c-campaign">Campaign</label>
          <select
            id="c-campaign"
            value={campaignId}
            onChange={(e) => setCampaignId(e.target.value)}
          >
            <option value="">All campaigns</option>
            {campaigns.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox align-end">
          <input
            type="checkbox"
            checked={showClosed}
            onChange={(e) => setShowClosed(e.target.checked)}
          />
          Show withdrawn and cancelled
        </label>
        <div className="legend align-end" aria-label="Status colours">
          {(['scheduled', 'published', 'held', 'failed', 'withdrawn'] as const).map((s) => (
            <StatusBadge key={s} status={s} />
          ))}
        </div>
      </div>
      {posts.isError && <ErrorState error={posts.error} onRetry={() => void posts.refetch()} />}
      <ProblemMessage error={reschedule.error} />
      <div className="card calendar" aria-busy={posts.isFetching}>
        <FullCalendar
          plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin]}
          initialView="timeGridWeek"
          headerToolbar={{
            left: 'prev,next today',
            center: 'title',
            right: 'timeGridWeek,dayGridMonth',
          }}
          buttonText={{ today: 'Today', week: 'Week', month: 'Month' }}
          firstDay={1}
          height="auto"
          nowIndicator
          slotDuration="01:00:00"
          scrollTime="07:00:00"
          events={events}
          datesSet={onDates}
          eventClick={onClick}
          eventDrop={onDrop}
          eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          eventContent={(arg) => (
            <span className="cal-event-body">
              <span className="cal-event-status">
                {statusLabel(arg.event.extendedProps.status as PostStatus)}
              </span>{' '}
              <span className="cal-event-time">{arg.timeText}</span> {arg.event.title}
            </span>
          )}
        />
      </div>
      <section className="card" aria-labelledby="agenda">
        <h2 id="agenda">In this view</h2>
        {visible.length === 0 ? (
          <Empty title={posts.isPending ? 'Loading…' : 'No posts in this period'} />
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
                {[...visible]
                  .sort((a, b) => a.scheduledAt!.localeCompare(b.scheduledAt!))
                  .map((p) => (
                    <tr key={p.id} data-post-id={p.id}>
                      <td>{formatDateTime(p.scheduledAt)}</td>
                      <td>
                        <StatusBadge status={p.status} />
                      </td>
                      <td>{channelName(channelsById.get(p.channelId))}</td>
                      <td>{campaignsById.get(p.campaignId)?.name ?? '—'}</td>
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
    </div>
  );
}
