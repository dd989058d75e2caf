import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { type Channel, channelName, useChannels } from '../../api/queries';
import { Badge } from '../../ui/badges';
import { Field, TextField } from '../../ui/Field';
import { userTimeZone } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { TableHead } from '../../ui/TableHead';

type Slot = Schemas['WeeklySlotDto'];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const sortSlots = (slots: Slot[]) =>
  [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));

/** The weekly posting slots, in the channel's local time: one row per weekday. */
function SlotsEditor({ value, onChange }: { value: Slot[]; onChange: (slots: Slot[]) => void }) {
  const [adding, setAdding] = useState<Record<number, string>>({});
  const add = (weekday: number) => {
    const time = adding[weekday];
    if (!time || value.some((s) => s.weekday === weekday && s.time === time)) return;
    onChange(sortSlots([...value, { weekday, time }]));
    setAdding({ ...adding, [weekday]: '' });
  };
  const copyToWeekdays = (weekday: number) => {
    const times = value.filter((s) => s.weekday === weekday).map((s) => s.time);
    const others = value.filter((s) => s.weekday > 5 || s.weekday === weekday);
    const copies = [1, 2, 3, 4, 5]
      .filter((d) => d !== weekday)
      .flatMap((d) => times.map((time) => ({ weekday: d, time })));
    onChange(sortSlots([...others, ...copies]));
  };
  return (
    <fieldset className="field slots">
      <legend>Weekly posting slots (channel’s local time)</legend>
      <table className="table slots-table">
        <tbody>
          {WEEKDAYS.map((day, i) => {
            const weekday = i + 1;
            const times = value.filter((s) => s.weekday === weekday);
            return (
              <tr key={day}>
                <th scope="row">{day}</th>
                <td>
                  <div className="chips">
                    {times.length === 0 && <span className="muted">no slots</span>}
                    {times.map((s) => (
                      <span key={s.time} className="badge tone-info slot-chip">
                        {s.time}
                        <button
                          type="button"
                          className="chip-remove"
                          aria-label={`Remove ${day} ${s.time}`}
                          onClick={() =>
                            onChange(
                              value.filter((x) => !(x.weekday === weekday && x.time === s.time)),
                            )
                          }
                        >
                          ×
                        </button>
                      </span>
                    ))}
                  </div>
                </td>
                <td className="slot-add">
                  <input
                    type="time"
                    aria-label={`New slot on ${day}`}
                    value={adding[weekday] ?? ''}
                    onChange={(e) => setAdding({ ...adding, [weekday]: e.target.value })}
                  />
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    aria-label={`Add slot on ${day}`}
                    onClick={() => add(weekday)}
                  >
                    Add
                  </button>
                  {weekday <= 5 && times.length > 0 && (
                    <button
                      type="button"
                      className="btn btn-link btn-small"
                      onClick={() => copyToWeekdays(weekday)}
                    >
                      Copy to Mon–Fri
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

interface Form {
  platform: Channel['platform'];
  handle: string;
  displayName: string;
  language: string;
  timezone: string;
  weeklySlots: Slot[];
  minSpacingMinutes: number;
  dailyCap: number;
  status: Channel['status'];
}

function ChannelForm({ channel, onDone }: { channel?: Channel; onDone: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<Form>(
    channel
      ? {
          platform: channel.platform,
          handle: channel.handle,
          displayName: channel.displayName ?? '',
          language: channel.language,
          timezone: channel.timezone,
          weeklySlots: channel.weeklySlots,
          minSpacingMinutes: channel.minSpacingMinutes,
          dailyCap: channel.dailyCap,
          status: channel.status,
        }
      : {
          platform: 'sandbox',
          handle: '',
          displayName: '',
          language: 'en',
          timezone: userTimeZone,
          weeklySlots: [],
          minSpacingMinutes: 60,
          dailyCap: 8,
          status: 'connected',
        },
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        handle: form.handle.trim(),
        language: form.language.trim(),
        timezone: form.timezone.trim(),
        weeklySlots: form.weeklySlots,
        minSpacingMinutes: form.minSpacingMinutes,
        dailyCap: form.dailyCap,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      };
      return channel
        ? call(
            api.PATCH('/api/channels/{id}', {
              params: { path: { id: channel.id } },
              body: { ...body, status: form.status },
            }),
          )
        : call(api.POST('/api/channels', { body: { ...body, platform: form.platform } }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['channels'] });
      onDone();
    },
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form
      className="card stack"
      onSubmit={submit}
      aria-label={channel ? `Edit ${channelName(channel)}` : 'New channel'}
    >
      <h2>{channel ? `Edit ${channelName(channel)}` : 'New channel'}</h2>
      <div className="row">
        <Field label="Platform" name="platform" error={save.error}>
          {(p) => (
            <select
              {...p}
              value={form.platform}
              disabled={!!channel}
              onChange={(e) => set('platform', e.target.value as Form['platform'])}
            >
              <option value="sandbox">Sandbox (internal preview feed)</option>
              <option value="x">X</option>
            </select>
          )}
        </Field>
        <Field label="Handle" name="handle" error={save.error}>
          {(p) => (
            <input
              {...p}
              required
              value={form.handle}
              onChange={(e) => set('handle', e.target.value)}
              placeholder="voices_of_return"
            />
          )}
        </Field>
        <Field label="Display name" name="displayName" error={save.error} className="grow">
          {(p) => (
            <input
              {...p}
              value={form.displayName}
              onChange={(e) => set('displayName', e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <TextField
          label="Language"
          name="language"
          error={save.error}
          required
          size={6}
          value={form.language}
          onChange={(v) => set('language', v)}
        />
        <TextField
          label="Timezone"
          name="timezone"
          error={save.error}
          hint="IANA name; slots are in this timezone"
          className="grow"
          required
          value={form.timezone}
          onChange={(v) => set('timezone', v)}
        />
        <Field label="Minimum spacing (minutes)" name="minSpacingMinutes" error={save.error}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={10080}
              value={form.minSpacingMinutes}
              onChange={(e) => set('minSpacingMinutes', Number(e.target.value))}
            />
          )}
        </Field>
        <Field label="Daily cap" name="dailyCap" error={save.error}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={100}
              value={form.dailyCap}
              onChange={(e) => set('dailyCap', Number(e.target.value))}
            />
          )}
        </Field>
        {channel && (
          <Field label="Status" name="status" error={save.error}>
            {(p) => (
              <select
                {...p}
                value={form.status}
                onChange={(e) => set('status', e.target.value as Form['status'])}
              >
                <option value="connected">connected</option>
                <option value="needs_reconnect">needs reconnect</option>
                <option value="disabled">disabled</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <SlotsEditor value={form.weeklySlots} onChange={(v) => set('weeklySlots', v)} />
      <ProblemMessage
        error={save.error}
        shownFields={[
          'platform',
          'handle',
          'displayName',
          'language',
          'timezone',
          'minSpacingMinutes',
          'dailyCap',
          'status',
        ]}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {channel ? 'Save channel' : 'Create channel'}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const CONNECT_REFUSALS: Record<string, string> = {
  expired: 'The sign-in link had expired or was already used. Start again.',
  denied: 'The X account owner declined access.',
  handle_mismatch: 'X signed in a different account than this channel’s handle.',
  x_refused: 'X refused the sign-in.',
};

/**
 * Connecting is an OAuth round trip: the API hands out X's consent page, X sends the browser
 * back to the API, which stores the credentials and returns here with the outcome in the query.
 */
function ConnectX({ channel }: { channel: Channel }) {
  const start = useMutation({
    mutationFn: (flow: 'oauth2' | 'oauth1') =>
      call(
        flow === 'oauth2'
          ? api.POST('/api/channels/{id}/connect/x/oauth2', {
              params: { path: { id: channel.id } },
            })
          : api.POST('/api/channels/{id}/connect/x/oauth1', {
              params: { path: { id: channel.id } },
            }),
      ),
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
  });
  return (
    <span className="connect-x">
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={start.isPending}
        onClick={() => start.mutate('oauth2')}
      >
        {channel.hasCredentials ? 'Reconnect X account' : 'Connect X account'}
      </button>
      <button
        type="button"
        className="btn btn-link btn-small"
        disabled={start.isPending}
        onClick={() => start.mutate('oauth1')}
      >
        with OAuth 1.0a
      </button>
      <ProblemMessage error={start.error} />
    </span>
  );
}

/** What X's round trip ended with, as the API's callback reported it in the address. */
function ConnectOutcome({ channels }: { channels: Channel[] }) {
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const failed = params.get('connectFailed');
  if (connected === null && failed === null) return null;
  const channel = channels.find((c) => c.id === (connected ?? failed));
  const dismiss = () => setParams({}, { replace: true });
  return connected !== null ? (
    <div className="alert alert-success" role="status">
      {channelName(channel)} is connected to its X account.{' '}
      <button type="button" className="btn btn-link btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  ) : (
    <div className="alert alert-danger" role="alert">
      <strong>Connecting {channel ? channelName(channel) : 'the channel'} failed.</strong>{' '}
      {CONNECT_REFUSALS[params.get('reason') ?? ''] ?? ''} {params.get('detail')}{' '}
      <button type="button" className="btn btn-link btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function Channels() {
  const channels = useChannels();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  if (channels.isPending) return <Loading />;
  if (channels.isError)
    return <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          New channel
        </button>
      </div>
      <ConnectOutcome channels={channels.data} />
      {editing && (
        <ChannelForm
          key={editing === 'new' ? 'new' : editing.id}
          channel={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {channels.data.length === 0 ? (
        <Empty title="No channels yet">Add a sandbox channel to rehearse, or an X account.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <TableHead
              columns={[
                'Channel',
                'Language',
                'Timezone',
                'Slots a week',
                'Spacing',
                'Daily cap',
                'Status',
              ]}
            />
            <tbody>
              {channels.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <strong>{channelName(c)}</strong>
                    {c.displayName && <div className="muted small">{c.displayName}</div>}
                  </td>
                  <td>{c.language}</td>
                  <td>{c.timezone}</td>
                  <td>{c.weeklySlots.length}</td>
                  <td>{c.minSpacingMinutes} min</td>
                  <td>{c.dailyCap}</td>
                  <td>
                    <Badge
                      tone={
                        c.status === 'connected'
                          ? 'good'
                          : c.status === 'needs_reconnect'
                            ? 'warn'
                            : 'neutral'
                      }
                    >
                      {c.status.replace('_', ' ')}
                    </Badge>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => setEditing(c)}
                    >
                      Edit
                    </button>
                    {c.platform === 'x' && <ConnectX channel={c} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
