import { type Schemas } from '../../../api/client';

type CreateQuote = Schemas['CreateQuoteDto'];

export type QuoteDetail = Schemas['QuoteDetailDto'];

export interface Draft {
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

/** Sets one field of the draft. */
export type SetDraft = <K extends keyof Draft>(key: K, value: Draft[K]) => void;

/** What each section of the quote form gets: the draft, its setter and the last save's error. */
export interface DraftSectionProps {
  draft: Draft;
  set: SetDraft;
  error: unknown;
}

export const EMPTY: Draft = {
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

export function draftOf(q: QuoteDetail): Draft {
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

export const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
