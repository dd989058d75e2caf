import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../../api/client';
import { type Channel, channelName } from '../../../api/queries';
import { Field, TextField } from '../../../ui/Field';
import { userTimeZone } from '../../../ui/format';
import { ProblemMessage } from '../../../ui/states';
import { type Slot, SlotsEditor } from './SlotsEditor';

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

export function ChannelForm({ channel, onDone }: { channel?: Channel; onDone: () => void }) {
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
