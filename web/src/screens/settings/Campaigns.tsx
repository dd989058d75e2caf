import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { type Campaign, useCampaigns, useRules } from '../../api/queries';
import { Badge } from '../../ui/badges';
import { CheckboxGroup, Field, TextField } from '../../ui/Field';
import {
  dateOf,
  endOfDay,
  formatDays,
  humanize,
  lastDayBefore,
  startOfDay,
  userTimeZone,
} from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { TableHead } from '../../ui/TableHead';
import { CampaignObjectivesEditor } from '../analytics/LazyObjectivesEditor';

type Stage = NonNullable<Schemas['CreateCampaignDto']['extraStages']>[number];
type Minimum = NonNullable<Schemas['CreateCampaignDto']['minimumVerification']>;

interface Form {
  name: string;
  goal: string;
  audience: string;
  language: string;
  callToAction: string;
  evaluationPlan: string;
  timezone: string;
  startsOn: string;
  endsOn: string;
  extraStages: Stage[];
  minimumVerification: Minimum;
  status: Campaign['status'];
}

const blank = (): Form => ({
  name: '',
  goal: '',
  audience: '',
  language: 'en',
  callToAction: '',
  evaluationPlan: '',
  timezone: userTimeZone,
  startsOn: '',
  endsOn: '',
  extraStages: [],
  minimumVerification: 'single_source',
  status: 'active',
});

const formOf = (c: Campaign): Form => ({
  name: c.name,
  goal: c.goal,
  audience: c.audience,
  language: c.language,
  callToAction: c.callToAction ?? '',
  evaluationPlan: c.evaluationPlan ?? '',
  timezone: c.timezone,
  startsOn: c.startsAt ? dateOf(c.startsAt, c.timezone) : '',
  endsOn: c.endsAt ? lastDayBefore(c.endsAt, c.timezone) : '',
  extraStages: c.requiredStages.filter((s): s is Stage => s !== 'editorial'),
  minimumVerification:
    c.minimumVerification === 'disputed' || c.minimumVerification === 'retracted'
      ? 'single_source'
      : c.minimumVerification,
  status: c.status,
});

function CampaignForm({ campaign, onDone }: { campaign?: Campaign; onDone: () => void }) {
  const client = useQueryClient();
  const rules = useRules();
  const [form, setForm] = useState<Form>(campaign ? formOf(campaign) : blank());
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: form.name.trim(),
        goal: form.goal.trim(),
        audience: form.audience.trim(),
        language: form.language.trim(),
        timezone: form.timezone.trim(),
        extraStages: form.extraStages,
        minimumVerification: form.minimumVerification,
        ...(form.callToAction.trim() ? { callToAction: form.callToAction.trim() } : {}),
        ...(form.evaluationPlan.trim() ? { evaluationPlan: form.evaluationPlan.trim() } : {}),
        // Whole days in the campaign's time zone, the last one included (an unknown zone is
        // refused by name; the dates are then sent as typed, for the API to name too).
        ...(form.startsOn
          ? { startsAt: startOfDay(form.startsOn, form.timezone) ?? form.startsOn }
          : {}),
        ...(form.endsOn ? { endsAt: endOfDay(form.endsOn, form.timezone) ?? form.endsOn } : {}),
      };
      return campaign
        ? call(
            api.PATCH('/api/campaigns/{id}', {
              params: { path: { id: campaign.id } },
              body: { ...body, status: form.status },
            }),
          )
        : call(api.POST('/api/campaigns', { body }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['campaigns'] });
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
      aria-label={campaign ? `Edit ${campaign.name}` : 'New campaign'}
    >
      <h2>{campaign ? `Edit ${campaign.name}` : 'New campaign'}</h2>
      <Field label="Name" name="name" error={save.error}>
        {(p) => (
          <input {...p} required value={form.name} onChange={(e) => set('name', e.target.value)} />
        )}
      </Field>
      <Field label="Goal" name="goal" error={save.error}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            required
            value={form.goal}
            onChange={(e) => set('goal', e.target.value)}
          />
        )}
      </Field>
      <Field label="Audience" name="audience" error={save.error}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            required
            value={form.audience}
            onChange={(e) => set('audience', e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <TextField
          label="Language"
          name="language"
          error={save.error}
          hint="e.g. en, ar, ur"
          required
          size={6}
          value={form.language}
          onChange={(v) => set('language', v)}
        />
        <TextField
          label="Timezone"
          name="timezone"
          error={save.error}
          hint="IANA name, e.g. Europe/London"
          className="grow"
          required
          value={form.timezone}
          onChange={(v) => set('timezone', v)}
        />
        <Field
          label="First day"
          name="startsAt"
          error={save.error}
          hint="In the campaign’s time zone"
        >
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.startsOn}
              onChange={(e) => set('startsOn', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Last day"
          name="endsAt"
          error={save.error}
          hint="Included: posts may go out until it ends"
        >
          {(p) => (
            <input
              {...p}
              type="date"
              value={form.endsOn}
              onChange={(e) => set('endsOn', e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label="Call to action" name="callToAction" error={save.error}>
        {(p) => (
          <input
            {...p}
            value={form.callToAction}
            onChange={(e) => set('callToAction', e.target.value)}
          />
        )}
      </Field>
      <Field label="Evaluation plan" name="evaluationPlan" error={save.error}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            value={form.evaluationPlan}
            onChange={(e) => set('evaluationPlan', e.target.value)}
          />
        )}
      </Field>
      <CheckboxGroup<Stage>
        legend="Review stages besides editorial"
        options={['safety', 'legal']}
        value={form.extraStages}
        onChange={(v) => set('extraStages', v)}
        name="extraStages"
        error={save.error}
      />
      <div className="row">
        <Field label="Minimum quote verification" name="minimumVerification" error={save.error}>
          {(p) => (
            <select
              {...p}
              value={form.minimumVerification}
              onChange={(e) => set('minimumVerification', e.target.value as Minimum)}
            >
              {(rules.data?.verificationOrder ?? [form.minimumVerification]).map((v) => (
                <option key={v} value={v}>
                  {humanize(v)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {campaign && (
          <Field label="Status" name="status" error={save.error}>
            {(p) => (
              <select
                {...p}
                value={form.status}
                onChange={(e) => set('status', e.target.value as Form['status'])}
              >
                <option value="active">active</option>
                <option value="paused">paused</option>
                <option value="archived">archived</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <ProblemMessage
        error={save.error}
        shownFields={[
          'name',
          'goal',
          'audience',
          'language',
          'timezone',
          'startsAt',
          'endsAt',
          'callToAction',
          'evaluationPlan',
          'extraStages',
          'minimumVerification',
          'status',
        ]}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {campaign ? 'Save campaign' : 'Create campaign'}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function Campaigns() {
  const campaigns = useCampaigns();
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  if (campaigns.isPending) return <Loading />;
  if (campaigns.isError)
    return <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          New campaign
        </button>
      </div>
      {editing && (
        <CampaignForm
          key={editing === 'new' ? 'new' : editing.id}
          campaign={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {editing && editing !== 'new' && <CampaignObjectivesEditor campaign={editing} />}
      {campaigns.data.length === 0 ? (
        <Empty title="No campaigns yet">Create one to start writing posts.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <TableHead
              columns={[
                'Campaign',
                'Language',
                'Timezone',
                'Review',
                'Minimum verification',
                'Runs',
                'Status',
              ]}
            />
            <tbody>
              {campaigns.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <strong>{c.name}</strong>
                    <div className="muted small">{c.goal}</div>
                  </td>
                  <td>{c.language}</td>
                  <td>{c.timezone}</td>
                  <td>{c.requiredStages.join(', ')}</td>
                  <td>{humanize(c.minimumVerification)}</td>
                  <td>{formatDays(c.startsAt, c.endsAt, c.timezone)}</td>
                  <td>
                    <Badge
                      tone={
                        c.status === 'active' ? 'good' : c.status === 'paused' ? 'warn' : 'neutral'
                      }
                    >
                      {c.status}
                    </Badge>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => setEditing(c)}
                    >
                      Edit
                    </button>
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
