import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiProblem, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field } from '../../../ui/Field';
import { formatDateTime } from '../../../ui/format';
import { ProblemMessage } from '../../../ui/states';
import { type Match, MatchList, type QuoteDetail, Section, useQuoteUpdate } from './quote-detail';

export function VettingPanel({ quote }: { quote: QuoteDetail }) {
  const me = useMe();
  const onSaved = useQuoteUpdate(quote.id);
  const [comment, setComment] = useState('');
  const [acknowledge, setAcknowledge] = useState(false);
  const [stage, setStage] = useState<'editorial' | 'legal'>('editorial');
  const decide = useMutation({
    mutationFn: ({
      decision,
      stage,
    }: {
      decision: 'approve' | 'reject';
      stage: 'editorial' | 'legal';
    }) =>
      stage === 'legal'
        ? call(
            api.POST('/api/library/quotes/{id}/legal-review', {
              params: { path: { id: quote.id } },
              body: { decision, comment: comment.trim() },
            }),
          )
        : call(
            api.POST('/api/library/quotes/{id}/vetting', {
              params: { path: { id: quote.id } },
              body: {
                decision,
                comment: comment.trim(),
                ...(acknowledge ? { acknowledgeIdentityMatches: true } : {}),
              },
            }),
          ),
    onSuccess: (data) => {
      setComment('');
      setAcknowledge(false);
      onSaved(data);
    },
  });
  const stages = quote.vetting.awaiting.filter((s) =>
    s === 'legal' ? me.capabilities.reviewQuotesLegally : me.capabilities.vetQuotes,
  );
  const matches =
    decide.error instanceof ApiProblem && Array.isArray(decide.error.body.identityMatches)
      ? (decide.error.body.identityMatches as Match[])
      : [];
  const current = stages.includes(stage) ? stage : stages[0];
  return (
    <Section title="Vetting">
      <dl className="facts">
        <dt>Status</dt>
        <dd>{quote.vetting.status}</dd>
        <dt>Waiting for</dt>
        <dd>{quote.vetting.awaiting.length ? quote.vetting.awaiting.join(', ') : 'nothing'}</dd>
        {quote.vetting.safetyReviewerRequired && (
          <>
            <dt>Who vets</dt>
            <dd>A safety reviewer (high identity risk or sensitive content)</dd>
          </>
        )}
        {quote.vetting.legalSignOffRequired && (
          <>
            <dt>Legal</dt>
            <dd>A legal reviewer must sign off as well</dd>
          </>
        )}
      </dl>
      {quote.vettingHistory.length > 0 && (
        <ol className="history" aria-label="Vetting history">
          {quote.vettingHistory.map((v) => (
            <li key={v.id}>
              <strong>
                {v.stage} {v.decision === 'approve' ? 'approved' : 'rejected'}
              </strong>{' '}
              — {v.comment}
              <div className="muted small">
                {v.by}, {formatDateTime(v.at)}
              </div>
              {v.acknowledgedMatches && v.acknowledgedMatches.length > 0 && (
                <div className="small">
                  Accepted identifying details: <MatchList matches={v.acknowledgedMatches} />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {current && quote.vetting.status === 'pending' && (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
          }}
        >
          {stages.length > 1 && (
            <Field label="Stage">
              {(p) => (
                <select
                  {...p}
                  value={current}
                  onChange={(e) => setStage(e.target.value as 'editorial' | 'legal')}
                >
                  {stages.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            label={current === 'legal' ? 'Legal review comment' : 'Vetting comment'}
            name="comment"
            error={decide.error}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                required
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          {matches.length > 0 && (
            <div className="alert alert-warn">
              <strong>The text contains identifying details of this person.</strong>
              <MatchList matches={matches} />
              {!me.capabilities.acknowledgeIdentityMatches && (
                <p>Only a safety reviewer can approve it with these details in the text.</p>
              )}
              {me.capabilities.acknowledgeIdentityMatches && current === 'editorial' && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={acknowledge}
                    onChange={(e) => setAcknowledge(e.target.checked)}
                  />
                  I have checked these details may be published (recorded with my approval)
                </label>
              )}
            </div>
          )}
          <ProblemMessage
            error={matches.length ? undefined : decide.error}
            shownFields={['comment']}
          />
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={decide.isPending || !comment.trim()}
              onClick={() => decide.mutate({ decision: 'approve', stage: current })}
            >
              {current === 'legal' ? 'Sign off' : 'Vet (approve)'}
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={decide.isPending || !comment.trim()}
              onClick={() => decide.mutate({ decision: 'reject', stage: current })}
            >
              Reject
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}
