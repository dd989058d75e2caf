/**
 * What the library services take, as plain domain inputs. The HTTP DTOs (and the CSV import's row
 * checks) validate into these shapes; the services never see a DTO class.
 */
import type {
  IdentityRisk,
  IdentityRiskFlag,
  LegalFlag,
  SensitivityFlag,
} from '../db/schema/index.js';

/** A new defector's consent; withdrawn is only ever a change, recorded with its reason. */
export const INITIAL_CONSENT = ['public_record', 'obtained'] as const;

export interface DefectorInput {
  displayName: string;
  nationality?: string | null;
  ageAsReported?: number | null;
  gender?: string | null;
  internalNotes?: string | null;
  consentStatus: (typeof INITIAL_CONSENT)[number];
  /** Why this consent status (kept in the consent history). */
  consentReason?: string;
}

/** Consent changes only through its own operation, which records the reason. */
export type DefectorChanges = Partial<Omit<DefectorInput, 'consentStatus' | 'consentReason'>>;

/** Dates are ISO 8601: `publishedOn` a calendar date, `retrievedAt` a date-time. */
export interface SourceInput {
  outlet: string;
  title: string;
  url: string;
  author?: string | null;
  publishedOn?: string | null;
  retrievedAt?: string | null;
  archiveUrl?: string | null;
  language: string;
}

/** Any field of a source may change; a new url must still be unique. */
export type SourceChanges = Partial<SourceInput>;

/** Retracted is reached only through retraction, which records and announces it. */
export const SETTABLE_VERIFICATION = [
  'unverified',
  'single_source',
  'corroborated',
  'disputed',
] as const;

/** What a quote says and how risky it is: shared by the API and the CSV import. */
export interface QuoteContent {
  text: string;
  language: string;
  translation?: string | null;
  translationLanguage?: string | null;
  translator?: string | null;
  sourceLocator?: string | null;
  themes: string[];
  rebutsClaim?: string | null;
  verification: (typeof SETTABLE_VERIFICATION)[number];
  identityRisk: IdentityRisk;
  identityRiskFlags?: IdentityRiskFlag[];
  legalFlags?: LegalFlag[];
  sensitivityFlags?: SensitivityFlag[];
}

export interface QuoteInput extends QuoteContent {
  sourceId: string;
  defectorId: string;
  /** Why this verification level (kept in its history). */
  verificationReason?: string;
}

/**
 * Changing text, language, translation, defector or any flag sends a vetted quote back to pending.
 * Verification changes only through its own operation, which records the reason.
 */
export type QuoteChanges = Partial<Omit<QuoteInput, 'verification' | 'verificationReason'>>;
