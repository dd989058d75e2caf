import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { inList, subsetOf } from './checks.js';
import { users } from './users.js';

export const CONSENT_STATUSES = ['public_record', 'obtained', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const VERIFICATION_LEVELS = [
  'unverified',
  'single_source',
  'corroborated',
  'disputed',
  'retracted',
] as const;
export type Verification = (typeof VERIFICATION_LEVELS)[number];

export const IDENTITY_RISKS = ['low', 'medium', 'high'] as const;
export type IdentityRisk = (typeof IDENTITY_RISKS)[number];

export const IDENTITY_RISK_FLAGS = [
  'name',
  'age',
  'hometown',
  'family',
  'unit',
  'location',
  'face',
] as const;
export type IdentityRiskFlag = (typeof IDENTITY_RISK_FLAGS)[number];

export const LEGAL_FLAGS = ['ongoing_prosecution', 'admitted_crime'] as const;
export type LegalFlag = (typeof LEGAL_FLAGS)[number];

export const SENSITIVITY_FLAGS = ['graphic_violence', 'sexual_violence'] as const;
export type SensitivityFlag = (typeof SENSITIVITY_FLAGS)[number];

export const VETTING_STATUSES = ['pending', 'vetted', 'rejected'] as const;
export type VettingStatus = (typeof VETTING_STATUSES)[number];

export const IDENTIFYING_DETAIL_KINDS = [
  'real_name',
  'hometown',
  'family',
  'unit',
  'location',
  'other',
] as const;
export type IdentifyingDetailKind = (typeof IDENTIFYING_DETAIL_KINDS)[number];

/** editorial = the vetting by an editor or safety reviewer; legal = the sign-off legal flags need. */
export const VETTING_STAGES = ['editorial', 'legal'] as const;
export type VettingStage = (typeof VETTING_STAGES)[number];
export const VETTING_DECISIONS = ['approve', 'reject'] as const;
export type VettingDecision = (typeof VETTING_DECISIONS)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** A text-search configuration name such as 'english'; its own type keeps to_tsvector immutable. */
const regconfig = customType<{ data: string }>({ dataType: () => 'regconfig' });

export const themes = pgTable('themes', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outlet: text('outlet').notNull(),
    title: text('title').notNull(),
    // The identity of a source: imports match on it.
    url: text('url').notNull(),
    author: text('author'),
    publishedOn: date('published_on', { mode: 'string' }),
    retrievedAt: timestamp('retrieved_at', { withTimezone: true }),
    archiveUrl: text('archive_url'),
    language: text('language').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sources_url_key').on(t.url),
    index('sources_created_idx').on(t.createdAt, t.id),
  ],
);

export const defectors = pgTable(
  'defectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    displayName: text('display_name').notNull(),
    nationality: text('nationality'),
    ageAsReported: integer('age_as_reported'),
    gender: text('gender'),
    /** Never published: visible to safety reviewers and admins only. */
    internalNotes: text('internal_notes'),
    consentStatus: text('consent_status').$type<ConsentStatus>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('defectors_created_idx').on(t.createdAt, t.id),
    index('defectors_display_name_idx').on(t.displayName),
    check('defectors_consent_status_check', inList('consent_status', CONSENT_STATUSES)),
  ],
);

/** Details that would identify a defector; never published, checked against every text quoting them. */
export const defectorIdentifyingDetails = pgTable(
  'defector_identifying_details',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    defectorId: uuid('defector_id')
      .notNull()
      .references(() => defectors.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<IdentifyingDetailKind>().notNull(),
    value: text('value').notNull(),
    /** Other spellings of the same detail (transliterations, nicknames), checked like the value. */
    aliases: text('aliases')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('defector_identifying_details_defector_idx').on(t.defectorId),
    check('defector_identifying_details_kind_check', inList('kind', IDENTIFYING_DETAIL_KINDS)),
  ],
);

export const defectorConsentChanges = pgTable(
  'defector_consent_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    defectorId: uuid('defector_id')
      .notNull()
      .references(() => defectors.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').$type<ConsentStatus>(),
    toStatus: text('to_status').$type<ConsentStatus>().notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('defector_consent_changes_defector_idx').on(t.defectorId, t.id)],
);

export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    text: text('text').notNull(),
    language: text('language').notNull(),
    searchConfig: regconfig('search_config').notNull(),
    translation: text('translation'),
    translationLanguage: text('translation_language'),
    translator: text('translator'),
    translationSearchConfig: regconfig('translation_search_config').notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector(search_config, text) || to_tsvector(translation_search_config, coalesce(translation, ''))`,
      ),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    /** Where in the source, or through whom it was relayed (e.g. "as quoted by …"). */
    sourceLocator: text('source_locator'),
    defectorId: uuid('defector_id')
      .notNull()
      .references(() => defectors.id),
    rebutsClaim: text('rebuts_claim'),
    verification: text('verification').$type<Verification>().notNull(),
    identityRisk: text('identity_risk').$type<IdentityRisk>().notNull(),
    identityRiskFlags: text('identity_risk_flags')
      .array()
      .$type<IdentityRiskFlag[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    legalFlags: text('legal_flags')
      .array()
      .$type<LegalFlag[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    sensitivityFlags: text('sensitivity_flags')
      .array()
      .$type<SensitivityFlag[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    vettingStatus: text('vetting_status').$type<VettingStatus>().notNull().default('pending'),
    /** The decisions the current vetting status rests on; cleared when the vetted content changes. */
    editorialDecisionId: bigint('editorial_decision_id', { mode: 'number' }),
    legalDecisionId: bigint('legal_decision_id', { mode: 'number' }),
    createdBy: uuid('created_by').references(() => users.id),
    /** Who last changed the vetted content (text, translation, flags, defector): they may not vet it. */
    contentRevisedBy: uuid('content_revised_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('quotes_search_idx').using('gin', t.searchVector),
    index('quotes_created_idx').on(t.createdAt, t.id),
    index('quotes_source_idx').on(t.sourceId, t.createdAt),
    index('quotes_defector_idx').on(t.defectorId, t.createdAt),
    index('quotes_language_idx').on(t.language, t.createdAt),
    index('quotes_status_idx').on(t.vettingStatus, t.verification, t.createdAt),
    check('quotes_verification_check', inList('verification', VERIFICATION_LEVELS)),
    check('quotes_identity_risk_check', inList('identity_risk', IDENTITY_RISKS)),
    check('quotes_vetting_status_check', inList('vetting_status', VETTING_STATUSES)),
    check('quotes_identity_risk_flags_check', subsetOf('identity_risk_flags', IDENTITY_RISK_FLAGS)),
    check('quotes_legal_flags_check', subsetOf('legal_flags', LEGAL_FLAGS)),
    check('quotes_sensitivity_flags_check', subsetOf('sensitivity_flags', SENSITIVITY_FLAGS)),
  ],
);

export const quoteThemes = pgTable(
  'quote_themes',
  {
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    themeKey: text('theme_key')
      .notNull()
      .references(() => themes.key),
  },
  (t) => [
    primaryKey({ columns: [t.quoteId, t.themeKey] }),
    index('quote_themes_theme_idx').on(t.themeKey, t.quoteId),
  ],
);

export const quoteVerificationChanges = pgTable(
  'quote_verification_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    fromLevel: text('from_level').$type<Verification>(),
    toLevel: text('to_level').$type<Verification>().notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('quote_verification_changes_quote_idx').on(t.quoteId, t.id)],
);

export const quoteVettingDecisions = pgTable(
  'quote_vetting_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<VettingStage>().notNull(),
    decision: text('decision').$type<VettingDecision>().notNull(),
    comment: text('comment').notNull(),
    /** Identifying details a safety reviewer knowingly accepted in the vetted text. */
    acknowledgedMatches: jsonb('acknowledged_matches'),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('quote_vetting_decisions_quote_idx').on(t.quoteId, t.id),
    check('quote_vetting_decisions_stage_check', inList('stage', VETTING_STAGES)),
    check('quote_vetting_decisions_decision_check', inList('decision', VETTING_DECISIONS)),
  ],
);
