import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createQuote, createQuoteNamingHometown } from './library-helpers.js';

describe('quote vetting', () => {
  let t: TestApp;
  let author: SignedInClient;
  let editor: SignedInClient;
  let safety: SignedInClient;
  let legal: SignedInClient;
  beforeAll(async () => {
    t = await startTestApp();
    [author, editor, safety, legal] = await Promise.all([
      t.as(['author']),
      t.as(['editor']),
      t.as(['safety_reviewer']),
      t.as(['legal_reviewer']),
    ]);
  });
  afterAll(() => t.close());

  const vet = (client: SignedInClient, id: string, body: Record<string, unknown> = {}) =>
    client.post(`/api/library/quotes/${id}/vetting`, {
      decision: 'approve',
      comment: 'Checked against the source.',
      ...body,
    });

  it('starts a quote pending, and an editor vets it with a comment that is kept', async () => {
    const quote = await createQuote(author);
    expect(quote.vetting).toMatchObject({ status: 'pending', awaiting: ['editorial'] });
    expect(quote.usable).toBe(false);
    const res = await vet(editor, quote.id).expect(200);
    expect(res.body.vetting.status).toBe('vetted');
    expect(res.body.vetting.editorial).toMatchObject({
      decision: 'approve',
      comment: 'Checked against the source.',
      by: editor.email,
    });
    expect(res.body.usable).toBe(true);
  });

  it('refuses authors, analysts and legal reviewers', async () => {
    const quote = await createQuote(author);
    for (const roles of [['author'], ['analyst'], ['legal_reviewer']] as const) {
      const client = await t.as([...roles]);
      await vet(client, quote.id).expect(403);
    }
    const after = await author.get(`/api/library/quotes/${quote.id}`).expect(200);
    expect(after.body.vetting.status).toBe('pending');
    expect(after.body.vettingHistory).toEqual([]);
  });

  it('refuses an editor who added the quote themselves', async () => {
    const quote = await createQuote(editor);
    const res = await vet(editor, quote.id).expect(403);
    expect(res.body.detail).toMatch(/added or last revised/);
  });

  it('keeps high identity risk and sensitive quotes for safety reviewers', async () => {
    const risky = await createQuote(author, { identityRisk: 'high' });
    const graphic = await createQuote(author, { sensitivityFlags: ['graphic_violence'] });
    expect(risky.vetting.safetyReviewerRequired).toBe(true);
    for (const q of [risky, graphic]) {
      const refused = await vet(editor, q.id).expect(403);
      expect(refused.body.detail).toMatch(/safety reviewer/);
      await vet(safety, q.id).expect(200);
    }
  });

  it('needs the legal sign-off as well when a quote has legal flags, in either order', async () => {
    const first = await createQuote(author, { legalFlags: ['ongoing_prosecution'] });
    expect(first.vetting).toMatchObject({
      legalSignOffRequired: true,
      awaiting: ['editorial', 'legal'],
    });
    const vetted = await vet(editor, first.id).expect(200);
    expect(vetted.body.vetting).toMatchObject({ status: 'pending', awaiting: ['legal'] });
    expect(vetted.body.usable).toBe(false);
    await editor
      .post(`/api/library/quotes/${first.id}/legal-review`, { decision: 'approve', comment: 'x' })
      .expect(403);
    const signed = await legal
      .post(`/api/library/quotes/${first.id}/legal-review`, {
        decision: 'approve',
        comment: 'Prosecution concluded; quoting is fine.',
      })
      .expect(200);
    expect(signed.body.vetting).toMatchObject({ status: 'vetted', awaiting: [] });
    expect(signed.body.vetting.legal).toMatchObject({ decision: 'approve', by: legal.email });

    const second = await createQuote(author, { legalFlags: ['admitted_crime'] });
    await legal
      .post(`/api/library/quotes/${second.id}/legal-review`, { decision: 'approve', comment: 'ok' })
      .expect(200);
    const after = await vet(editor, second.id).expect(200);
    expect(after.body.vetting.status).toBe('vetted');
  });

  it('refuses a legal sign-off on a quote without legal flags, and a legal rejection rejects', async () => {
    const plain = await createQuote(author);
    await legal
      .post(`/api/library/quotes/${plain.id}/legal-review`, { decision: 'approve', comment: 'x' })
      .expect(409);
    const flagged = await createQuote(author, { legalFlags: ['ongoing_prosecution'] });
    await vet(editor, flagged.id).expect(200);
    const rejected = await legal
      .post(`/api/library/quotes/${flagged.id}/legal-review`, {
        decision: 'reject',
        comment: 'Trial ongoing.',
      })
      .expect(200);
    expect(rejected.body.vetting.status).toBe('rejected');
  });

  it('rejects with a comment, and a rejected quote returns to pending only when revised', async () => {
    const quote = await createQuote(author);
    const rejected = await vet(editor, quote.id, {
      decision: 'reject',
      comment: 'Unclear source.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.vetting.status).toBe('rejected');
    await vet(safety, quote.id).expect(409);
    const revised = await author
      .patch(`/api/library/quotes/${quote.id}`, { text: `${quote.text} (revised)` })
      .expect(200);
    expect(revised.body.vetting).toMatchObject({ status: 'pending', editorial: null });
    await vet(safety, quote.id).expect(200);
  });

  it('sends a vetted quote back to pending when what was vetted changes, not for other edits', async () => {
    const quote = await createQuote(author, { legalFlags: ['ongoing_prosecution'] });
    await vet(editor, quote.id).expect(200);
    await legal
      .post(`/api/library/quotes/${quote.id}/legal-review`, { decision: 'approve', comment: 'ok' })
      .expect(200);

    const themed = await author
      .patch(`/api/library/quotes/${quote.id}`, {
        themes: ['dull_duties', 'quality_of_life'],
        rebutsClaim: 'Fighters are heroes.',
      })
      .expect(200);
    expect(themed.body.vetting.status).toBe('vetted');

    const edited = await author
      .patch(`/api/library/quotes/${quote.id}`, {
        translation: 'Traduction.',
        translationLanguage: 'fr',
      })
      .expect(200);
    expect(edited.body.vetting).toMatchObject({
      status: 'pending',
      editorial: null,
      legal: null,
      awaiting: ['editorial', 'legal'],
    });
    // Both earlier decisions stay in the history.
    expect(edited.body.vettingHistory.map((d: { stage: string }) => d.stage)).toEqual([
      'editorial',
      'legal',
    ]);

    for (const change of [{ sensitivityFlags: ['graphic_violence'] }, { identityRisk: 'medium' }]) {
      const q = await createQuote(author);
      await vet(editor, q.id).expect(200);
      const res = await author.patch(`/api/library/quotes/${q.id}`, change).expect(200);
      expect(res.body.vetting.status).toBe('pending');
    }
  });

  it('refuses to vet text that names the defector’s identifying details, unless a safety reviewer acknowledges them', async () => {
    const { quote, detailId } = await createQuoteNamingHometown(
      author,
      safety,
      '[SAMPLE] In TAL AFAR everyone knew my family.',
    );

    // The editor learns where the text names a detail, not which detail or its kind.
    const refused = await vet(editor, quote.id).expect(409);
    expect(refused.body.identityMatches).toEqual([
      { field: 'text', matchedText: 'TAL AFAR', start: 12, end: 20 },
    ]);
    const forbidden = await vet(editor, quote.id, { acknowledgeIdentityMatches: true }).expect(403);
    expect(forbidden.body.identityMatches).toEqual(refused.body.identityMatches);
    const toSafety = await vet(safety, quote.id).expect(409);
    expect(toSafety.body.identityMatches).toEqual([
      expect.objectContaining({
        field: 'text',
        detailId: detailId,
        kind: 'hometown',
        matchedText: 'TAL AFAR',
        start: 12,
        end: 20,
      }),
    ]);

    const acknowledged = await vet(safety, quote.id, {
      acknowledgeIdentityMatches: true,
      comment: 'The town is named in the published interview; risk accepted.',
    }).expect(200);
    expect(acknowledged.body.vetting.status).toBe('vetted');
    expect(acknowledged.body.vetting.editorial.acknowledgedMatches).toEqual([
      expect.objectContaining({ kind: 'hometown', detailId: detailId }),
    ]);
    // Everyone else reads that a detail was accepted, and where, in the quote and in search.
    for (const path of [`/api/library/quotes/${quote.id}`, `/api/library/quotes?q=AFAR`]) {
      const seen = JSON.stringify((await editor.get(path).expect(200)).body);
      expect(seen).toContain('"matchedText":"TAL AFAR"');
      expect(seen).not.toMatch(/"kind":"hometown"|detailId/);
    }
  });

  it('records each decision in the audit log', async () => {
    const quote = await createQuote(author);
    await vet(editor, quote.id).expect(200);
    const admin = await t.as(['admin']);
    const audit = await admin
      .get(`/api/audit-events?entityId=${quote.id}&action=quote.vetting_decided`)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorLabel: editor.email,
      before: { vettingStatus: 'pending' },
      after: { vettingStatus: 'vetted', decision: 'approve' },
    });
  });
});
