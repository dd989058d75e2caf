import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
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
import { formatTime, humanize } from '../../ui/format';
import { useDebounced } from '../../ui/useDebounced';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { usePost } from './post-bits';
import { quotation } from './compose/quotation';
import { QuotePicker } from './compose/QuotePicker';
import { ThreadEditor } from './compose/ThreadEditor';
import { LinkedQuotesEditor } from './compose/LinkedQuotesEditor';
import { useIdentityWarnings } from './compose/identity-warnings';
import { ChannelChoice } from './compose/ChannelChoice';
import { ConflictPanel, type EditConflict } from './compose/ConflictPanel';
import { type LocalDraft, readLocalDraft, writeLocalDraft } from './compose/local-draft';
import { useLeaveWarning } from './compose/use-leave-warning';

interface Saved {
  id: string;
  revision: number;
}

/** `mine`: save this text over the revision someone else saved meanwhile. */
type SaveMode = 'submit' | 'draft' | 'auto' | 'mine';

/** Existing drafts save themselves this long after the last keystroke. */
const AUTOSAVE_MS = 2_000;

/** The text a save would store: equal strings, no unsaved text. */
const contentKey = (segments: readonly string[], quoteIds: readonly string[]) =>
  JSON.stringify([segments, quoteIds]);
const idsOf = (quotes: readonly Quote[]) => quotes.map((q) => q.id);

export function Compose() {
  const { id: editId } = useParams();
  const [params] = useSearchParams();
  const quoteParam = params.get('quote');
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const campaigns = useCampaigns();
  const channels = useChannels();
  const existing = usePost(editId);
  // A new draft picks up where this browser left it, so text typed and not saved is never lost.
  const [restored, setRestored] = useState<LocalDraft | null>(() =>
    editId ? null : readLocalDraft(),
  );
  const [campaignId, setCampaignId] = useState(restored?.campaignId ?? '');
  const [channelIds, setChannelIds] = useState<string[]>(restored?.channelIds ?? []);
  const [segments, setSegments] = useState<string[]>(restored?.segments ?? ['']);
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [timing, setTiming] = useState<Timing>({ kind: 'next' });
  const [saved, setSaved] = useState<Saved | null>(null);
  const [baseline, setBaseline] = useState(() => contentKey([''], []));
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [merging, setMerging] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const active = useRef<{ index: number; caret: number }>({ index: 0, caret: 0 });
  const channelId = channelIds[0] ?? '';

  useEffect(() => {
    if (!restored?.quoteIds.length) return;
    void Promise.all(
      restored.quoteIds.map((id) =>
        call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } })),
      ),
    ).then(setQuotes, () => undefined);
  }, [restored]);

  useEffect(() => {
    const post = existing.data;
    if (!post) return;
    // A refetch after someone else's save must not overwrite the text being edited.
    if (saved?.id === post.id) return;
    const texts = post.revision.segments.map((s) => s.text);
    setCampaignId(post.campaignId);
    setChannelIds([post.channelId]);
    setSegments(texts);
    setSaved({ id: post.id, revision: post.currentRevision });
    setBaseline(contentKey(texts, post.revision.quoteIds));
    void Promise.all(
      post.revision.quoteIds.map((id) =>
        call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } })),
      ),
    ).then(setQuotes);
  }, [existing.data, saved?.id]);

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
    if (!channelId && liveChannels[0] && !editId && !restored) setChannelIds([liveChannels[0].id]);
  }, [campaignId, channelId, liveCampaigns, liveChannels, editId, restored]);

  const campaign = byId(campaigns.data).get(campaignId);
  const channel = byId(channels.data).get(channelId);
  const identity = useIdentityWarnings(segments, [...new Set(quotes.map((q) => q.defector.id))]);

  const save = useMutation({
    mutationFn: async (mode: SaveMode) => {
      const body = {
        segments,
        quoteIds: quotes.map((q) => q.id),
        requestedAt: requestedAtOf(timing, channel),
      };
      const key = contentKey(segments, idsOf(quotes));
      let ids: string[];
      if (saved) {
        const post = await call(
          api.PUT('/api/posts/{id}', {
            params: { path: { id: saved.id } },
            body: {
              ...body,
              baseRevision: mode === 'mine' && conflict ? conflict.revision : saved.revision,
            },
          }),
        ).catch(async (error: unknown) => {
          if (error instanceof ApiProblem && typeof error.body.currentRevision === 'number') {
            // Someone saved first: keep this text and show it against theirs.
            const theirs = await call(
              api.GET('/api/posts/{id}', { params: { path: { id: saved.id } } }),
            );
            setConflict({
              revision: theirs.currentRevision,
              theirs: theirs.revision.segments.map((x) => x.text),
            });
            setMerging(false);
          }
          throw error;
        });
        setSaved({ id: post.id, revision: post.currentRevision });
        ids = [post.id];
      } else if (channelIds.length > 1) {
        const posts = await call(
          api.POST('/api/posts/batch', { body: { ...body, campaignId, channelIds } }),
        );
        ids = posts.map((p) => p.id);
      } else {
        const post = await call(
          api.POST('/api/posts', { body: { ...body, campaignId, channelId } }),
        );
        setSaved({ id: post.id, revision: post.currentRevision });
        ids = [post.id];
      }
      setBaseline(key);
      setConflict(null);
      setMerging(false);
      setSavedAt(new Date().toISOString());
      writeLocalDraft(null);
      const duplicates = [];
      if (mode === 'submit')
        for (const id of ids)
          duplicates.push(
            ...(await call(api.POST('/api/posts/{id}/submit', { params: { path: { id } } })))
              .duplicates,
          );
      return { ids, duplicates, mode };
    },
    onSuccess: ({ ids, duplicates, mode }) => {
      void client.invalidateQueries({ queryKey: ['posts'] });
      void client.invalidateQueries({ queryKey: ['review-queue'] });
      if (mode === 'auto') return;
      for (const id of ids) void client.invalidateQueries({ queryKey: ['post', id] });
      void navigate(ids.length === 1 ? `/posts/${ids[0]}` : '/posts', { state: { duplicates } });
    },
  });

  const unsaved = contentKey(segments, idsOf(quotes)) !== baseline;
  useLeaveWarning(unsaved && !save.isPending);

  // New drafts are kept in this browser at every keystroke (a small local write, so a reload or a
  // crash right after typing loses nothing); saved drafts save themselves to the server.
  useEffect(() => {
    if (saved || editId) return;
    const hasText = segments.some((x) => x.trim());
    writeLocalDraft(
      hasText
        ? {
            campaignId,
            channelIds,
            segments,
            quoteIds: quotes.map((q) => q.id),
            savedAt: new Date().toISOString(),
          }
        : null,
    );
  }, [campaignId, channelIds, segments, quotes, saved, editId]);
  const settled = useDebounced(contentKey(segments, idsOf(quotes)), AUTOSAVE_MS);
  const autosaves = existing.data?.status === 'draft' && !!saved && !conflict;
  const { mutate: saveNow, isPending: saving } = save;
  useEffect(() => {
    if (autosaves && settled !== baseline && !saving && segments.some((x) => x.trim()))
      saveNow('auto');
    // Only a settled change triggers an autosave; the rest is read at that moment.
  }, [settled]);

  // "Use in a post" from a quote's page: the quote goes in once, linked, when the editor is ready.
  const insertRef = useRef<(quote: Quote) => void>(() => undefined);
  const [incoming, setIncoming] = useState<Quote | null>(null);
  const quoteFetched = useRef(false);
  useEffect(() => {
    if (!quoteParam || editId || quoteFetched.current) return;
    quoteFetched.current = true;
    void call(api.GET('/api/library/quotes/{id}', { params: { path: { id: quoteParam } } })).then(
      setIncoming,
      () => undefined,
    );
  }, [quoteParam, editId]);
  const editorReady = !!campaigns.data && !!channels.data;
  useEffect(() => {
    if (!incoming || !editorReady) return;
    insertRef.current(incoming);
    setIncoming(null);
  }, [incoming, editorReady]);

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
  insertRef.current = (quote) => insert(quote, false);
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const shownFields = [...segments.map((_, i) => `segments[${i}]`), 'requestedAt'];
  const timingIncomplete = timing.kind === 'at' && !timingInstant(timing, channel);
  const tooLong = segments.some((s) => weightedLength(s).weightedLength > X_MAX_WEIGHTED_LENGTH);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate('submit');
  };
  const rebase = () => setSaved((s) => (s && conflict ? { ...s, revision: conflict.revision } : s));
  const discardRestored = () => {
    writeLocalDraft(null);
    setRestored(null);
    setSegments(['']);
    setQuotes([]);
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
              <ChannelChoice
                channels={liveChannels}
                chosen={channelIds}
                onChange={setChannelIds}
                locked={!!saved || !!editId}
              />
            </div>
            {campaign && (
              <p className="muted small">
                Review: {campaign.requiredStages.join(', ')} (plus safety or legal when a quote
                needs it). Quotes must be at least {humanize(campaign.minimumVerification)}.
              </p>
            )}
          </section>

          {restored && !saved && (
            <div className="alert alert-info restored" role="status">
              <span>
                Your unsaved draft from {formatTime(restored.savedAt)} is back, as you left it.
              </span>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={discardRestored}
              >
                Start afresh
              </button>
            </div>
          )}
          {conflict && (
            <ConflictPanel
              conflict={conflict}
              mine={segments}
              merging={merging}
              busy={save.isPending}
              onUseMine={() => save.mutate('mine')}
              onUseTheirs={() => {
                rebase();
                setSegments(conflict.theirs);
                setBaseline(contentKey(conflict.theirs, idsOf(quotes)));
                setConflict(null);
              }}
              onMerge={() => {
                rebase();
                setMerging(true);
              }}
            />
          )}

          <ThreadEditor
            segments={segments}
            setSegments={setSegments}
            problem={problem}
            identityMatches={identity.matches}
            lang={lang}
            active={active}
          />

          <QuotePicker onInsert={insert} campaign={campaign} linked={quotes.map((q) => q.id)} />

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

          <ProblemMessage error={conflict ? null : save.error} shownFields={shownFields} />
          {identity.error instanceof ApiProblem && (
            <div className="alert alert-warn">
              The identity check is unavailable: {identity.error.detail}
            </div>
          )}
          <div className="actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={save.isPending || tooLong || timingIncomplete || channelIds.length === 0}
            >
              {save.isPending ? 'Saving…' : 'Submit for review'}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={save.isPending || timingIncomplete || channelIds.length === 0}
              onClick={() => save.mutate('draft')}
            >
              Save draft
            </button>
            <span className="muted small" aria-live="polite">
              {save.isPending && save.variables === 'auto'
                ? 'Saving…'
                : savedAt
                  ? `Saved at ${formatTime(savedAt)}`
                  : unsaved && !saved
                    ? 'Kept in this browser until you save'
                    : ''}
            </span>
            {tooLong && (
              <span className="field-error">A post is over {X_MAX_WEIGHTED_LENGTH}.</span>
            )}
          </div>
        </form>
        <aside className="stack compose-side">
          <section className="card compose-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview on {channel ? channelName(channel) : 'X'}</h2>
            <ThreadPreview segments={segments} channel={channel} lang={lang} />
            <p className="muted small">
              Links show shortened, as on X; each counts as 23 characters (its t.co link).
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}
