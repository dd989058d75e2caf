import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field } from '../../../ui/Field';
import { Consequences } from '../../../ui/ConfirmDialog';
import { ReasonButton } from '../../../ui/ReasonButton';
import { useWithdrawalImpact } from '../withdrawal-impact';
import { formatDateTime, humanize } from '../../../ui/format';
import { ProblemMessage } from '../../../ui/states';
import { SETTABLE_VERIFICATIONS } from '../library-bits';
import { type QuoteDetail, Section, useQuoteUpdate } from './quote-detail';

export function Verification({ quote }: { quote: QuoteDetail }) {
  const me = useMe();
  const onSaved = useQuoteUpdate(quote.id);
  const [level, setLevel] = useState<(typeof SETTABLE_VERIFICATIONS)[number]>(
    quote.verification === 'retracted' ? 'disputed' : quote.verification,
  );
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/quotes/{id}/verification', {
          params: { path: { id: quote.id } },
          body: { verification: level, reason: reason.trim() },
        }),
      ),
    onSuccess: (data) => {
      setReason('');
      onSaved(data);
    },
  });
  return (
    <Section title="Verification history">
      {quote.verificationHistory.length === 0 ? (
        <p className="muted">No changes recorded.</p>
      ) : (
        <ol className="history">
          {quote.verificationHistory.map((v, i) => (
            <li key={i}>
              <strong>{humanize(v.to)}</strong>
              {v.from && <span className="muted"> (was {humanize(v.from)})</span>} — {v.reason}
              <div className="muted small">
                {v.by}, {formatDateTime(v.at)}
              </div>
            </li>
          ))}
        </ol>
      )}
      {me.capabilities.vetQuotes && quote.verification !== 'retracted' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate();
          }}
        >
          <Field label="New level" name="verification" error={change.error}>
            {(p) => (
              <select
                {...p}
                value={level}
                onChange={(e) => setLevel(e.target.value as typeof level)}
              >
                {SETTABLE_VERIFICATIONS.map((v) => (
                  <option key={v} value={v}>
                    {humanize(v)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Reason" name="reason" error={change.error} className="grow">
            {(p) => (
              <input {...p} required value={reason} onChange={(e) => setReason(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="btn btn-secondary" disabled={change.isPending}>
            Change
          </button>
          <ProblemMessage error={change.error} shownFields={['verification', 'reason']} />
        </form>
      )}
    </Section>
  );
}

function RetractionConsequences({ quoteId }: { quoteId: string }) {
  return <Consequences query={useWithdrawalImpact({ quoteId })} />;
}

export function RetractButton({ quote }: { quote: QuoteDetail }) {
  const onSaved = useQuoteUpdate(quote.id);
  return (
    <ReasonButton
      label="Retract"
      title="Retract this quote"
      intro={
        <p>
          Retraction is final. Every post built on this quote that is not yet published is withdrawn
          at once; published ones are flagged for deletion.
        </p>
      }
      consequences={<RetractionConsequences quoteId={quote.id} />}
      rows={3}
      submitLabel="Retract quote"
      pendingLabel="Retracting…"
      dismissLabel="Cancel"
      send={(reason) =>
        call(
          api.POST('/api/library/quotes/{id}/retract', {
            params: { path: { id: quote.id } },
            body: { reason },
          }),
        )
      }
      onDone={onSaved}
    />
  );
}
