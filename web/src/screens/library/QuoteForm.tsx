import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useThemes } from '../../api/queries';
import { useMe } from '../../app/session';
import { Dialog } from '../../ui/Dialog';
import { CheckboxGroup, Field, SearchSelect } from '../../ui/Field';
import { humanize } from '../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import {
  IDENTITY_RISKS,
  IDENTITY_RISK_FLAGS,
  LEGAL_FLAGS,
  SENSITIVITY_FLAGS,
  SETTABLE_VERIFICATIONS,
} from './library-bits';

type CreateQuote = Schemas['CreateQuoteDto'];
type QuoteDetail = Schemas['QuoteDetailDto'];

interface Draft {
  text: string;
  language: string;
  translation: string;
  translationLanguage: string;
  translator: string;
  sourceId: string;
  sourceLocator: string;
  defectorId: string;
  themes: string[];
  rebutsClaim: string;
  verification: CreateQuote['verification'];
  verificationReason: string;
  identityRisk: CreateQuote['identityRisk'];
  identityRiskFlags: NonNullable<CreateQuote['identityRiskFlags']>;
  legalFlags: NonNullable<CreateQuote['legalFlags']>;
  sensitivityFlags: NonNullable<CreateQuote['sensitivityFlags']>;
}

const EMPTY: Draft = {
  text: '',
  language: 'en',
  translation: '',
  translationLanguage: '',
  translator: '',
  sourceId: '',
  sourceLocator: '',
  defectorId: '',
  themes: [],
  rebutsClaim: '',
  verification: 'single_source',
  verificationReason: '',
  identityRisk: 'low',
  identityRiskFlags: [],
  legalFlags: [],
  sensitivityFlags: [],
};

function draftOf(q: QuoteDetail): Draft {
  return {
    text: q.text,
    language: q.language,
    translation: q.translation ?? '',
    translationLanguage: q.translationLanguage ?? '',
    translator: q.translator ?? '',
    sourceId: q.source.id,
    sourceLocator: q.sourceLocator ?? '',
    defectorId: q.defector.id,
    themes: q.themes,
    rebutsClaim: q.rebutsClaim ?? '',
    verification: q.verification === 'retracted' ? 'disputed' : q.verification,
    verificationReason: '',
    identityRisk: q.identityRisk,
    identityRiskFlags: q.identityRiskFlags,
    legalFlags: q.legalFlags,
    sensitivityFlags: q.sensitivityFlags,
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function NewSourceDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form, setForm] = useState({
    outlet: '',
    title: '',
    url: '',
    author: '',
    publishedOn: '',
    language: 'en',
    archiveUrl: '',
  });
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/sources', {
          body: {
            outlet: form.outlet.trim(),
            title: form.title.trim(),
            url: form.url.trim(),
            language: form.language.trim(),
            author: orNull(form.author),
            publishedOn: orNull(form.publishedOn),
            archiveUrl: orNull(form.archiveUrl),
          },
        }),
      ),
    onSuccess: (source) => {
      void client.invalidateQueries({ queryKey: ['sources'] });
      onCreated(source.id);
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <Dialog open={open} title="New source" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Outlet" name="outlet" error={create.error}>
          {(p) => <input {...p} required value={form.outlet} onChange={set('outlet')} />}
        </Field>
        <Field label="Title" name="title" error={create.error}>
          {(p) => <input {...p} required value={form.title} onChange={set('title')} />}
        </Field>
        <Field
          label="URL"
          name="url"
          error={create.error}
          hint="Where it was published; imports match sources on it."
        >
          {(p) => <input {...p} type="url" required value={form.url} onChange={set('url')} />}
        </Field>
        <div className="row">
          <Field label="Author" name="author" error={create.error}>
            {(p) => <input {...p} value={form.author} onChange={set('author')} />}
          </Field>
          <Field label="Published on" name="publishedOn" error={create.error}>
            {(p) => (
              <input {...p} type="date" value={form.publishedOn} onChange={set('publishedOn')} />
            )}
          </Field>
          <Field label="Language" name="language" error={create.error}>
            {(p) => (
              <input {...p} required size={6} value={form.language} onChange={set('language')} />
            )}
          </Field>
        </div>
        <Field label="Archived copy URL" name="archiveUrl" error={create.error}>
          {(p) => <input {...p} type="url" value={form.archiveUrl} onChange={set('archiveUrl')} />}
        </Field>
        <ProblemMessage
          error={create.error}
          shownFields={[
            'outlet',
            'title',
            'url',
            'author',
            'publishedOn',
            'language',
            'archiveUrl',
          ]}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add source
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function NewDefectorDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form, setForm] = useState({
    displayName: '',
    nationality: '',
    ageAsReported: '',
    gender: '',
    consentStatus: 'public_record' as 'public_record' | 'obtained',
    consentReason: '',
  });
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/defectors', {
          body: {
            displayName: form.displayName.trim(),
            nationality: orNull(form.nationality),
            ageAsReported: form.ageAsReported ? Number(form.ageAsReported) : null,
            gender: orNull(form.gender),
            consentStatus: form.consentStatus,
            ...(form.consentReason.trim() ? { consentReason: form.consentReason.trim() } : {}),
          },
        }),
      ),
    onSuccess: (defector) => {
      void client.invalidateQueries({ queryKey: ['defectors'] });
      onCreated(defector.id);
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <Dialog open={open} title="New person quoted" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field
          label="Name as published"
          name="displayName"
          error={create.error}
          hint="Often a pseudonym; never add a real name here."
        >
          {(p) => <input {...p} required value={form.displayName} onChange={set('displayName')} />}
        </Field>
        <div className="row">
          <Field label="Nationality" name="nationality" error={create.error}>
            {(p) => <input {...p} value={form.nationality} onChange={set('nationality')} />}
          </Field>
          <Field label="Age as reported" name="ageAsReported" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={10}
                max={110}
                value={form.ageAsReported}
                onChange={set('ageAsReported')}
              />
            )}
          </Field>
          <Field label="Gender" name="gender" error={create.error}>
            {(p) => <input {...p} value={form.gender} onChange={set('gender')} />}
          </Field>
        </div>
        <Field label="Consent" name="consentStatus" error={create.error}>
          {(p) => (
            <select {...p} value={form.consentStatus} onChange={set('consentStatus')}>
              <option value="public_record">public record</option>
              <option value="obtained">obtained</option>
            </select>
          )}
        </Field>
        <Field label="Why (kept in the consent history)" name="consentReason" error={create.error}>
          {(p) => <input {...p} value={form.consentReason} onChange={set('consentReason')} />}
        </Field>
        <ProblemMessage
          error={create.error}
          shownFields={[
            'displayName',
            'nationality',
            'ageAsReported',
            'gender',
            'consentStatus',
            'consentReason',
          ]}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add person
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function QuoteForm() {
  const { id } = useParams();
  const editing = !!id;
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const themes = useThemes();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [sourceText, setSourceText] = useState('');
  const [defectorText, setDefectorText] = useState('');
  const [dialog, setDialog] = useState<'source' | 'defector' | null>(null);
  const existing = useQuery({
    queryKey: ['quote', id],
    queryFn: () => call(api.GET('/api/library/quotes/{id}', { params: { path: { id: id! } } })),
    enabled: editing,
  });
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);
  const sources = useQuery({
    queryKey: ['sources', sourceText],
    queryFn: () =>
      call(
        api.GET('/api/library/sources', {
          params: { query: { text: sourceText || undefined, limit: 100 } },
        }),
      ),
  });
  const defectors = useQuery({
    queryKey: ['defectors', defectorText],
    queryFn: () =>
      call(
        api.GET('/api/library/defectors', {
          params: { query: { displayName: defectorText || undefined, limit: 100 } },
        }),
      ),
  });
  const save = useMutation({
    mutationFn: async (): Promise<QuoteDetail> => {
      const content = {
        text: draft.text,
        language: draft.language.trim(),
        translation: orNull(draft.translation),
        translationLanguage: orNull(draft.translationLanguage),
        translator: orNull(draft.translator),
        sourceLocator: orNull(draft.sourceLocator),
        themes: draft.themes,
        rebutsClaim: orNull(draft.rebutsClaim),
        identityRisk: draft.identityRisk,
        identityRiskFlags: draft.identityRiskFlags,
        legalFlags: draft.legalFlags,
        sensitivityFlags: draft.sensitivityFlags,
      };
      if (editing) {
        const before = draftOf(existing.data!);
        const body: Schemas['UpdateQuoteDto'] = {};
        for (const [key, value] of Object.entries({
          ...content,
          sourceId: draft.sourceId,
          defectorId: draft.defectorId,
        })) {
          const was = (before as unknown as Record<string, unknown>)[key];
          const now = (draft as unknown as Record<string, unknown>)[key];
          if (JSON.stringify(was) !== JSON.stringify(now))
            (body as Record<string, unknown>)[key] = value;
        }
        return call(api.PATCH('/api/library/quotes/{id}', { params: { path: { id: id! } }, body }));
      }
      return call(
        api.POST('/api/library/quotes', {
          body: {
            ...content,
            sourceId: draft.sourceId,
            defectorId: draft.defectorId,
            verification: draft.verification,
            ...(draft.verificationReason.trim()
              ? { verificationReason: draft.verificationReason.trim() }
              : {}),
          },
        }),
      );
    },
    onSuccess: (quote) => {
      client.setQueryData(['quote', quote.id], quote);
      void client.invalidateQueries({ queryKey: ['quotes'] });
      void navigate(`/library/${quote.id}`);
    },
  });
  if (editing && existing.isPending) return <Loading />;
  if (editing && existing.isError) return <ErrorState error={existing.error} />;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const shown = [
    'text',
    'language',
    'translation',
    'translationLanguage',
    'translator',
    'sourceId',
    'sourceLocator',
    'defectorId',
    'themes',
    'rebutsClaim',
    'verification',
    'verificationReason',
    'identityRisk',
    'identityRiskFlags',
    'legalFlags',
    'sensitivityFlags',
  ];
  const sourceOptions = sources.data?.items ?? [];
  const defectorOptions = defectors.data?.items ?? [];
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/library">Quote library</Link> / {editing ? 'Edit quote' : 'Add quote'}
      </nav>
      <h1>{editing ? 'Edit quote' : 'Add quote'}</h1>
      {editing && existing.data?.vetting.status === 'vetted' && (
        <div className="alert alert-info">
          Changing the text, language, translation, person or any flag sends this vetted quote back
          to vetting.
        </div>
      )}
      <form className="stack form-wide" onSubmit={submit}>
        <section className="card stack">
          <h2>Testimony</h2>
          <Field label="Quote text, exactly as published" name="text" error={save.error}>
            {(p) => (
              <textarea
                {...p}
                rows={4}
                required
                dir="auto"
                lang={draft.language}
                value={draft.text}
                onChange={(e) => set('text', e.target.value)}
              />
            )}
          </Field>
          <div className="row">
            <Field
              label="Language"
              name="language"
              error={save.error}
              hint="A tag such as en, ar or pt-BR."
            >
              {(p) => (
                <input
                  {...p}
                  required
                  size={8}
                  value={draft.language}
                  onChange={(e) => set('language', e.target.value)}
                />
              )}
            </Field>
            <Field label="Rebuts the claim" name="rebutsClaim" error={save.error} className="grow">
              {(p) => (
                <input
                  {...p}
                  value={draft.rebutsClaim}
                  onChange={(e) => set('rebutsClaim', e.target.value)}
                  placeholder="e.g. Fighters live a life of heroism."
                />
              )}
            </Field>
          </div>
          <Field label="Translation" name="translation" error={save.error}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                dir="auto"
                value={draft.translation}
                onChange={(e) => set('translation', e.target.value)}
              />
            )}
          </Field>
          <div className="row">
            <Field label="Translation language" name="translationLanguage" error={save.error}>
              {(p) => (
                <input
                  {...p}
                  size={8}
                  value={draft.translationLanguage}
                  onChange={(e) => set('translationLanguage', e.target.value)}
                />
              )}
            </Field>
            <Field label="Translator" name="translator" error={save.error} className="grow">
              {(p) => (
                <input
                  {...p}
                  value={draft.translator}
                  onChange={(e) => set('translator', e.target.value)}
                />
              )}
            </Field>
          </div>
          <CheckboxGroup
            legend="Themes (at least one)"
            options={(themes.data ?? []).map((t) => t.key)}
            label={(key) => themes.data?.find((t) => t.key === key)?.name ?? humanize(key)}
            value={draft.themes}
            onChange={(v) => set('themes', v)}
            name="themes"
            error={save.error}
          />
        </section>
        <section className="card stack">
          <h2>Provenance</h2>
          <SearchSelect
            searchLabel="Find a source"
            searchPlaceholder="outlet, title or url"
            searchText={sourceText}
            onSearchText={setSourceText}
            label="Source"
            name="sourceId"
            error={save.error}
            placeholder="Choose a source…"
            value={draft.sourceId}
            onChange={(v) => set('sourceId', v)}
            options={[
              ...(existing.data && !sourceOptions.some((s) => s.id === existing.data.source.id)
                ? [existing.data.source]
                : []),
              ...sourceOptions,
            ].map((s) => ({ value: s.id, label: `${s.outlet} — ${s.title}` }))}
          >
            {me.capabilities.contributeToLibrary && (
              <button
                type="button"
                className="btn btn-secondary align-end"
                onClick={() => setDialog('source')}
              >
                New source
              </button>
            )}
          </SearchSelect>
          <Field
            label="Where in the source"
            name="sourceLocator"
            error={save.error}
            hint="A page, a timestamp, or through whom it was relayed."
          >
            {(p) => (
              <input
                {...p}
                value={draft.sourceLocator}
                onChange={(e) => set('sourceLocator', e.target.value)}
              />
            )}
          </Field>
          <SearchSelect
            searchLabel="Find a person"
            searchPlaceholder="name as published"
            searchText={defectorText}
            onSearchText={setDefectorText}
            label="Person quoted"
            name="defectorId"
            error={save.error}
            placeholder="Choose a person…"
            value={draft.defectorId}
            onChange={(v) => set('defectorId', v)}
            options={[
              ...(existing.data && !defectorOptions.some((d) => d.id === existing.data.defector.id)
                ? [{ value: existing.data.defector.id, label: existing.data.defector.displayName }]
                : []),
              ...defectorOptions.map((d) => ({
                value: d.id,
                label:
                  d.displayName +
                  (d.nationality ? ` (${d.nationality})` : '') +
                  (d.consentStatus === 'withdrawn' ? ' — consent withdrawn' : ''),
              })),
            ]}
          >
            <button
              type="button"
              className="btn btn-secondary align-end"
              onClick={() => setDialog('defector')}
            >
              New person
            </button>
          </SearchSelect>
          {!editing && (
            <div className="row">
              <Field label="Verification" name="verification" error={save.error}>
                {(p) => (
                  <select
                    {...p}
                    value={draft.verification}
                    onChange={(e) => set('verification', e.target.value as Draft['verification'])}
                  >
                    {SETTABLE_VERIFICATIONS.map((v) => (
                      <option key={v} value={v}>
                        {humanize(v)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label="Why this level"
                name="verificationReason"
                error={save.error}
                className="grow"
              >
                {(p) => (
                  <input
                    {...p}
                    value={draft.verificationReason}
                    onChange={(e) => set('verificationReason', e.target.value)}
                  />
                )}
              </Field>
            </div>
          )}
        </section>
        <section className="card stack">
          <h2>Risk</h2>
          <Field
            label="Identity risk"
            name="identityRisk"
            error={save.error}
            hint="How easily the text could identify the person or their family."
          >
            {(p) => (
              <select
                {...p}
                value={draft.identityRisk}
                onChange={(e) => set('identityRisk', e.target.value as Draft['identityRisk'])}
              >
                {IDENTITY_RISKS.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <CheckboxGroup
            legend="Could identify by"
            options={IDENTITY_RISK_FLAGS}
            value={draft.identityRiskFlags}
            onChange={(v) => set('identityRiskFlags', v)}
            name="identityRiskFlags"
            error={save.error}
          />
          <CheckboxGroup
            legend="Legal flags (need a legal sign-off)"
            options={LEGAL_FLAGS}
            value={draft.legalFlags}
            onChange={(v) => set('legalFlags', v)}
            name="legalFlags"
            error={save.error}
          />
          <CheckboxGroup
            legend="Sensitive content (only a safety reviewer may vet)"
            options={SENSITIVITY_FLAGS}
            value={draft.sensitivityFlags}
            onChange={(v) => set('sensitivityFlags', v)}
            name="sensitivityFlags"
            error={save.error}
          />
        </section>
        <ProblemMessage error={save.error} shownFields={shown} />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Add quote (pending vetting)'}
          </button>
          <Link className="btn btn-secondary" to={editing ? `/library/${id}` : '/library'}>
            Cancel
          </Link>
        </div>
      </form>
      <NewSourceDialog
        open={dialog === 'source'}
        onClose={() => setDialog(null)}
        onCreated={(sourceId) => {
          set('sourceId', sourceId);
          setSourceText('');
          setDialog(null);
        }}
      />
      <NewDefectorDialog
        open={dialog === 'defector'}
        onClose={() => setDialog(null)}
        onCreated={(defectorId) => {
          set('defectorId', defectorId);
          setDefectorText('');
          setDialog(null);
        }}
      />
    </div>
  );
}
