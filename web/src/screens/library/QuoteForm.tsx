import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import {
  type Draft,
  EMPTY,
  type QuoteDetail,
  type SetDraft,
  draftOf,
  orNull,
} from './quote-form/draft';
import {
  ProvenanceDialogs,
  ProvenanceSection,
  useProvenancePickers,
} from './quote-form/ProvenanceSection';
import { RiskSection } from './quote-form/RiskSection';
import { TestimonySection } from './quote-form/TestimonySection';

export function QuoteForm() {
  const { id } = useParams();
  const editing = !!id;
  const navigate = useNavigate();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const pickers = useProvenancePickers();
  const existing = useQuery({
    queryKey: ['quote', id],
    queryFn: () => call(api.GET('/api/library/quotes/{id}', { params: { path: { id: id! } } })),
    enabled: editing,
  });
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);

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
  const set: SetDraft = (key, value) => setDraft((d) => ({ ...d, [key]: value }));
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
        <TestimonySection draft={draft} set={set} error={save.error} />
        <ProvenanceSection
          draft={draft}
          set={set}
          error={save.error}
          existing={existing.data}
          pickers={pickers}
        />
        <RiskSection draft={draft} set={set} error={save.error} />
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
      <ProvenanceDialogs pickers={pickers} set={set} />
    </div>
  );
}
