import type { QuoteDetailDto } from '../../src/library/quotes.dto.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote, createSource } from './library-helpers.js';

describe('quote search', () => {
  let t: TestApp;
  let author: SignedInClient;
  let editor: SignedInClient;
  let analyst: SignedInClient;
  let source: { id: string };
  let arabic: QuoteDetailDto;
  let french: QuoteDetailDto;
  let english: QuoteDetailDto;
  let englishVetted: QuoteDetailDto;

  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((q) => q.id);

  beforeAll(async () => {
    t = await startTestApp();
    [author, editor, analyst] = await Promise.all([
      t.as(['author']),
      t.as(['editor']),
      t.as(['analyst']),
    ]);
    source = await createSource(author);
    english = await createQuote(author, {
      sourceId: source.id,
      text: '[SAMPLE] The emirs lived in villas while we queued for bread.',
      themes: ['corruption_unislamic', 'quality_of_life'],
    });
    englishVetted = await createQuote(author, {
      sourceId: source.id,
      text: '[SAMPLE] Executions in the square every Friday; I could not watch any more.',
      themes: ['brutality_against_sunnis'],
      identityRisk: 'medium',
      verification: 'corroborated',
    });
    await editor
      .post(`/api/library/quotes/${englishVetted.id}/vetting`, {
        decision: 'approve',
        comment: 'ok',
      })
      .expect(200);
    arabic = await createQuote(author, {
      text: '[SAMPLE] كانت هذه المشاهد مرعبة، ولم أتحمل الإعدامات',
      language: 'ar',
      translation: '[SAMPLE] These scenes were terrifying, and I could not bear the executions.',
      translationLanguage: 'en',
      themes: ['brutality_against_sunnis'],
      identityRisk: 'high',
    });
    french = await createQuote(author, {
      text: '[SAMPLE] Les prisonniers étaient battus chaque nuit par nos propres commandants.',
      language: 'fr',
      themes: ['brutality_against_sunnis'],
      verification: 'unverified',
    });
  });
  afterAll(() => t.close());

  it('finds English quotes by a stemmed word, and nothing for a word no quote has', async () => {
    const res = await analyst.get('/api/library/quotes?q=queue').expect(200);
    expect(ids(res)).toEqual([english.id]);
    const none = await analyst.get('/api/library/quotes?q=submarine').expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('searches Arabic text with the Arabic configuration, and its translation too', async () => {
    const inArabic = await analyst
      .get(`/api/library/quotes?q=${encodeURIComponent('المشاهد')}`)
      .expect(200);
    expect(ids(inArabic)).toEqual([arabic.id]);
    // "مشاهد" without the article: the Arabic stemmer strips it from the indexed word too.
    const stem = await analyst
      .get(`/api/library/quotes?q=${encodeURIComponent('مشاهد')}&language=ar`)
      .expect(200);
    expect(ids(stem)).toEqual([arabic.id]);
    const viaTranslation = await analyst
      .get('/api/library/quotes?q=terrified&language=ar')
      .expect(200);
    expect(ids(viaTranslation)).toEqual([arabic.id]);
  });

  it('stems French with the French configuration', async () => {
    const res = await analyst.get('/api/library/quotes?q=prisonnier').expect(200);
    expect(ids(res)).toEqual([french.id]);
    const wrongLanguage = await analyst
      .get('/api/library/quotes?q=prisonnier&language=en')
      .expect(200);
    expect(wrongLanguage.body.items).toEqual([]);
  });

  it('combines text with theme, verification, vetting, risk, source and defector filters', async () => {
    const executions = await analyst.get('/api/library/quotes?q=executions').expect(200);
    expect(ids(executions).sort()).toEqual([arabic.id, englishVetted.id].sort());

    const cases: [string, string[]][] = [
      ['q=executions&identityRisk=high', [arabic.id]],
      ['q=executions&verification=corroborated', [englishVetted.id]],
      ['q=executions&vettingStatus=vetted', [englishVetted.id]],
      [`q=executions&sourceId=${source.id}`, [englishVetted.id]],
      [`defectorId=${english.defector.id}`, [english.id]],
      ['theme=quality_of_life', [english.id]],
      ['theme=quality_of_life,dull_duties&language=en', [english.id]],
      ['theme=brutality_against_sunnis&language=fr&language=ar', [french.id, arabic.id]],
      ['verification=unverified&theme=brutality_against_sunnis', [french.id]],
    ];
    for (const [query, expected] of cases) {
      const res = await analyst.get(`/api/library/quotes?${query}`).expect(200);
      expect({ query, ids: ids(res) }).toEqual({ query, ids: expected });
    }
  });

  it('filters on usable-now: vetted, live verification and consent not withdrawn', async () => {
    const usable = await analyst.get('/api/library/quotes?usableNow=true').expect(200);
    expect(ids(usable)).toEqual([englishVetted.id]);
    expect(usable.body.items[0]).toMatchObject({ usable: true, unusableReasons: [] });
    const unusable = await analyst.get('/api/library/quotes?usableNow=false').expect(200);
    expect(ids(unusable)).toEqual([french.id, arabic.id, english.id]);

    // Disputing it, or the defector withdrawing consent, takes it out of the usable set.
    const safety = await t.as(['safety_reviewer']);
    await editor
      .post(`/api/library/quotes/${englishVetted.id}/verification`, {
        verification: 'disputed',
        reason: 'Challenged.',
      })
      .expect(200);
    expect(ids(await analyst.get('/api/library/quotes?usableNow=true').expect(200))).toEqual([]);
    await editor
      .post(`/api/library/quotes/${englishVetted.id}/verification`, {
        verification: 'corroborated',
        reason: 'Confirmed.',
      })
      .expect(200);
    expect(ids(await analyst.get('/api/library/quotes?usableNow=true').expect(200))).toEqual([
      englishVetted.id,
    ]);
    await safety
      .post(`/api/library/defectors/${englishVetted.defector.id}/consent`, {
        status: 'withdrawn',
        reason: 'Asked us to stop.',
      })
      .expect(200);
    const afterWithdrawal = await analyst.get('/api/library/quotes?usableNow=true').expect(200);
    expect(afterWithdrawal.body.items).toEqual([]);
    const detail = await analyst.get(`/api/library/quotes/${englishVetted.id}`).expect(200);
    expect(detail.body).toMatchObject({ usable: false, unusableReasons: ['consent_withdrawn'] });
  });

  it('pages through results with a cursor, newest first, without repeats', async () => {
    const defector = await createDefector(author);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        (await createQuote(author, { defectorId: defector.id, text: `[SAMPLE] Paging quote ${i}` }))
          .id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/library/quotes?defectorId=${defector.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await analyst.get(path).expect(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('rejects bad filters naming the parameter and rule', async () => {
    const cases: [string, string, string][] = [
      ['verification=confirmed', 'verification', 'isIn'],
      ['usableNow=yes', 'usableNow', 'isBoolean'],
      ['sourceId=42', 'sourceId', 'isUuid'],
      ['language=English', 'language', 'matches'],
      ['limit=500', 'limit', 'max'],
      ['cursor=garbage', 'cursor', 'validCursor'],
    ];
    for (const [query, field, rule] of cases) {
      const res = await analyst.get(`/api/library/quotes?${query}`).expect(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
  });
});
