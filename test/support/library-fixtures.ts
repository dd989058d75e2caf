import type { TestApp } from './test-app.js';

export interface QuoteFixture {
  text?: string;
  identityRisk?: 'low' | 'medium' | 'high';
  sensitivityFlags?: string[];
  legalFlags?: string[];
  verification?: string;
  vettingStatus?: 'pending' | 'vetted' | 'rejected';
  consentStatus?: 'public_record' | 'obtained' | 'withdrawn';
  identifyingDetails?: { kind: string; value: string }[];
}

/** Stores a quote with its source and defector as the library would hold it after vetting. */
export async function insertQuote(
  t: TestApp,
  fixture: QuoteFixture = {},
): Promise<{ quoteId: string; defectorId: string; detailIds: string[] }> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const [source] = await t.query<{ id: string }>(
    `INSERT INTO sources (outlet, title, url, language) VALUES ('[SAMPLE] Test outlet', 'Sample source', $1, 'en') RETURNING id`,
    [`https://example.org/sample/${suffix}`],
  );
  const [defector] = await t.query<{ id: string }>(
    `INSERT INTO defectors (display_name, consent_status) VALUES ($1, $2) RETURNING id`,
    [`Sample ${suffix}`, fixture.consentStatus ?? 'public_record'],
  );
  const [quote] = await t.query<{ id: string }>(
    `INSERT INTO quotes (text, language, search_config, translation_search_config, source_id, defector_id, verification,
       identity_risk, sensitivity_flags, legal_flags, vetting_status)
     VALUES ($1, 'en', 'english', 'simple', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      fixture.text ?? `[SAMPLE] There was no holy war, only cleaning duty (${suffix}).`,
      source!.id,
      defector!.id,
      fixture.verification ?? 'single_source',
      fixture.identityRisk ?? 'low',
      fixture.sensitivityFlags ?? [],
      fixture.legalFlags ?? [],
      fixture.vettingStatus ?? 'vetted',
    ],
  );
  const detailIds: string[] = [];
  for (const detail of fixture.identifyingDetails ?? []) {
    const [row] = await t.query<{ id: string }>(
      `INSERT INTO defector_identifying_details (defector_id, kind, value) VALUES ($1, $2, $3) RETURNING id`,
      [defector!.id, detail.kind, detail.value],
    );
    detailIds.push(row!.id);
  }
  return { quoteId: quote!.id, defectorId: defector!.id, detailIds };
}
