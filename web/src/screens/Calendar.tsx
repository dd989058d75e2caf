import type { DatesSetArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventReceiveArg } from '@fullcalendar/interaction';
import luxon3Plugin from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { DateTime } from 'luxon';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { byId, channelName, type CalendarPost, useCampaigns, useChannels } from '../api/queries';
import { useCan } from '../app/session';
import { type PostStatus, StatusBadge, statusLabel } from '../ui/badges';
import { formatDate, userTimeZone } from '../ui/format';
import { ErrorState, ProblemMessage } from '../ui/states';
import { AgendaList, type OpenSlot } from './calendar/AgendaList';
import { calendarLocale } from './calendar/locale';
import { PostTable } from './calendar/PostTable';
import { placementRefusal } from './calendar/refusal';
import { UnplacedPosts } from './calendar/UnplacedPosts';
import {
  type CalendarFilter,
  useCalendarPosts,
  useOpenDays,
  useOpenSlots,
  useSchedule,
  useUnplacedPosts,
} from './calendar/use-calendar-data';
import { useNarrow } from './calendar/use-narrow';

type View = 'week' | 'month' | 'list';
const FC_VIEW = { week: 'timeGridWeek', month: 'dayGridMonth' } as const;
/** Statuses an editor may move: the schedule endpoint places or re-places exactly these. */
const MOVABLE: PostStatus[] = ['scheduled', 'held', 'approved'];
const SLOT_MINUTES = 30;
const openCount = (n: number) => `${n} open ${n === 1 ? 'slot' : 'slots'}`;

interface Refusal {
  postId: string;
  sentence: string;
  nextAllowedAt: string | null;
}

export function Calendar() {
  const navigate = useNavigate();
  const mayReschedule = useCan('schedulePosts');
  const campaigns = useCampaigns();
  const channels = useChannels();
  const narrow = useNarrow();
  const [chosen, setChosen] = useState<View>('week');
  const view: View = narrow ? 'list' : chosen;
  const [anchor, setAnchor] = useState(() => DateTime.now().setZone(userTimeZone).startOf('week'));
  const [grid, setGrid] = useState<{
    view: string;
    from: string;
    to: string;
    title: string;
  } | null>(null);
  const [channelId, setChannelId] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [showClosed, setShowClosed] = useState(true);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const calendar = useRef<FullCalendar>(null);

  const listRange = {
    from: anchor.startOf('week').toUTC().toISO()!,
    to: anchor.startOf('week').plus({ weeks: 1 }).toUTC().toISO()!,
  };
  // Between a click on Week or Month and FullCalendar drawing that view, the grid still holds the
  // other view's dates. Asking with them, Week fetched every open slot of the month's six weeks
  // (what the month asks only counts to avoid) and Month counted a week nobody draws: nothing is
  // asked until the grid shows the view chosen.
  const range =
    view === 'list'
      ? listRange
      : grid && grid.view === FC_VIEW[view]
        ? { from: grid.from, to: grid.to }
        : null;
  const filter: CalendarFilter = { range, channelId, campaignId };
  const posts = useCalendarPosts(filter);
  // The month grid draws no times (FullCalendar's day grid shows only all-day background events),
  // so it asks for each day's count of open slots, not the slots: for 20 channels posting hourly
  // those were 11,000 slots and 300 KB.
  const slots = useOpenSlots(filter, view !== 'month');
  const openDays = useOpenDays(filter, userTimeZone, view === 'month');
  const monthDays = view === 'month' ? (openDays.data?.days ?? []) : [];
  const unplaced = useUnplacedPosts(filter, mayReschedule);
  const schedule = useSchedule();

  useEffect(() => {
    if (view !== 'list') calendar.current?.getApi().changeView(FC_VIEW[view]);
  }, [view]);

  const channelsById = byId(channels.data);
  const campaignsById = byId(campaigns.data);
  const visible = (posts.data ?? []).filter(
    (p) => p.scheduledAt && (showClosed || !['withdrawn', 'cancelled'].includes(p.status)),
  );
  const openSlots: OpenSlot[] = (slots.data ?? []).flatMap((c) =>
    c.slots.map((at) => ({ channelId: c.channelId, at })),
  );
  const events: EventInput[] = [
    ...visible.map((p: CalendarPost) => ({
      id: p.id,
      title: `${channelName(channelsById.get(p.channelId))} · ${campaignsById.get(p.campaignId)?.name ?? ''}`,
      start: p.scheduledAt!,
      url: `/posts/${p.id}`,
      classNames: ['cal-event', `status-${p.status}`],
      startEditable: mayReschedule && MOVABLE.includes(p.status),
      durationEditable: false,
      extendedProps: { status: p.status },
    })),
    // A day's count fills its month cell as an all-day background, the only kind the grid draws.
    ...monthDays.map((d) => ({
      start: d.date,
      allDay: true,
      display: 'background',
      classNames: ['cal-slot', 'cal-open-day'],
      title: openCount(d.open),
    })),
    ...openSlots.map((slot) => ({
      start: slot.at,
      end: new Date(Date.parse(slot.at) + SLOT_MINUTES * 60_000).toISOString(),
      display: 'background',
      classNames: ['cal-slot'],
      title: `Open: ${channelName(channelsById.get(slot.channelId))}`,
    })),
  ];

  const place = (id: string, at: string | undefined, undo?: () => void) => {
    setRefusal(null);
    schedule.reset();
    schedule.mutate(
      { id, at },
      {
        onError: (error) => {
          undo?.();
          const explained = placementRefusal(error);
          if (explained) setRefusal({ postId: id, ...explained });
        },
      },
    );
  };
  const onDates = (arg: DatesSetArg) => {
    const next = {
      view: arg.view.type,
      from: arg.start.toISOString(),
      to: arg.end.toISOString(),
      title: arg.view.title,
    };
    if (next.view !== grid?.view || next.from !== grid?.from || next.to !== grid?.to) setGrid(next);
    setAnchor(DateTime.fromJSDate(arg.view.currentStart).setZone(userTimeZone));
  };
  const onClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    if (arg.event.id) void navigate(`/posts/${arg.event.id}`);
  };
  const onDrop = (arg: EventDropArg) =>
    place(arg.event.id, arg.event.start!.toISOString(), () => arg.revert());
  const onReceive = (arg: EventReceiveArg) => {
    const id = arg.event.id;
    const at = arg.event.start!.toISOString();
    // The dropped copy goes either way: the refetched post replaces it, or it snaps back.
    arg.event.remove();
    place(id, at);
  };
  const move = (step: -1 | 0 | 1) => {
    if (view !== 'list') {
      const fc = calendar.current?.getApi();
      if (step < 0) fc?.prev();
      else if (step > 0) fc?.next();
      else fc?.today();
      return;
    }
    setAnchor((a) =>
      step === 0 ? DateTime.now().setZone(userTimeZone).startOf('week') : a.plus({ weeks: step }),
    );
  };
  const unit = view === 'month' ? 'month' : 'week';
  const title =
    view === 'list'
      ? `${formatDate(listRange.from)} – ${formatDate(anchor.startOf('week').plus({ days: 6 }).toISO())}`
      : (grid?.title ?? '');

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <h1>Calendar</h1>
          <p className="muted">
            Scheduled and published posts and each channel’s open slots, in your time zone (
            {userTimeZone}).
            {mayReschedule &&
              !narrow &&
              ' Drag a scheduled, held or approved post to another time; the channel’s rules apply.'}
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
          <span className="legend-slot">Open slot</span>
        </div>
      </div>
      {posts.isError && <ErrorState error={posts.error} onRetry={() => void posts.refetch()} />}
      {refusal ? (
        <div className="alert alert-warn cal-refusal" role="alert">
          <p>The post stays where it was. {refusal.sentence}</p>
          {refusal.nextAllowedAt && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => place(refusal.postId, refusal.nextAllowedAt!)}
            >
              Schedule it then
            </button>
          )}
        </div>
      ) : (
        <ProblemMessage error={schedule.error} />
      )}
      {mayReschedule && !narrow && (
        <UnplacedPosts
          posts={unplaced.data ?? []}
          channels={channelsById}
          onFirstOpenSlot={(id) => place(id, undefined)}
          busy={schedule.isPending}
        />
      )}
      <div className="card calendar" aria-busy={posts.isFetching}>
        <div className="cal-toolbar">
          <div className="cal-nav">
            <button
              type="button"
              className="btn btn-secondary"
              aria-label={`Previous ${unit}`}
              title={`Previous ${unit}`}
              onClick={() => move(-1)}
            >
              <span aria-hidden="true">‹</span>
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              aria-label={`Next ${unit}`}
              title={`Next ${unit}`}
              onClick={() => move(1)}
            >
              <span aria-hidden="true">›</span>
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => move(0)}>
              Today
            </button>
          </div>
          <h2 className="cal-title" aria-live="polite">
            {title}
          </h2>
          {!narrow && (
            <div className="cal-views" role="group" aria-label="View">
              {(['week', 'month', 'list'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className="btn btn-secondary"
                  aria-pressed={view === v}
                  onClick={() => setChosen(v)}
                >
                  {v[0]!.toUpperCase() + v.slice(1)}
                </button>
              ))}
            </div>
          )}
        </div>
        {view === 'list' ? (
          <AgendaList
            posts={visible}
            slots={openSlots}
            channels={channelsById}
            campaigns={campaignsById}
            loading={posts.isPending}
          />
        ) : (
          <FullCalendar
            ref={calendar}
            plugins={[luxon3Plugin, dayGridPlugin, timeGridPlugin, interactionPlugin]}
            // The person's time zone, as the rest of the screen writes times: without the plugin
            // FullCalendar draws (and a drag places) in the browser's.
            timeZone={userTimeZone}
            locale={calendarLocale}
            initialView={FC_VIEW[view]}
            initialDate={anchor.toJSDate()}
            headerToolbar={false}
            height="auto"
            nowIndicator
            slotDuration="01:00:00"
            snapDuration="00:15:00"
            scrollTime="07:00:00"
            droppable={mayReschedule}
            events={events}
            datesSet={onDates}
            eventClick={onClick}
            eventDrop={onDrop}
            eventReceive={onReceive}
            // FullCalendar names a month cell by its date alone, hiding its posts and open slots
            // from the cell's name; named by its content, it reads the date (the day number's
            // label), the posts and the count.
            dayCellDidMount={(arg) => arg.el.removeAttribute('aria-labelledby')}
            eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
            eventContent={(arg) =>
              arg.event.display === 'background' ? (
                <span className="cal-slot-label">{arg.event.title}</span>
              ) : (
                <span className="cal-event-body">
                  <span className="cal-event-status">
                    {statusLabel(arg.event.extendedProps.status as PostStatus)}
                  </span>{' '}
                  <span className="cal-event-time">{arg.timeText}</span> {arg.event.title}
                </span>
              )
            }
          />
        )}
      </div>
      {view !== 'list' && (
        <PostTable
          posts={visible}
          channels={channelsById}
          campaigns={campaignsById}
          loading={posts.isPending}
        />
      )}
    </div>
  );
}
