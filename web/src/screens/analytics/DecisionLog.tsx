import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCan } from '../../app/session';
import { Field } from '../../ui/Field';
import { formatDateTime, inputFromInstant, instantFromInput } from '../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';

export type Decision = Schemas['DecisionDto'];

export function useDecisions(campaignId: string) {
  return useQuery({
    queryKey: ['analytics', 'decisions', campaignId],
    enabled: campaignId !== '',
    queryFn: () => call(api.GET('/api/analytics/decisions', { params: { query: { campaignId } } })),
  });
}

/** The entries, newest first; append-only, so nothing here edits or deletes. */
export function DecisionEntries({ decisions }: { decisions: readonly Decision[] }) {
  if (decisions.length === 0) return <p className="muted">No decisions recorded yet.</p>;
  return (
    <ol className="decision-log">
      {[...decisions]
        .sort((a, b) => b.at.localeCompare(a.at))
        .map((d) => (
          <li key={d.id}>
            <time dateTime={d.at}>{formatDateTime(d.at)}</time>
            <strong>{d.what}</strong>
            <p>{d.why}</p>
          </li>
        ))}
    </ol>
  );
}

function RecordDecision({ campaignId }: { campaignId: string }) {
  const client = useQueryClient();
  const [at, setAt] = useState(() => inputFromInstant(new Date()));
  const [what, setWhat] = useState('');
  const [why, setWhy] = useState('');
  const record = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/analytics/campaigns/{id}/decisions', {
          params: { path: { id: campaignId } },
          body: { at: instantFromInput(at) ?? at, what: what.trim(), why: why.trim() },
        }),
      ),
    onSuccess: () => {
      setWhat('');
      setWhy('');
      void client.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Record a decision">
      <h3>Record a decision</h3>
      <Field label="Took effect" name="at" error={record.error}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            required
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="What changed"
        name="what"
        error={record.error}
        hint="e.g. Paused the dull duties theme; moved posting to evenings"
      >
        {(p) => (
          <input
            {...p}
            required
            maxLength={500}
            value={what}
            onChange={(e) => setWhat(e.target.value)}
          />
        )}
      </Field>
      <Field label="Why" name="why" error={record.error}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            required
            maxLength={4000}
            value={why}
            onChange={(e) => setWhy(e.target.value)}
          />
        )}
      </Field>
      <ProblemMessage error={record.error} shownFields={['at', 'what', 'why']} />
      <p className="muted">Entries cannot be changed or deleted once recorded.</p>
      <div>
        <button type="submit" className="btn btn-primary" disabled={record.isPending}>
          {record.isPending ? 'Recording…' : 'Record decision'}
        </button>
      </div>
    </form>
  );
}

export function DecisionLog({ campaignId }: { campaignId: string }) {
  const decisions = useDecisions(campaignId);
  const mayRecord = useCan('recordEvaluation');
  return (
    <section className="card stack" aria-labelledby="decision-log">
      <h2 id="decision-log">Decision log</h2>
      <p className="muted">Adjustments to the campaign and why, marked on the chart over time.</p>
      {decisions.isPending ? (
        <Loading />
      ) : decisions.isError ? (
        <ErrorState error={decisions.error} />
      ) : (
        <DecisionEntries decisions={decisions.data.items} />
      )}
      {mayRecord && <RecordDecision campaignId={campaignId} />}
    </section>
  );
}
