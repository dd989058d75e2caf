import { randomBytes } from 'node:crypto';
import type { QuoteDetailDto } from '../../src/library/quotes.dto.js';
import type { SignedInClient } from '../support/test-app.js';

export const unique = () => randomBytes(4).toString('hex');

export async function createSource(
  client: SignedInClient,
  over: Record<string, unknown> = {},
): Promise<{ id: string; url: string }> {
  const res = await client
    .post('/api/library/sources', {
      outlet: '[SAMPLE] Test outlet',
      title: `[SAMPLE] Source ${unique()}`,
      url: `https://example.org/sample/${unique()}`,
      language: 'en',
      ...over,
    })
    .expect(201);
  return res.body;
}

export async function createDefector(
  client: SignedInClient,
  over: Record<string, unknown> = {},
): Promise<{ id: string; displayName: string }> {
  const res = await client
    .post('/api/library/defectors', {
      displayName: `[SAMPLE] Defector ${unique()}`,
      consentStatus: 'public_record',
      ...over,
    })
    .expect(201);
  return res.body;
}

/** A quote with a fresh source and defector unless given; returns the API's detail view. */
export async function createQuote(
  client: SignedInClient,
  over: Record<string, unknown> = {},
): Promise<QuoteDetailDto> {
  const sourceId = (over.sourceId as string | undefined) ?? (await createSource(client)).id;
  const defectorId = (over.defectorId as string | undefined) ?? (await createDefector(client)).id;
  const res = await client
    .post('/api/library/quotes', {
      text: `[SAMPLE] We were promised heroism and given a broom (${unique()}).`,
      language: 'en',
      themes: ['dull_duties'],
      verification: 'single_source',
      identityRisk: 'low',
      ...over,
      sourceId,
      defectorId,
    })
    .expect(201);
  return res.body;
}

/**
 * A quote whose text names its defector's hometown, Tal Afar, recorded as an identifying detail
 * by a safety reviewer: `text` must contain the town's name. Not vetted yet.
 */
export async function createQuoteNamingHometown(
  author: SignedInClient,
  safety: SignedInClient,
  text: string,
): Promise<{ quote: QuoteDetailDto; detailId: string }> {
  const defector = await createDefector(author);
  const detail = await safety
    .post(`/api/library/defectors/${defector.id}/identifying-details`, {
      kind: 'hometown',
      value: 'Tal Afar',
    })
    .expect(201);
  const quote = await createQuote(author, { defectorId: defector.id, text });
  return { quote, detailId: detail.body.id as string };
}
