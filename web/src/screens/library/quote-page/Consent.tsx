import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Badge } from '../../../ui/badges';
import { ConfirmDialog, Consequences } from '../../../ui/ConfirmDialog';
import { Field } from '../../../ui/Field';
import { formatDateTime, humanize } from '../../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../../ui/states';
import { useWithdrawalImpact } from '../withdrawal-impact';
import { type QuoteDetail, Section } from './quote-detail';

type ConsentStatus = Schemas['ConsentChangeDto']['status'];

function WithdrawalConsequences({ defectorId }: { defectorId: string }) {
  return <Consequences query={useWithdrawalImpact({ defectorId })} />;
}

export function Consent({ quote }: { quote: QuoteDetail }) {
  const me = useMe();
  const client = useQueryClient();
  const defector = useQuery({
    queryKey: ['defector', quote.defector.id],
    queryFn: () =>
      call(api.GET('/api/library/defectors/{id}', { params: { path: { id: quote.defector.id } } })),
  });
  const guardian = me.capabilities.withdrawConsent;
  // Withdrawing consent, and restoring it after a withdrawal, is for safety reviewers and admins.
  // Nothing is chosen until the user chooses: the destructive option is never a default.
  const choices = (
    guardian
      ? (['obtained', 'public_record', 'withdrawn'] as const)
      : (['obtained', 'public_record'] as const)
  ).filter((s) => s !== defector.data?.consentStatus);
  const [picked, setStatus] = useState<ConsentStatus | ''>('');
  const status = picked && (choices as readonly string[]).includes(picked) ? picked : '';
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/defectors/{id}/consent', {
          params: { path: { id: quote.defector.id } },
          body: { status: status as ConsentStatus, reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      setReason('');
      setStatus('');
      setConfirming(false);
      void client.invalidateQueries({ queryKey: ['defector', quote.defector.id] });
      void client.invalidateQueries({ queryKey: ['quote'] });
      void client.invalidateQueries({ queryKey: ['quotes'] });
    },
  });
  const d = defector.data;
  const mayChange =
    me.capabilities.changeConsent &&
    choices.length > 0 &&
    (guardian || d?.consentStatus !== 'withdrawn');
  return (
    <Section title="Person quoted and consent">
      {defector.isPending ? (
        <Loading />
      ) : defector.isError ? (
        <ErrorState error={defector.error} />
      ) : (
        d && (
          <>
            <dl className="facts">
              <dt>Name as published</dt>
              <dd>
                <Link to={`/library/defectors/${d.id}`}>{d.displayName}</Link>
              </dd>
              <dt>Nationality</dt>
              <dd>{d.nationality ?? '—'}</dd>
              <dt>Age as reported</dt>
              <dd>{d.ageAsReported ?? '—'}</dd>
              <dt>Consent</dt>
              <dd>
                <Badge tone={d.consentStatus === 'withdrawn' ? 'danger' : 'good'}>
                  {humanize(d.consentStatus)}
                </Badge>
              </dd>
              {d.internalNotes && (
                <>
                  <dt>Internal notes</dt>
                  <dd>{d.internalNotes}</dd>
                </>
              )}
            </dl>
            {d.consentHistory.length > 0 && (
              <ol className="history">
                {d.consentHistory.map((c, i) => (
                  <li key={i}>
                    <strong>{humanize(c.to)}</strong>
                    {c.from && <span className="muted"> (was {humanize(c.from)})</span>} —{' '}
                    {c.reason}
                    <div className="muted small">
                      {c.by}, {formatDateTime(c.at)}
                    </div>
                  </li>
                ))}
              </ol>
            )}
            {mayChange && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (status === 'withdrawn') setConfirming(true);
                  else change.mutate();
                }}
              >
                <Field label="Change consent to" name="status" error={change.error}>
                  {(p) => (
                    <select
                      {...p}
                      required
                      value={status}
                      onChange={(e) => setStatus(e.target.value as typeof picked)}
                    >
                      <option value="">Choose…</option>
                      {choices.map((c) => (
                        <option key={c} value={c}>
                          {humanize(c)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Reason" name="reason" error={change.error} className="grow">
                  {(p) => (
                    <input
                      {...p}
                      required
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                  )}
                </Field>
                <button type="submit" className="btn btn-secondary" disabled={change.isPending}>
                  Record
                </button>
                {!confirming && (
                  <ProblemMessage error={change.error} shownFields={['status', 'reason']} />
                )}
              </form>
            )}
            <ConfirmDialog
              open={confirming}
              title="Withdraw consent"
              consequences={
                <>
                  <p>
                    Every quote of {d.displayName} becomes unusable. Restoring consent later brings
                    back no post.
                  </p>
                  {confirming && <WithdrawalConsequences defectorId={d.id} />}
                </>
              }
              error={change.error}
              pending={change.isPending}
              confirmLabel="Withdraw consent"
              pendingLabel="Withdrawing…"
              cancelLabel="Keep consent"
              onConfirm={() => change.mutate()}
              onCancel={() => setConfirming(false)}
            />
          </>
        )
      )}
    </Section>
  );
}
