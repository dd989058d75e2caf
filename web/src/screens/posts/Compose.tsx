import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiProblem, call, type Schemas } from '../../api/client';
import {
  byId,
  type Campaign,
  channelName,
  type Quote,
  useCampaigns,
  useChannels,
  useRules,
} from '../../api/queries';
import { useMe } from '../../app/session';
import { MAX_THREAD_SEGMENTS, weightedLength, X_MAX_WEIGHTED_LENGTH } from '../../posts/length';
import { ThreadPreview } from '../../posts/Preview';
import {
  requestedAtOf,
  requestedTiming,
  type Timing,
  TimingPicker,
  timingInstant,
} from '../../posts/timing';
import { Field } from '../../ui/Field';
import { humanize, isRtlLanguage } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { useDebounced } from '../../ui/useDebounced';
import { QuoteBadges, attribution } from '../library/library-bits';
import { usePost } from './post-bits';

/** The quote as it goes into a post: quoted text, then who said it and where it was published. */
function quotation(quote: Quote, useTranslation: boolean): string {
  const text = useTranslation && quote.translation ? quote.translation : quote.text;
  const language = useTranslation && quote.translation ? quote.translationLanguage : quote.language;
  return isRtlLanguage(language)
    ? `«${text}» — ${quote.defector.displayName}، ${quote.source.outlet}`
    : `“${text}” — ${attribution(quote)}`;
}

/**
 * Whether `quote` falls short of the campaign's minimum by the server's verification order
 * (weakest first; a level outside it, disputed or retracted, meets no minimum).
 */
function belowMinimum(
  quote: Quote,
  campaign: Campaign | undefined,
  order: readonly string[] | undefined,
): boolean {
  if (!campaign || !order) return false;
  const minimum = order.indexOf(campaign.minimumVerification);
  return minimum !== -1 && order.indexOf(quote.verification) < minimum;
}

function QuotePicker({
  onInsert,
  campaign,
  linked,
}: {
  onInsert: (quote: Quote, useTranslation: boolean) => void;
  campaign: Campaign | undefined;
  linked: readonly string[];
}) {
  const [text, setText] = useState('');
  const rules = useRules();
  const q = useDebounced(text.trim(), 300);
  const quotes = useQuery({
    queryKey: ['quotes', 'usable', q],
    queryFn: () =>
      call(
        api.GET('/api/library/quotes', {
          params: { query: { usableNow: true, q: q || undefined, limit: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card stack" aria-labelledby="pick-quotes">
      <h2 id="pick-quotes">Usable quotes</h2>
      <div className="field">
        <label htmlFor="quote-picker-search">Search vetted quotes</label>
        <input
          id="quote-picker-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="words, “a phrase”, -exclude"
        />
      </div>
      {quotes.isPending ? (
        <Loading />
      ) : quotes.isError ? (
        <ErrorState error={quotes.error} />
      ) : quotes.data.items.length === 0 ? (
        <Empty title="No usable quotes match">
          Only vetted quotes that are not disputed or retracted, with consent in place, can be used.
        </Empty>
      ) : (
        <ul className="picker-list" aria-label="Usable quotes">
          {quotes.data.items.map((quote) => {
            const weak = belowMinimum(quote, campaign, rules.data?.verificationOrder);
            return (
              <li key={quote.id} className="picker-item">
                <blockquote dir="auto" lang={quote.language} className="quote-text clamp">
                  {quote.text}
                </blockquote>
                <div className="muted small">
                  {attribution(quote)} · {quote.themes.map(humanize).join(', ')}
                </div>
                <QuoteBadges quote={quote} />
                {weak && (
                  <div className="field-error">
                    Below this campaign’s minimum verification (
                    {humanize(campaign!.minimumVerification)}).
                  </div>
                )}
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    disabled={weak}
                    onClick={() => onInsert(quote, false)}
                    aria-label={`Insert quote from ${quote.defector.displayName}`}
                  >
                    {linked.includes(quote.id) ? 'Insert again' : 'Insert'}
                  </button>
                  {quote.translation && (
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      disabled={weak}
                      onClick={() => onInsert(quote, true)}
                    >
                      Insert translation ({quote.translationLanguage})
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function LengthMeter({ text }: { text: string }) {
  const { weightedLength: length } = weightedLength(text);
  const over = length > X_MAX_WEIGHTED_LENGTH;
  const ratio = Math.min(1, length / X_MAX_WEIGHTED_LENGTH);
  return (
    <div className={`length ${over ? 'over' : ratio > 0.9 ? 'near' : ''}`}>
      <span className="length-bar" aria-hidden="true">
        <span style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className="length-count" data-testid="weighted-length">
        {length} / {X_MAX_WEIGHTED_LENGTH}
      </span>
      {over && <span className="sr-only"> — too long for X</span>}
    </div>
  );
}

type IdentityMatch = Schemas['IdentityMatchDto'] & { segment: number };

/** Where the thread names a private identifying detail of a quoted person, while typing. */
function useIdentityWarnings(segments: readonly string[], defectorIds: readonly string[]) {
  const me = useMe();
  const joined = useDebounced(segments.join('\n\n'), 400);
  const ids = useDebounced(defectorIds.join(','), 400);
  const check = useQuery({
    queryKey: ['identity-check', joined, ids],
    queryFn: () =>
      call(
        api.POST('/api/library/identity-check', {
          body: { text: joined, defectorIds: ids.split(',') },
        }),
      ),
    enabled: me.capabilities.checkIdentity && ids !== '' && joined.trim() !== '',
    placeholderData: keepPreviousData,
  });
  const starts: number[] = [];
  let offset = 0;
  for (const s of joined.split('\n\n')) {
    starts.push(offset);
    offset += s.length + 2;
  }
  const matches: IdentityMatch[] = (ids === '' ? [] : (check.data?.matches ?? [])).map((m) => ({
    ...m,
    segment: Math.max(
      0,
      starts.findLastIndex((start) => start <= m.start),
    ),
  }));
  return { matches, error: check.error };
}

interface Saved {
  id: string;
  revision: number;
}

export function Compose() {
  const { id: editId } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const channels = useChannels();
  const existing = usePost(editId);
  const [campaignId, setCampaignId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [segments, setSegments] = useState<string[]>(['']);
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [timing, setTiming] = useState<Timing>({ kind: 'next' });
  const [saved, setSaved] = useState<Saved | null>(null);
  const active = useRef<{ index: number; caret: number }>({ index: 0, caret: 0 });
  const boxes = useRef<(HTMLTextAreaElement | null)[]>([]);

  useEffect(() => {
    const post = existing.data;
    if (!post) return;
    setCampaignId(post.campaignId);
    setChannelId(post.channelId);
    setSegments(post.revision.segments.map((s) => s.text));
    setSaved({ id: post.id, revision: post.currentRevision });
    void Promise.all(
      post.revision.quoteIds.map((id) =>
        call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } })),
      ),
    ).then(setQuotes);
  }, [existing.data]);

  // The requested time shows in the channel's timezone, so it is filled in once both are known.
  const timingLoaded = useRef(false);
  useEffect(() => {
    const post = existing.data;
    const postChannel = post && channels.data?.find((c) => c.id === post.channelId);
    if (!post || !postChannel || timingLoaded.current) return;
    timingLoaded.current = true;
    setTiming(requestedTiming(post.requestedAt, postChannel));
  }, [existing.data, channels.data]);

  const liveCampaigns = (campaigns.data ?? []).filter((c) => c.status !== 'archived');
  const liveChannels = (channels.data ?? []).filter((c) => c.status !== 'disabled');
  useEffect(() => {
    if (!campaignId && liveCampaigns[0] && !editId) setCampaignId(liveCampaigns[0].id);
    if (!channelId && liveChannels[0] && !editId) setChannelId(liveChannels[0].id);
  }, [campaignId, channelId, liveCampaigns, liveChannels, editId]);

  const campaign = byId(campaigns.data).get(campaignId);
  const channel = byId(channels.data).get(channelId);
  const identity = useIdentityWarnings(segments, [...new Set(quotes.map((q) => q.defector.id))]);

  const save = useMutation({
    mutationFn: async (submit: boolean) => {
      const body = {
        segments,
        quoteIds: quotes.map((q) => q.id),
        requestedAt: requestedAtOf(timing, channel),
      };
      let current = saved;
      if (current) {
        const post = await call(
          api.PUT('/api/posts/{id}', {
            params: { path: { id: current.id } },
            body: { ...body, baseRevision: current.revision },
          }),
        );
        current = { id: post.id, revision: post.currentRevision };
      } else {
        const post = await call(
          api.POST('/api/posts', { body: { ...body, campaignId, channelId } }),
        );
        current = { id: post.id, revision: post.currentRevision };
      }
      setSaved(current);
      const result = submit
        ? await call(api.POST('/api/posts/{id}/submit', { params: { path: { id: current.id } } }))
        : undefined;
      return { id: current.id, duplicates: result?.duplicates ?? [] };
    },
    onSuccess: ({ id, duplicates }) => {
      void client.invalidateQueries({ queryKey: ['posts'] });
      void client.invalidateQueries({ queryKey: ['post', id] });
      void client.invalidateQueries({ queryKey: ['review-queue'] });
      void navigate(`/posts/${id}`, { state: { duplicates } });
    },
  });

  if (campaigns.isPending || channels.isPending || (editId && existing.isPending))
    return <Loading />;
  if (campaigns.isError) return <ErrorState error={campaigns.error} />;
  if (channels.isError) return <ErrorState error={channels.error} />;
  if (existing.isError) return <ErrorState error={existing.error} />;
  if (liveCampaigns.length === 0 || liveChannels.length === 0) {
    return (
      <div className="page">
        <h1>Compose</h1>
        <Empty title="No campaign or channel yet">
          An admin creates campaigns and channels in{' '}
          {me.capabilities.administer ? <Link to="/settings/campaigns">Settings</Link> : 'Settings'}{' '}
          before posts can be written.
        </Empty>
      </div>
    );
  }

  const setSegment = (index: number, text: string) =>
    setSegments((all) => all.map((s, i) => (i === index ? text : s)));
  const insert = (quote: Quote, useTranslation: boolean) => {
    const text = quotation(quote, useTranslation);
    const { index, caret } = active.current;
    const target = segments[index] ?? '';
    const at = Math.min(caret, target.length);
    const merged = `${target.slice(0, at)}${at > 0 && !/\s$/.test(target.slice(0, at)) ? ' ' : ''}${text}${target.slice(at)}`;
    const fits = weightedLength(merged).weightedLength <= X_MAX_WEIGHTED_LENGTH;
    if (target.trim() === '' || fits) {
      setSegment(index, target.trim() === '' ? text : merged);
    } else if (segments.length < MAX_THREAD_SEGMENTS) {
      // The quote does not fit where the caret is: it opens the next post of the thread.
      setSegments((all) => [...all.slice(0, index + 1), text, ...all.slice(index + 1)]);
      active.current = { index: index + 1, caret: text.length };
    }
    setQuotes((linked) => (linked.some((q) => q.id === quote.id) ? linked : [...linked, quote]));
  };
  const move = (index: number, by: -1 | 1) =>
    setSegments((all) => {
      const next = [...all];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const shownFields = [...segments.map((_, i) => `segments[${i}]`), 'requestedAt'];
  const timingIncomplete = timing.kind === 'at' && !timingInstant(timing, channel);
  const tooLong = segments.some((s) => weightedLength(s).weightedLength > X_MAX_WEIGHTED_LENGTH);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(true);
  };
  const lang = campaign?.language;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{editId ? 'Edit post' : 'Compose'}</h1>
          <p className="muted">
            {editId
              ? 'Saving makes a new revision; any approvals are void and the post goes back to review.'
              : 'Write a post or a thread from vetted testimony; it is published only after review.'}
          </p>
        </div>
      </div>
      <div className="compose">
        <form className="stack compose-main" onSubmit={submit}>
          <section className="card stack">
            <div className="row">
              <Field label="Campaign" name="campaignId" error={save.error} className="grow">
                {(p) => (
                  <select
                    {...p}
                    value={campaignId}
                    disabled={!!saved}
                    onChange={(e) => setCampaignId(e.target.value)}
                  >
                    {liveCampaigns.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name} ({c.language})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Channel" name="channelId" error={save.error} className="grow">
                {(p) => (
                  <select
                    {...p}
                    value={channelId}
                    disabled={!!saved}
                    onChange={(e) => setChannelId(e.target.value)}
                  >
                    {liveChannels.map((c) => (
                      <option key={c.id} value={c.id}>
                        {channelName(c)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {campaign && (
              <p className="muted small">
                Review: {campaign.requiredStages.join(', ')} (plus safety or legal when a quote
                needs it). Quotes must be at least {humanize(campaign.minimumVerification)}.
              </p>
            )}
          </section>

          <section className="card stack" aria-labelledby="thread-heading">
            <h2 id="thread-heading">
              {segments.length > 1 ? `Thread of ${segments.length}` : 'Post'}
            </h2>
            {segments.map((text, index) => {
              const messages = problem?.forField(`segments[${index}]`) ?? [];
              const matches = identity.matches.filter((m) => m.segment === index);
              return (
                <div key={index} className="segment">
                  <div className="segment-head">
                    <label htmlFor={`segment-${index}`}>
                      {segments.length > 1 ? `Post ${index + 1} of ${segments.length}` : 'Text'}
                    </label>
                    <div className="segment-tools">
                      <button
                        type="button"
                        className="btn-icon"
                        aria-label={`Move post ${index + 1} up`}
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn-icon"
                        aria-label={`Move post ${index + 1} down`}
                        disabled={index === segments.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="btn-icon"
                        aria-label={`Remove post ${index + 1}`}
                        disabled={segments.length === 1}
                        onClick={() => setSegments((all) => all.filter((_, i) => i !== index))}
                      >
                        ×
                      </button>
                    </div>
                  </div>
                  <textarea
                    id={`segment-${index}`}
                    ref={(el) => {
                      boxes.current[index] = el;
                    }}
                    rows={4}
                    dir="auto"
                    lang={lang}
                    value={text}
                    aria-invalid={messages.length > 0 || undefined}
                    aria-describedby={`segment-${index}-length`}
                    onChange={(e) => setSegment(index, e.target.value)}
                    onSelect={(e) =>
                      (active.current = { index, caret: e.currentTarget.selectionStart })
                    }
                    onFocus={(e) =>
                      (active.current = { index, caret: e.currentTarget.selectionStart })
                    }
                  />
                  <div id={`segment-${index}-length`}>
                    <LengthMeter text={text} />
                  </div>
                  {messages.length > 0 && <div className="field-error">{messages.join(' ')}</div>}
                  {matches.length > 0 && (
                    <div className="alert alert-warn" role="status">
                      <strong>This post may identify someone:</strong>{' '}
                      {matches.map((m, i) => (
                        <span key={i}>
                          {i > 0 && '; '}“{m.matchedText}” is a private {humanize(m.kind)} detail
                        </span>
                      ))}
                      . A safety reviewer must clear it before approval.
                    </div>
                  )}
                </div>
              );
            })}
            <div className="actions">
              <button
                type="button"
                className="btn btn-secondary"
                disabled={segments.length >= MAX_THREAD_SEGMENTS}
                onClick={() => {
                  setSegments((all) => [...all, '']);
                  active.current = { index: segments.length, caret: 0 };
                  requestAnimationFrame(() => boxes.current[segments.length]?.focus());
                }}
              >
                Add post to thread
              </button>
            </div>
          </section>

          <section className="card stack" aria-labelledby="linked-heading">
            <h2 id="linked-heading">Quotes used</h2>
            {quotes.length === 0 ? (
              <p className="muted">Insert a quote from the list to link it to this post.</p>
            ) : (
              <ul className="plain-list">
                {quotes.map((q) => (
                  <li key={q.id} className="linked-quote">
                    <div>
                      <Link to={`/library/${q.id}`}>{attribution(q)}</Link>
                      <div className="muted small clamp-1" dir="auto">
                        {q.text}
                      </div>
                    </div>
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => setQuotes((all) => all.filter((x) => x.id !== q.id))}
                      aria-label={`Unlink quote from ${q.defector.displayName}`}
                    >
                      Unlink
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card stack">
            <TimingPicker value={timing} onChange={setTiming} channel={channel} />
            <p className="muted small">
              An editor schedules the post once every review stage has approved it; your choice is
              passed on with the post.
            </p>
            {timing.kind === 'at' && !timingInstant(timing, channel) && (
              <div className="field-hint">Pick a time, or choose the next free slot.</div>
            )}
            {problem && problem.forField('requestedAt').length > 0 && (
              <div className="field-error">{problem.forField('requestedAt').join(' ')}</div>
            )}
          </section>

          <ProblemMessage error={save.error} shownFields={shownFields} />
          {identity.error instanceof ApiProblem && (
            <div className="alert alert-warn">
              The identity check is unavailable: {identity.error.detail}
            </div>
          )}
          <div className="actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={save.isPending || tooLong || timingIncomplete}
            >
              {save.isPending ? 'Saving…' : 'Submit for review'}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={save.isPending || timingIncomplete}
              onClick={() => save.mutate(false)}
            >
              Save draft
            </button>
            {tooLong && (
              <span className="field-error">A post is over {X_MAX_WEIGHTED_LENGTH}.</span>
            )}
          </div>
        </form>
        <aside className="stack compose-side">
          <QuotePicker onInsert={insert} campaign={campaign} linked={quotes.map((q) => q.id)} />
          <section className="card" aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview on {channel ? channelName(channel) : 'X'}</h2>
            <ThreadPreview segments={segments} channel={channel} lang={lang} />
          </section>
        </aside>
      </div>
    </div>
  );
}
