import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiProblem, call, type Schemas } from '../../api/client';
import { useThemes } from '../../api/queries';
import { useMe } from '../../app/session';
import { Badge, Chips } from '../../ui/badges';
import { Field } from '../../ui/Field';
import { ReasonButton } from '../../ui/ReasonButton';
import { formatDate, formatDateTime, humanize } from '../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { QuoteBadges, QuoteText, SETTABLE_VERIFICATIONS } from './library-bits';

type QuoteDetail = Schemas['QuoteDetailDto'];
type Match = Schemas['VettedTextMatchDto'];

function useQuoteUpdate(id: string) {
  const client = useQueryClient();
  return (data: QuoteDetail) => {
    client.setQueryData(['quote', id], data);
    void client.invalidateQueries({ queryKey: ['quotes'] });
    void client.invalidateQueries({ queryKey: ['posts'] });
    void client.invalidateQueries({ queryKey: ['post'] });
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `s-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Provenance({ quote }: { quote: QuoteDetail }) {
  const source = useQuery({
    queryKey: ['source', quote.source.id],
    queryFn: () =>
      call(api.GET('/api/library/sources/{id}', { params: { path: { id: quote.source.id } } })),
  });
  const s = source.data;
  return (
    <Section title="Provenance">
      <dl className="facts">
        <dt>Outlet</dt>
        <dd>{quote.source.outlet}</dd>
        <dt>Title</dt>
        <dd>
          <a href={quote.source.url} target="_blank" rel="noreferrer noopener">
            {quote.source.title}
          </a>
        </dd>
        {s?.author && (
          <>
            <dt>Author</dt>
            <dd>{s.author}</dd>
          </>
        )}
        {s?.publishedOn && (
          <>
            <dt>Published</dt>
            <dd>{formatDate(s.publishedOn)}</dd>
          </>
        )}
        {s?.retrievedAt && (
          <>
            <dt>Retrieved</dt>
            <dd>{formatDateTime(s.retrievedAt)}</dd>
          </>
        )}
        {s?.archiveUrl && (
          <>
            <dt>Archived copy</dt>
            <dd>
              <a href={s.archiveUrl} target="_blank" rel="noreferrer noopener">
                {s.archiveUrl}
              </a>
            </dd>
          </>
        )}
        <dt>Where in it</dt>
        <dd>{quote.sourceLocator ?? <span className="muted">not given</span>}</dd>
      </dl>
      {source.isError && <ErrorState error={source.error} />}
    </Section>
  );
}

function Consent({ quote }: { quote: QuoteDetail }) {
  const me = useMe();
  const client = useQueryClient();
  const defector = useQuery({
    queryKey: ['defector', quote.defector.id],
    queryFn: () =>
      call(api.GET('/api/library/defectors/{id}', { params: { path: { id: quote.defector.id } } })),
  });
  const guardian = me.capabilities.withdrawConsent;
  // Withdrawing consent, and restoring it after a withdrawal, is for safety reviewers and admins.
  const choices = (
    guardian
      ? (['withdrawn', 'obtained', 'public_record'] as const)
      : (['obtained', 'public_record'] as const)
  ).filter((s) => s !== defector.data?.consentStatus);
  const [picked, setStatus] = useState<Schemas['ConsentChangeDto']['status'] | ''>('');
  const status = picked && (choices as readonly string[]).includes(picked) ? picked : choices[0];
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/defectors/{id}/consent', {
          params: { path: { id: quote.defector.id } },
          body: { status: status!, reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      setReason('');
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
              <dd>{d.displayName}</dd>
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
                  change.mutate();
                }}
              >
                <Field label="Change consent to" name="status" error={change.error}>
                  {(p) => (
                    <select
                      {...p}
                      value={status}
                      onChange={(e) => setStatus(e.target.value as typeof picked)}
                    >
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
                <ProblemMessage error={change.error} shownFields={['status', 'reason']} />
              </form>
            )}
          </>
        )
      )}
    </Section>
  );
}

function MatchList({ matches }: { matches: Match[] }) {
  return (
    <ul className="plain-list">
      {matches.map((m, i) => (
        <li key={i}>
          The {m.field} names a <strong>{humanize(m.kind)}</strong>: “{m.matchedText}”
        </li>
      ))}
    </ul>
  );
}

function VettingPanel({ quote }: { quote: QuoteDetail }) {
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

function Verification({ quote }: { quote: QuoteDetail }) {
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

function RetractButton({ quote }: { quote: QuoteDetail }) {
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

export function QuotePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const themes = useThemes();
  const quote = useQuery({
    queryKey: ['quote', id],
    queryFn: () => call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } })),
  });
  if (quote.isPending) return <Loading />;
  if (quote.isError) return <ErrorState error={quote.error} onRetry={() => void quote.refetch()} />;
  const q = quote.data;
  const retracted = q.verification === 'retracted';
  const themeName = (key: string) => themes.data?.find((t) => t.key === key)?.name ?? humanize(key);
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/library">Quote library</Link> / {q.defector.displayName}
      </nav>
      <div className="page-header">
        <div>
          <h1>Quote from {q.defector.displayName}</h1>
          <QuoteBadges quote={q} />
        </div>
        <div className="actions">
          {me.capabilities.editQuotes && !retracted && (
            <Link className="btn btn-secondary" to={`/library/${q.id}/edit`}>
              Edit
            </Link>
          )}
          {me.capabilities.retractQuotes && !retracted && <RetractButton quote={q} />}
        </div>
      </div>
      <div className="grid-2">
        <div className="stack">
          <section className="card" aria-label="Quote text">
            <QuoteText quote={q} />
            {q.translation && (
              <div className="translation">
                <h3>Translation ({q.translationLanguage})</h3>
                <blockquote dir="auto" lang={q.translationLanguage ?? undefined}>
                  {q.translation}
                </blockquote>
                {q.translator && <div className="muted small">Translated by {q.translator}</div>}
              </div>
            )}
            <dl className="facts">
              <dt>Language</dt>
              <dd>{q.language}</dd>
              <dt>Themes</dt>
              <dd>{q.themes.map(themeName).join(', ')}</dd>
              <dt>Rebuts</dt>
              <dd>{q.rebutsClaim ?? <span className="muted">not given</span>}</dd>
            </dl>
          </section>
          <Section title="Risk and flags">
            <dl className="facts">
              <dt>Identity risk</dt>
              <dd>{q.identityRisk}</dd>
              <dt>Could identify by</dt>
              <dd>
                <Chips values={q.identityRiskFlags} tone="warn" />
              </dd>
              <dt>Legal flags</dt>
              <dd>
                <Chips values={q.legalFlags} tone="danger" />
              </dd>
              <dt>Sensitive content</dt>
              <dd>
                <Chips values={q.sensitivityFlags} tone="warn" />
              </dd>
            </dl>
          </Section>
          <Provenance quote={q} />
        </div>
        <div className="stack">
          <VettingPanel quote={q} />
          <Verification quote={q} />
          <Consent quote={q} />
        </div>
      </div>
    </div>
  );
}
