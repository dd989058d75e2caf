import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiProblem, call } from '../../api/client';
import { byId, channelName, type Quote, useCampaigns, useChannels } from '../../api/queries';
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
import { humanize } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { usePost } from './post-bits';
import { quotation } from './compose/quotation';
import { QuotePicker } from './compose/QuotePicker';
import { ThreadEditor } from './compose/ThreadEditor';
import { LinkedQuotesEditor } from './compose/LinkedQuotesEditor';
import { useIdentityWarnings } from './compose/identity-warnings';

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

          <ThreadEditor
            segments={segments}
            setSegments={setSegments}
            problem={problem}
            identityMatches={identity.matches}
            lang={lang}
            active={active}
          />

          <LinkedQuotesEditor
            quotes={quotes}
            onUnlink={(id) => setQuotes((all) => all.filter((x) => x.id !== id))}
          />

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
