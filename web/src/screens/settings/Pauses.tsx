import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { byId, channelName, type Pause, useCampaigns, useChannels } from '../../api/queries';
import { Badge } from '../../ui/badges';
import { Field } from '../../ui/Field';
import { formatDateTime, instantFromInput } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { TableHead } from '../../ui/TableHead';

type CreatePause = Schemas['CreatePauseDto'];

function stateOf(p: Pause): { label: string; tone: 'danger' | 'warn' | 'neutral' } {
  const now = Date.now();
  if (p.liftedAt) return { label: 'lifted', tone: 'neutral' };
  if (p.endsAt && Date.parse(p.endsAt) <= now) return { label: 'ended', tone: 'neutral' };
  if (Date.parse(p.startsAt) > now) return { label: 'upcoming', tone: 'warn' };
  return { label: 'in force', tone: 'danger' };
}

function PauseForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const channels = useChannels();
  const [form, setForm] = useState({
    kind: 'blackout' as CreatePause['kind'],
    scope: 'global' as CreatePause['scope'],
    campaignId: '',
    channelId: '',
    startsAt: '',
    endsAt: '',
    action: 'hold' as NonNullable<CreatePause['action']>,
    reason: '',
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/pauses', {
          body: {
            kind: form.kind,
            scope: form.scope,
            action: form.action,
            reason: form.reason.trim(),
            ...(form.scope === 'campaign' ? { campaignId: form.campaignId } : {}),
            ...(form.scope === 'channel' ? { channelId: form.channelId } : {}),
            ...(form.startsAt
              ? { startsAt: instantFromInput(form.startsAt) ?? form.startsAt }
              : {}),
            ...(form.endsAt ? { endsAt: instantFromInput(form.endsAt) ?? form.endsAt } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['pauses'] });
      onDone();
    },
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label="New pause or blackout">
      <h2>New pause or blackout</h2>
      <div className="row">
        <Field label="Kind" name="kind" error={create.error}>
          {(p) => (
            <select
              {...p}
              value={form.kind}
              onChange={(e) => set('kind', e.target.value as CreatePause['kind'])}
            >
              <option value="blackout">Blackout (a fixed window)</option>
              <option value="pause">Pause (until lifted)</option>
            </select>
          )}
        </Field>
        <Field label="Scope" name="scope" error={create.error}>
          {(p) => (
            <select
              {...p}
              value={form.scope}
              onChange={(e) => set('scope', e.target.value as CreatePause['scope'])}
            >
              <option value="global">Every channel</option>
              <option value="campaign">One campaign</option>
              <option value="channel">One channel</option>
            </select>
          )}
        </Field>
        {form.scope === 'campaign' && (
          <Field label="Campaign" name="campaignId" error={create.error}>
            {(p) => (
              <select
                {...p}
                required
                value={form.campaignId}
                onChange={(e) => set('campaignId', e.target.value)}
              >
                <option value="">Choose…</option>
                {campaigns.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {form.scope === 'channel' && (
          <Field label="Channel" name="channelId" error={create.error}>
            {(p) => (
              <select
                {...p}
                required
                value={form.channelId}
                onChange={(e) => set('channelId', e.target.value)}
              >
                <option value="">Choose…</option>
                {channels.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {channelName(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Due posts are" name="action" error={create.error}>
          {(p) => (
            <select
              {...p}
              value={form.action}
              onChange={(e) => set('action', e.target.value as typeof form.action)}
            >
              <option value="hold">held for an editor</option>
              <option value="defer">deferred to the window’s end</option>
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field label="Starts (your time)" name="startsAt" error={create.error} hint="Empty: now">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={form.startsAt}
              onChange={(e) => set('startsAt', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Ends (your time)"
          name="endsAt"
          error={create.error}
          hint={form.kind === 'blackout' ? 'Required for a blackout' : 'Empty: until lifted'}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required={form.kind === 'blackout'}
              value={form.endsAt}
              onChange={(e) => set('endsAt', e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Reason" name="reason" error={create.error}>
        {(p) => (
          <input
            {...p}
            required
            minLength={3}
            value={form.reason}
            onChange={(e) => set('reason', e.target.value)}
            placeholder="e.g. Memorial day: no campaign posts"
          />
        )}
      </Field>
      <ProblemMessage
        error={create.error}
        shownFields={[
          'kind',
          'scope',
          'campaignId',
          'channelId',
          'action',
          'startsAt',
          'endsAt',
          'reason',
        ]}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function Pauses() {
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const channels = useChannels();
  const [adding, setAdding] = useState(false);
  const pauses = useQuery({
    queryKey: ['pauses', 'all'],
    queryFn: () => call(api.GET('/api/pauses')),
  });
  const lift = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/pauses/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pauses'] }),
  });
  if (pauses.isPending) return <Loading />;
  if (pauses.isError)
    return <ErrorState error={pauses.error} onRetry={() => void pauses.refetch()} />;
  const campaignById = byId(campaigns.data);
  const channelById = byId(channels.data);
  const scopeOf = (p: Pause) =>
    p.scope === 'global'
      ? 'Every channel'
      : p.scope === 'campaign'
        ? (campaignById.get(p.campaignId ?? '')?.name ?? 'A campaign')
        : channelName(channelById.get(p.channelId ?? ''));
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          New pause or blackout
        </button>
      </div>
      {adding && <PauseForm onDone={() => setAdding(false)} />}
      <ProblemMessage error={lift.error} />
      {pauses.data.length === 0 ? (
        <Empty title="No pauses or blackouts" />
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <TableHead columns={['State', 'Kind', 'Scope', 'Window', 'Due posts', 'Reason']} />
            <tbody>
              {pauses.data.map((p) => {
                const state = stateOf(p);
                return (
                  <tr key={p.id}>
                    <td>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </td>
                    <td>{p.kind}</td>
                    <td>{scopeOf(p)}</td>
                    <td>
                      {formatDateTime(p.startsAt)} –{' '}
                      {p.endsAt ? formatDateTime(p.endsAt) : 'until lifted'}
                      {p.liftedAt && (
                        <div className="muted small">lifted {formatDateTime(p.liftedAt)}</div>
                      )}
                    </td>
                    <td>{p.action === 'hold' ? 'held' : 'deferred'}</td>
                    <td>{p.reason}</td>
                    <td>
                      {!p.liftedAt && state.label !== 'ended' && (
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          disabled={lift.isPending}
                          onClick={() => lift.mutate(p.id)}
                        >
                          Lift
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
