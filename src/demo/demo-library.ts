import { SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Database, Executor } from '../db/database.js';
import type {
  IdentityRisk,
  IdentityRiskFlag,
  LegalFlag,
  SensitivityFlag,
  Verification,
} from '../db/schema/index.js';
import { DefectorsRepository } from '../library/defectors.repository.js';
import { vettingStatusOf } from '../library/quote-vetting-rules.js';
import { QuotesRepository } from '../library/quotes.repository.js';
import { searchConfigFor } from '../library/search-config.js';
import { SourcesRepository } from '../library/sources.repository.js';

const ICSR_REPORT = {
  outlet: 'ICSR, King’s College London',
  title: 'Victims, Perpetrators, Assets: The Narratives of Islamic State Defectors',
  url: 'https://icsr.info/wp-content/uploads/2015/09/ICSR-Report-Victims-Perpertrators-Assets-The-Narratives-of-Islamic-State-Defectors.pdf',
  author: 'Peter R. Neumann',
  language: 'en',
};

const SAMPLE_SOURCE = {
  outlet: 'SAMPLE — training data',
  title: '[SAMPLE] Invented testimony for practising the identity check',
  url: 'https://example.org/countervoice/sample-testimony',
  author: null,
  language: 'en',
};

interface DemoQuote {
  source: typeof ICSR_REPORT | typeof SAMPLE_SOURCE;
  defector: {
    displayName: string;
    nationality: string | null;
    ageAsReported: number | null;
    gender: string | null;
    consentReason: string;
  };
  identifyingDetails: { kind: 'hometown'; value: string }[];
  text: string;
  sourceLocator: string | null;
  rebutsClaim: string;
  themes: string[];
  verification: Verification;
  identityRisk: IdentityRisk;
  identityRiskFlags: IdentityRiskFlag[];
  legalFlags: LegalFlag[];
  sensitivityFlags: SensitivityFlag[];
  vetted: boolean;
}

/**
 * The two testimonies the public press coverage of the ICSR report quoted, word for word, and one
 * invented sample (marked as such) that carries an identifying detail for practising the check.
 */
const DEMO_QUOTES: DemoQuote[] = [
  {
    source: ICSR_REPORT,
    defector: {
      displayName: 'Hamza',
      nationality: 'Iraqi',
      ageAsReported: 33,
      gender: 'male',
      consentReason: 'Published testimony (quoted by The Independent, March 2015).',
    },
    identifyingDetails: [],
    text: 'These scenes terrified me. I imagined myself being caught up in these shootings, executions, beheadings and raping, if I stayed where I was.',
    sourceLocator: 'As quoted by The Independent, March 2015',
    rebutsClaim: 'The group protects Sunni Muslims.',
    themes: ['brutality_against_sunnis'],
    verification: 'single_source',
    identityRisk: 'medium',
    identityRiskFlags: ['age', 'hometown'],
    legalFlags: [],
    sensitivityFlags: ['graphic_violence', 'sexual_violence'],
    vetted: true,
  },
  {
    source: ICSR_REPORT,
    defector: {
      displayName: 'Areeb Majeed',
      nationality: 'Indian',
      ageAsReported: null,
      gender: 'male',
      consentReason: 'Published testimony (quoted via the Times of India).',
    },
    identifyingDetails: [],
    text: 'There was neither a holy war nor any of the preachings in the holy book were followed.',
    sourceLocator: 'As quoted via the Times of India',
    rebutsClaim:
      'Joining means a holy war by the book (he reportedly spent much of his time cleaning toilets).',
    themes: ['dull_duties', 'corruption_unislamic'],
    verification: 'single_source',
    identityRisk: 'low',
    identityRiskFlags: ['name'],
    legalFlags: ['ongoing_prosecution'],
    sensitivityFlags: [],
    vetted: true,
  },
  {
    source: SAMPLE_SOURCE,
    defector: {
      displayName: '[SAMPLE] Abu Example',
      nationality: null,
      ageAsReported: null,
      gender: null,
      consentReason: '[SAMPLE] Invented for training; not a real person.',
    },
    identifyingDetails: [{ kind: 'hometown', value: 'Sampletown' }],
    text: '[SAMPLE] Back in Sampletown they thought I was a hero; here I guarded an empty checkpoint for months.',
    sourceLocator: null,
    rebutsClaim: '[SAMPLE] Fighters are heroes.',
    themes: ['dull_duties'],
    verification: 'unverified',
    identityRisk: 'medium',
    identityRiskFlags: ['hometown'],
    legalFlags: [],
    sensitivityFlags: [],
    vetted: false,
  },
];

/** Idempotent: each source, defector and quote is created only when it is not there yet. */
export async function seedDemoLibrary(db: Database, audit: AuditRepository): Promise<number> {
  const sources = new SourcesRepository(db);
  const defectors = new DefectorsRepository(db);
  const quotes = new QuotesRepository(db);
  let created = 0;
  for (const demo of DEMO_QUOTES) {
    await db.transaction(async (tx) => {
      const source =
        (await sources.findByUrl(demo.source.url, tx)) ??
        (await sources.insert(tx, { ...demo.source, createdBy: null }))!;
      const defector = await findOrCreateDefector(tx, defectors, audit, demo, source.url);
      if (await quotes.isDuplicate(demo.text, source.id, defector.id, tx)) return;
      const quote = await quotes.insert(
        tx,
        {
          text: demo.text,
          language: 'en',
          searchConfig: searchConfigFor('en'),
          translationSearchConfig: searchConfigFor(null),
          sourceId: source.id,
          sourceLocator: demo.sourceLocator,
          rebutsClaim: demo.rebutsClaim,
          defectorId: defector.id,
          verification: demo.verification,
          identityRisk: demo.identityRisk,
          identityRiskFlags: demo.identityRiskFlags,
          legalFlags: demo.legalFlags,
          sensitivityFlags: demo.sensitivityFlags,
          createdBy: null,
          contentRevisedBy: null,
        },
        demo.themes,
      );
      await quotes.recordVerificationChange(tx, {
        quoteId: quote.id,
        fromLevel: null,
        toLevel: demo.verification,
        reason: 'Demo library seed.',
        actorId: null,
        actorLabel: SYSTEM_ACTOR.label,
      });
      if (demo.vetted) await vetForDemo(tx, quotes, quote.id, demo);
      await audit.record(tx, SYSTEM_ACTOR, {
        action: 'quote.created',
        entityType: 'quote',
        entityId: quote.id,
        after: { text: demo.text, demo: true, vetted: demo.vetted },
      });
      created++;
    });
  }
  return created;
}

async function findOrCreateDefector(
  tx: Executor,
  defectors: DefectorsRepository,
  audit: AuditRepository,
  demo: DemoQuote,
  sourceUrl: string,
) {
  const [existing] = await defectors.findQuotedIn(demo.defector.displayName, sourceUrl, tx);
  if (existing) return existing;
  const { consentReason, ...fields } = demo.defector;
  const row = await defectors.insert(tx, {
    ...fields,
    consentStatus: 'public_record',
    createdBy: null,
  });
  await defectors.recordConsentChange(tx, {
    defectorId: row.id,
    fromStatus: null,
    toStatus: 'public_record',
    reason: consentReason,
    actorId: null,
    actorLabel: SYSTEM_ACTOR.label,
  });
  for (const detail of demo.identifyingDetails) {
    await defectors.addIdentifyingDetail(tx, { defectorId: row.id, ...detail, createdBy: null });
  }
  await audit.record(tx, SYSTEM_ACTOR, {
    action: 'defector.created',
    entityType: 'defector',
    entityId: row.id,
    after: { displayName: row.displayName, demo: true },
  });
  return row;
}

/** The seed vets the real quotes so demos can build posts from them, each stage it needs. */
async function vetForDemo(
  tx: Executor,
  quotes: QuotesRepository,
  quoteId: string,
  demo: DemoQuote,
) {
  const decide = (stage: 'editorial' | 'legal', comment: string) =>
    quotes.recordVettingDecision(tx, {
      quoteId,
      stage,
      decision: 'approve',
      comment,
      actorId: null,
      actorLabel: SYSTEM_ACTOR.label,
    });
  const editorial = await decide(
    'editorial',
    'Demo seed: published testimony, checked against the press coverage.',
  );
  const legal =
    demo.legalFlags.length > 0
      ? await decide('legal', 'Demo seed: quoted in national press; fine to use with attribution.')
      : undefined;
  await quotes.update(tx, quoteId, {
    editorialDecisionId: editorial.id,
    legalDecisionId: legal?.id ?? null,
    vettingStatus: vettingStatusOf({
      ...demo,
      editorial: 'approve',
      legal: legal ? 'approve' : null,
      createdBy: null,
      contentRevisedBy: null,
    }),
  });
}
