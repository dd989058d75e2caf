import type { QuoteDetailDto } from '../../src/library/quotes.dto.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote, createSource } from './library-helpers.js';

type Case = [name: string, body: Record<string, unknown>, field: string, rule: string];

async function tableCounts(t: TestApp) {
  const result = await t.db.execute<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM quotes) AS quotes, (SELECT count(*)::int FROM sources) AS sources,
            (SELECT count(*)::int FROM defectors) AS defectors, (SELECT count(*)::int FROM themes) AS themes,
            (SELECT count(*)::int FROM audit_events) AS audit,
            (SELECT count(*)::int FROM quote_vetting_decisions) AS decisions,
            (SELECT count(*)::int FROM defector_consent_changes) AS consent` as never,
  );
  return result.rows[0]!;
}

describe('library validation: a 400 names each bad field and rule, and nothing changes', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let editor: SignedInClient;
  let source: { id: string };
  let defector: { id: string };
  let quote: QuoteDetailDto;
  const validSource = {
    outlet: 'O',
    title: 'T',
    url: 'https://example.org/sample/valid',
    language: 'en',
  };
  let validQuote: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, editor] = await Promise.all([t.as(['admin']), t.as(['editor'])]);
    const author = await t.as(['author']);
    source = await createSource(author);
    defector = await createDefector(author);
    quote = await createQuote(author, { sourceId: source.id, defectorId: defector.id });
    validQuote = {
      text: '[SAMPLE] text',
      language: 'en',
      themes: ['dull_duties'],
      verification: 'unverified',
      identityRisk: 'low',
      sourceId: source.id,
      defectorId: defector.id,
    };
  });
  afterAll(() => t.close());

  async function expectRejected(
    send: () => Promise<{ status: number; body: { title?: string; errors?: unknown[] } }>,
    field: string,
    rule: string,
  ) {
    const before = await tableCounts(t);
    const res = await send();
    expect({ status: res.status, type: res.body.title }).toEqual({
      status: 400,
      type: 'Validation failed',
    });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await tableCounts(t)).toEqual(before);
  }

  const sourceCases: Case[] = [
    ['missing outlet', { outlet: undefined }, 'outlet', 'isString'],
    ['empty title', { title: '' }, 'title', 'minLength'],
    ['url without scheme', { url: 'example.org/x' }, 'url', 'isUrl'],
    ['ftp url', { url: 'ftp://example.org/x' }, 'url', 'isUrl'],
    ['bad published date', { publishedOn: '14/03/2015' }, 'publishedOn', 'isDate'],
    ['impossible date', { publishedOn: '2015-02-30' }, 'publishedOn', 'isDate'],
    ['bad retrieval time', { retrievedAt: 'yesterday' }, 'retrievedAt', 'isDateTime'],
    ['bad archive url', { archiveUrl: 'archive' }, 'archiveUrl', 'isUrl'],
    ['language name instead of tag', { language: 'English' }, 'language', 'matches'],
    ['overlong author', { author: 'a'.repeat(301) }, 'author', 'maxLength'],
    ['unknown field', { rating: 5 }, 'rating', 'unknown_field'],
  ];
  it.each(sourceCases)('source: %s', async (_name, over, field, rule) => {
    await expectRejected(
      () => editor.post('/api/library/sources', { ...validSource, ...over }),
      field,
      rule,
    );
  });

  it('source: a second source with the same url is a conflict', async () => {
    const existing = await createSource(editor);
    const res = await editor
      .post('/api/library/sources', { ...validSource, url: existing.url })
      .expect(409);
    expect(res.body.detail).toMatch(/already exists/);
  });

  it('source: an edit may not null a required field', async () => {
    await expectRejected(
      () => editor.patch(`/api/library/sources/${source.id}`, { outlet: null }),
      'outlet',
      'isString',
    );
  });

  const defectorCases: Case[] = [
    ['missing display name', { displayName: undefined }, 'displayName', 'isString'],
    ['age not a number', { ageAsReported: '33' }, 'ageAsReported', 'isInt'],
    ['age too high', { ageAsReported: 140 }, 'ageAsReported', 'max'],
    ['age too low', { ageAsReported: 3 }, 'ageAsReported', 'min'],
    ['created as withdrawn', { consentStatus: 'withdrawn' }, 'consentStatus', 'isIn'],
    ['unknown consent', { consentStatus: 'maybe' }, 'consentStatus', 'isIn'],
    ['overlong notes', { internalNotes: 'n'.repeat(5001) }, 'internalNotes', 'maxLength'],
  ];
  it.each(defectorCases)('defector: %s', async (_name, over, field, rule) => {
    await expectRejected(
      () =>
        admin.post('/api/library/defectors', {
          displayName: 'D',
          consentStatus: 'public_record',
          ...over,
        }),
      field,
      rule,
    );
  });

  it.each<Case>([
    ['unknown kind', { kind: 'passport', value: 'x' }, 'kind', 'isIn'],
    ['empty value', { kind: 'hometown', value: '' }, 'value', 'minLength'],
  ])('identifying detail: %s', async (_name, body, field, rule) => {
    await expectRejected(
      () => admin.post(`/api/library/defectors/${defector.id}/identifying-details`, body),
      field,
      rule,
    );
  });

  it.each<Case>([
    ['unknown status', { status: 'revoked', reason: 'x' }, 'status', 'isIn'],
    ['missing reason', { status: 'obtained' }, 'reason', 'isString'],
  ])('consent change: %s', async (_name, body, field, rule) => {
    await expectRejected(
      () => admin.post(`/api/library/defectors/${defector.id}/consent`, body),
      field,
      rule,
    );
  });

  const quoteCases: Case[] = [
    ['missing text', { text: undefined }, 'text', 'isString'],
    ['empty text', { text: '' }, 'text', 'minLength'],
    ['overlong text', { text: 'x'.repeat(5001) }, 'text', 'maxLength'],
    ['bad language', { language: 'Arabic' }, 'language', 'matches'],
    [
      'translation without its language',
      { translation: 'Hello' },
      'translationLanguage',
      'isDefined',
    ],
    [
      'bad translation language',
      { translation: 'Hi', translationLanguage: 'english' },
      'translationLanguage',
      'matches',
    ],
    ['no theme', { themes: [] }, 'themes', 'arrayMinSize'],
    ['themes not a list', { themes: 'dull_duties' }, 'themes', 'isArray'],
    ['repeated theme', { themes: ['dull_duties', 'dull_duties'] }, 'themes', 'arrayUnique'],
    ['unknown theme', { themes: ['heroism'] }, 'themes', 'exists'],
    ['created retracted', { verification: 'retracted' }, 'verification', 'isIn'],
    ['unknown verification', { verification: 'confirmed' }, 'verification', 'isIn'],
    ['unknown identity risk', { identityRisk: 'extreme' }, 'identityRisk', 'isIn'],
    ['unknown risk flag', { identityRiskFlags: ['shoe_size'] }, 'identityRiskFlags', 'isIn'],
    ['unknown legal flag', { legalFlags: ['parking_ticket'] }, 'legalFlags', 'isIn'],
    ['unknown sensitivity flag', { sensitivityFlags: ['spoilers'] }, 'sensitivityFlags', 'isIn'],
    ['source not a uuid', { sourceId: 'icsr' }, 'sourceId', 'isUuid'],
    ['unknown source', { sourceId: '00000000-0000-4000-8000-000000000000' }, 'sourceId', 'exists'],
    [
      'unknown defector',
      { defectorId: '00000000-0000-4000-8000-000000000000' },
      'defectorId',
      'exists',
    ],
    ['unknown field', { vettingStatus: 'vetted' }, 'vettingStatus', 'unknown_field'],
  ];
  it.each(quoteCases)('quote: %s', async (_name, over, field, rule) => {
    await expectRejected(
      () => editor.post('/api/library/quotes', { ...validQuote, ...over }),
      field,
      rule,
    );
  });

  it.each<Case>([
    ['null text', { text: null }, 'text', 'isString'],
    ['no themes', { themes: [] }, 'themes', 'arrayMinSize'],
    ['unknown theme', { themes: ['heroism'] }, 'themes', 'exists'],
    ['translation without language', { translation: 'Hello' }, 'translationLanguage', 'isDefined'],
    [
      'vetting status is not edited directly',
      { vettingStatus: 'vetted' },
      'vettingStatus',
      'unknown_field',
    ],
  ])('quote edit: %s', async (_name, body, field, rule) => {
    await expectRejected(() => editor.patch(`/api/library/quotes/${quote.id}`, body), field, rule);
  });

  it.each<Case>([
    ['unknown decision', { decision: 'maybe', comment: 'x' }, 'decision', 'isIn'],
    ['missing comment', { decision: 'approve' }, 'comment', 'isString'],
    [
      'acknowledgement not a boolean',
      { decision: 'approve', comment: 'x', acknowledgeIdentityMatches: 'yes' },
      'acknowledgeIdentityMatches',
      'isBoolean',
    ],
  ])('vetting: %s', async (_name, body, field, rule) => {
    await expectRejected(
      () => editor.post(`/api/library/quotes/${quote.id}/vetting`, body),
      field,
      rule,
    );
  });

  it('retraction needs a reason', async () => {
    await expectRejected(
      () => editor.post(`/api/library/quotes/${quote.id}/retract`, {}),
      'reason',
      'isString',
    );
  });

  it('ids in paths must be UUIDs', async () => {
    const res = await editor.get('/api/library/quotes/not-a-uuid').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
    await editor.get('/api/library/quotes/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it.each<Case>([
    ['bad key', { key: 'Broken Promises', name: 'n', description: 'd' }, 'key', 'matches'],
    ['missing description', { key: 'broken_promises', name: 'n' }, 'description', 'isString'],
  ])('theme: %s', async (_name, body, field, rule) => {
    await expectRejected(() => admin.post('/api/library/themes', body), field, rule);
  });

  it('import needs CSV text', async () => {
    await expectRejected(
      () => editor.post('/api/library/quotes/import', { csv: '' }),
      'csv',
      'minLength',
    );
    await expectRejected(
      () => editor.post('/api/library/quotes/import', { csv: 'x', dryRun: 'yes' }),
      'dryRun',
      'isBoolean',
    );
  });
});

describe('themes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('starts with the five ICSR narratives', async () => {
    const analyst = await t.as(['analyst']);
    const res = await analyst.get('/api/library/themes').expect(200);
    expect(res.body.items.map((th: { key: string }) => th.key).sort()).toEqual([
      'brutality_against_sunnis',
      'corruption_unislamic',
      'dull_duties',
      'infighting',
      'quality_of_life',
    ]);
  });

  it('is managed by admins only, with audit rows', async () => {
    const editor = await t.as(['editor']);
    const body = {
      key: 'broken_promises',
      name: 'Broken promises',
      description: 'Promises not kept.',
    };
    await editor.post('/api/library/themes', body).expect(403);
    const admin = await t.as(['admin']);
    await admin.post('/api/library/themes', body).expect(201);
    await admin.post('/api/library/themes', body).expect(409);
    const renamed = await admin
      .patch('/api/library/themes/broken_promises', { name: 'Unkept promises' })
      .expect(200);
    expect(renamed.body).toEqual({
      key: 'broken_promises',
      name: 'Unkept promises',
      description: 'Promises not kept.',
    });
    await admin.patch('/api/library/themes/nope', { name: 'x' }).expect(404);
    const audit = await admin
      .get('/api/audit-events?entityType=theme&entityId=broken_promises')
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'theme.updated',
      'theme.created',
    ]);
  });
});
