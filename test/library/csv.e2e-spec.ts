import { parse } from 'csv-parse/sync';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote, createSource } from './library-helpers.js';

const HEADER =
  'quote_text,quote_language,themes,verification,identity_risk,source_url,source_outlet,source_title,source_language,defector_display_name,defector_consent';

const rowsOf = (csv: string) =>
  (parse(csv, { columns: true, bom: true }) as Record<string, string>[])
    .map(({ quote_id: _id, vetting_status: _status, ...rest }) => rest)
    .sort((a, b) => a.quote_text!.localeCompare(b.quote_text!));

async function countRows(t: TestApp) {
  const result = await t.db.execute<{ quotes: number; sources: number; defectors: number }>(
    `SELECT (SELECT count(*)::int FROM quotes) AS quotes, (SELECT count(*)::int FROM sources) AS sources,
            (SELECT count(*)::int FROM defectors) AS defectors` as never,
  );
  return result.rows[0]!;
}

describe('CSV export and import', () => {
  let a: TestApp;
  let b: TestApp;
  let authorA: SignedInClient;
  let editorB: SignedInClient;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    [authorA, editorB] = await Promise.all([a.as(['author']), b.as(['editor'])]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('round-trips: an export imported into a fresh library gives the same quotes', async () => {
    const source = await createSource(authorA, {
      author: 'Sample Author',
      publishedOn: '2015-03-14',
      retrievedAt: '2024-05-01T10:00:00.000Z',
      archiveUrl: 'https://web.archive.org/web/2015/https://example.org/x',
    });
    const defector = await createDefector(authorA, {
      nationality: 'Iraqi',
      ageAsReported: 33,
      gender: 'male',
    });
    await createQuote(authorA, {
      sourceId: source.id,
      defectorId: defector.id,
      text: '[SAMPLE] "They said, go," and we went.\nA second line, with commas.',
      themes: ['dull_duties', 'quality_of_life'],
      rebutsClaim: 'Fighters are heroes.',
      identityRisk: 'medium',
      identityRiskFlags: ['age', 'hometown'],
      legalFlags: ['admitted_crime'],
      sensitivityFlags: ['graphic_violence'],
      sourceLocator: 'p. 12',
    });
    await createQuote(authorA, {
      sourceId: source.id,
      defectorId: defector.id,
      text: '=SUM(A1) [SAMPLE] starts like a spreadsheet formula',
      verification: 'corroborated',
    });
    await createQuote(authorA, {
      text: '[SAMPLE] لم تكن هناك حرب مقدسة',
      language: 'ar',
      translation: '[SAMPLE] There was no holy war.',
      translationLanguage: 'en',
      translator: 'Sample Translator',
      themes: ['corruption_unislamic'],
    });

    const exported = await authorA.get('/api/library/quotes/export.csv').expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    // Spreadsheets must not run it as a formula.
    expect(exported.text).toContain("'=SUM(A1)");

    const imported = await editorB
      .post('/api/library/quotes/import', { csv: exported.text })
      .expect(201);
    expect(imported.body).toMatchObject({
      dryRun: false,
      quotes: 3,
      sourcesMatched: 0,
      defectorsMatched: 0,
    });
    expect(imported.body.sourcesCreated).toHaveLength(2);
    expect(imported.body.quoteIds).toHaveLength(3);

    const reExported = await editorB.get('/api/library/quotes/export.csv').expect(200);
    expect(rowsOf(reExported.text)).toEqual(rowsOf(exported.text));
    const quote = (await editorB.get(`/api/library/quotes?q=spreadsheet`).expect(200)).body
      .items[0];
    expect(quote.text).toBe('=SUM(A1) [SAMPLE] starts like a spreadsheet formula');
    expect(quote.vetting.status).toBe('pending');
  });

  it('matches existing sources by url and defectors by name within the source', async () => {
    const source = await createSource(editorB, { url: 'https://example.org/sample/match-me' });
    const defector = await createDefector(editorB, {
      displayName: '[SAMPLE] Abu Match',
    });
    const author = await b.as(['author']);
    await createQuote(author, { sourceId: source.id, defectorId: defector.id });
    const csv = [
      HEADER,
      '[SAMPLE] A new quote from a known man,en,dull_duties,unverified,low,https://example.org/sample/match-me,,,,[SAMPLE] Abu Match,',
    ].join('\n');
    const res = await author.post('/api/library/quotes/import', { csv }).expect(201);
    expect(res.body).toMatchObject({
      quotes: 1,
      sourcesMatched: 1,
      defectorsMatched: 1,
      sourcesCreated: [],
      defectorsCreated: [],
    });
    const quote = await author.get(`/api/library/quotes/${res.body.quoteIds[0]}`).expect(200);
    expect(quote.body.defector.id).toBe(defector.id);
    expect(quote.body.source.id).toBe(source.id);
  });

  it('reports what a dry run would create and creates nothing', async () => {
    const before = await countRows(b);
    const csv = [
      HEADER,
      '[SAMPLE] Dry one,en,dull_duties,unverified,low,https://example.org/sample/dry,[SAMPLE] Outlet,[SAMPLE] Title,en,[SAMPLE] Dry Man,public_record',
      '[SAMPLE] Dry two,en,infighting,single_source,medium,https://example.org/sample/dry,,,,[SAMPLE] Dry Man,',
    ].join('\n');
    const res = await editorB.post('/api/library/quotes/import', { csv, dryRun: true }).expect(200);
    expect(res.body).toEqual({
      dryRun: true,
      quotes: 2,
      sourcesCreated: ['https://example.org/sample/dry'],
      sourcesMatched: 0,
      defectorsCreated: ['[SAMPLE] Dry Man'],
      defectorsMatched: 0,
      quoteIds: [],
    });
    expect(await countRows(b)).toEqual(before);
  });

  it('imports nothing when any row is bad, and lists each bad row, column and rule', async () => {
    const before = await countRows(b);
    const csv = [
      HEADER,
      '[SAMPLE] Good row,en,dull_duties,unverified,low,https://example.org/sample/all-or-nothing,[SAMPLE] O,[SAMPLE] T,en,[SAMPLE] Man,public_record',
      '[SAMPLE] Bad verification,en,dull_duties,confirmed,low,https://example.org/sample/all-or-nothing,,,,[SAMPLE] Man,',
      '"[SAMPLE] A quote over',
      'two lines with an unknown theme",en,heroism,unverified,low,https://example.org/sample/other,,[SAMPLE] T,en,[SAMPLE] Other,maybe',
      ',english,dull_duties,unverified,extreme,not a url,,,,,',
    ].join('\n');
    const res = await editorB.post('/api/library/quotes/import', { csv }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const errors = res.body.errors.map((e: { line: number; field: string; rule: string }) => [
      e.line,
      e.field,
      e.rule,
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [3, 'verification', 'isIn'],
        [4, 'themes', 'exists'],
        [4, 'source_outlet', 'isString'],
        [4, 'defector_consent', 'isIn'],
        [6, 'quote_text', 'isString'],
        [6, 'quote_language', 'matches'],
        [6, 'identity_risk', 'isIn'],
        [6, 'defector_display_name', 'isDefined'],
      ]),
    );
    expect(errors.map((e: unknown[]) => e[0])).not.toContain(2);
    expect(res.body.detail).toMatch(/3 row\(s\).*nothing was imported/);
    expect(await countRows(b)).toEqual(before);
  });

  it('refuses unknown and missing columns, duplicates, and withdrawn defectors', async () => {
    const header = await editorB
      .post('/api/library/quotes/import', { csv: 'quote_text,shoe_size\nx,42' })
      .expect(400);
    expect(header.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, field: 'shoe_size', rule: 'unknown_column' }),
        expect.objectContaining({ line: 1, field: 'source_url', rule: 'required_column' }),
      ]),
    );

    const row =
      '[SAMPLE] Said twice,en,dull_duties,unverified,low,https://example.org/sample/twice,[SAMPLE] O,[SAMPLE] T,en,[SAMPLE] Twice,public_record';
    const twice = await editorB
      .post('/api/library/quotes/import', { csv: [HEADER, row, row].join('\n') })
      .expect(400);
    expect(twice.body.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'quote_text', rule: 'duplicate' }),
    ]);
    await editorB.post('/api/library/quotes/import', { csv: [HEADER, row].join('\n') }).expect(201);
    const again = await editorB
      .post('/api/library/quotes/import', { csv: [HEADER, row].join('\n') })
      .expect(400);
    expect(again.body.errors).toEqual([expect.objectContaining({ line: 2, rule: 'duplicate' })]);

    const safety = await b.as(['safety_reviewer']);
    const withdrawn = (await editorB.get('/api/library/defectors?displayName=Twice').expect(200))
      .body.items[0];
    await safety
      .post(`/api/library/defectors/${withdrawn.id}/consent`, {
        status: 'withdrawn',
        reason: 'Withdrew.',
      })
      .expect(200);
    const more = row.replace('Said twice', 'Said once more');
    const refused = await editorB
      .post('/api/library/quotes/import', { csv: [HEADER, more].join('\n') })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ line: 2, rule: 'consent_withdrawn' }),
    ]);
  });

  it('is for authors, editors and admins, not analysts', async () => {
    const analyst = await b.as(['analyst']);
    await analyst.post('/api/library/quotes/import', { csv: HEADER }).expect(403);
    await analyst.get('/api/library/quotes/export.csv').expect(200);
  });
});
