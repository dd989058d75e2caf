import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { type Campaign, channelName, useChannels, useThemes } from '../../api/queries';
import { useCan } from '../../app/session';
import { Field, TextField } from '../../ui/Field';
import { dateOf, endOfDay, humanize, lastDayBefore, startOfDay } from '../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { type Objective, objectiveTitle, StateBadge, useObjectives } from './objectives';

const METRICS: Objective['metric'][] = [
  'impressions',
  'engagements',
  'engagement_rate',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'followers_gained',
  'posts_published',
];

interface Form {
  metric: Objective['metric'];
  target: string;
  windowFrom: string;
  windowTo: string;
  channelId: string;
  language: string;
  themeKey: string;
  baseline: string;
  minSample: string;
  reason: string;
}

const blank = (c: Campaign): Form => ({
  metric: 'engagements',
  target: '',
  windowFrom: c.startsAt ? dateOf(c.startsAt, c.timezone) : '',
  windowTo: c.endsAt ? lastDayBefore(c.endsAt, c.timezone) : '',
  channelId: '',
  language: '',
  themeKey: '',
  baseline: '',
  minSample: '5',
  reason: '',
});

const formOf = (o: Objective, timeZone: string): Form => ({
  metric: o.metric,
  target: String(o.target),
  windowFrom: dateOf(o.windowFrom, timeZone),
  windowTo: lastDayBefore(o.windowTo, timeZone),
  channelId: o.channelId ?? '',
  language: o.language ?? '',
  themeKey: o.themeKey ?? '',
  baseline: o.baseline === null ? '' : String(o.baseline),
  minSample: String(o.minSample),
  reason: '',
});

function ObjectiveForm({
  campaign,
  objective,
  started,
  onDone,
}: {
  campaign: Campaign;
  objective?: Objective;
  started: boolean;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const channels = useChannels();
  const themes = useThemes();
  const [form, setForm] = useState<Form>(
    objective ? formOf(objective, campaign.timezone) : blank(campaign),
  );
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: () => {
      // Whole days in the campaign's time zone, both included, like the campaign's own run.
      const zone = campaign.timezone;
      const body = {
        metric: form.metric,
        target: Number(form.target),
        windowFrom: startOfDay(form.windowFrom, zone) ?? form.windowFrom,
        windowTo: endOfDay(form.windowTo, zone) ?? form.windowTo,
        channelId: form.channelId || null,
        language: form.language.trim() || null,
        themeKey: form.themeKey || null,
        baseline: form.baseline.trim() === '' ? null : Number(form.baseline),
        minSample: Number(form.minSample),
        ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
      };
      return objective
        ? call(
            api.PATCH('/api/analytics/objectives/{id}', {
              params: { path: { id: objective.id } },
              body,
            }),
          )
        : call(
            api.POST('/api/analytics/campaigns/{id}/objectives', {
              params: { path: { id: campaign.id } },
              body,
            }),
          );
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['analytics'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form
      className="stack inline-form"
      onSubmit={submit}
      aria-label={objective ? 'Change objective' : 'New objective'}
    >
      <div className="row">
        <Field label="Metric" name="metric" error={save.error}>
          {(p) => (
            <select
              {...p}
              value={form.metric}
              onChange={(e) => set('metric', e.target.value as Form['metric'])}
            >
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {humanize(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="Target"
          name="target"
          error={save.error}
          type="number"
          min={0}
          step="any"
          required
          value={form.target}
          onChange={(v) => set('target', v)}
        />
        <TextField
          label="Baseline"
          name="baseline"
          hint="The figure before the campaign, if known"
          error={save.error}
          type="number"
          min={0}
          step="any"
          value={form.baseline}
          onChange={(v) => set('baseline', v)}
        />
      </div>
      <div className="row">
        <TextField
          label="First day"
          name="windowFrom"
          error={save.error}
          type="date"
          required
          value={form.windowFrom}
          onChange={(v) => set('windowFrom', v)}
        />
        <TextField
          label="Last day"
          name="windowTo"
          hint="Included; days in the campaign’s time zone"
          error={save.error}
          type="date"
          required
          value={form.windowTo}
          onChange={(v) => set('windowTo', v)}
        />
        <TextField
          label="Minimum posts"
          name="minSample"
          hint="Fewer posts: insufficient data"
          error={save.error}
          type="number"
          min={1}
          required
          value={form.minSample}
          onChange={(v) => set('minSample', v)}
        />
      </div>
      <div className="row">
        <Field label="Channel" name="channelId" error={save.error}>
          {(p) => (
            <select
              {...p}
              value={form.channelId}
              onChange={(e) => set('channelId', e.target.value)}
            >
              <option value="">Every channel</option>
              {(channels.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {channelName(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="Language"
          name="language"
          hint="e.g. ar; empty for every language"
          error={save.error}
          size={6}
          value={form.language}
          onChange={(v) => set('language', v)}
        />
        <Field label="Theme" name="themeKey" error={save.error}>
          {(p) => (
            <select {...p} value={form.themeKey} onChange={(e) => set('themeKey', e.target.value)}>
              <option value="">Every theme</option>
              {(themes.data ?? []).map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {started && (
        <Field
          label="Reason for the change"
          name="reason"
          hint="The campaign has started: the change is recorded with this reason."
          error={save.error}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              required
              value={form.reason}
              onChange={(e) => set('reason', e.target.value)}
            />
          )}
        </Field>
      )}
      <ProblemMessage
        error={save.error}
        shownFields={[
          'metric',
          'target',
          'baseline',
          'windowFrom',
          'windowTo',
          'minSample',
          'channelId',
          'language',
          'themeKey',
          'reason',
        ]}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {objective ? 'Save objective' : 'Add objective'}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RemoveObjective({ objective, started }: { objective: Objective; started: boolean }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/analytics/objectives/{id}', {
          params: {
            path: { id: objective.id },
            query: reason.trim() ? { reason: reason.trim() } : {},
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['analytics'] }),
  });
  if (!asking) {
    return (
      <button type="button" className="btn btn-secondary" onClick={() => setAsking(true)}>
        Remove
      </button>
    );
  }
  return (
    <form
      className="stack"
      aria-label="Remove objective"
      onSubmit={(e) => {
        e.preventDefault();
        remove.mutate();
      }}
    >
      {started && (
        <TextField
          label="Reason for removing it"
          name="reason"
          error={remove.error}
          required
          value={reason}
          onChange={setReason}
        />
      )}
      <ProblemMessage error={remove.error} shownFields={['reason']} />
      <div className="actions">
        <button type="submit" className="btn btn-danger" disabled={remove.isPending}>
          Remove objective
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => setAsking(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

/** The campaign's objectives, set before it runs; later changes need a reason and are recorded. */
export default function ObjectivesEditor({ campaign }: { campaign: Campaign }) {
  const overview = useObjectives(campaign.id);
  const mayEdit = useCan('recordEvaluation');
  const [editing, setEditing] = useState<Objective | 'new' | null>(null);
  const started = campaign.startsAt !== null && Date.parse(campaign.startsAt) <= Date.now();
  return (
    <section className="card stack" aria-labelledby="objectives-editor">
      <div className="card-header">
        <h2 id="objectives-editor">Objectives of {campaign.name}</h2>
        {mayEdit && editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            Add objective
          </button>
        )}
      </div>
      {started && (
        <p className="muted">
          The campaign has started: every change asks for a reason and stays on record.
        </p>
      )}
      {editing === 'new' && (
        <ObjectiveForm campaign={campaign} started={started} onDone={() => setEditing(null)} />
      )}
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorState error={overview.error} />
      ) : overview.data.objectives.length === 0 ? (
        <p className="muted">No objectives yet: set them before the campaign runs.</p>
      ) : (
        <ul className="objective-list">
          {overview.data.objectives.map((o) => (
            <li key={o.id} className="objective">
              {editing !== 'new' && editing?.id === o.id ? (
                <ObjectiveForm
                  campaign={campaign}
                  objective={o}
                  started={started}
                  onDone={() => setEditing(null)}
                />
              ) : (
                <div className="actions">
                  <strong>{objectiveTitle(o)}</strong> <StateBadge state={o.evaluation.state} />
                  {mayEdit && (
                    <>
                      <button
                        type="button"
                        className="btn btn-secondary"
                        onClick={() => setEditing(o)}
                      >
                        Change
                      </button>
                      <RemoveObjective objective={o} started={started} />
                    </>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
