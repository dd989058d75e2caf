import { DomainEvents, type DomainEventMap } from '../../src/common/domain-events.js';
import type { Executor } from '../../src/db/database.js';
import { QuoteUsabilityService } from '../../src/library/quote-usability.service.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote } from './library-helpers.js';

type Retracted = DomainEventMap['quote.retracted'];

describe('retraction and consent', () => {
  let t: TestApp;
  let author: SignedInClient;
  let editor: SignedInClient;
  let safety: SignedInClient;
  let admin: SignedInClient;
  /** Each event with what the raising transaction showed of the quotes and what others saw. */
  const received: { payload: Retracted; insideTx: string[]; outsideTx: string[] }[] = [];

  const verificationOf = async (db: Executor, ids: string[]) =>
    (
      await db.execute<{ verification: string }>(
        `SELECT verification FROM quotes WHERE id IN (${ids.map((id) => `'${id}'`).join(',')}) ORDER BY id` as never,
      )
    ).rows.map((r) => r.verification);

  beforeAll(async () => {
    t = await startTestApp();
    [author, editor, safety, admin] = await Promise.all([
      t.as(['author']),
      t.as(['editor']),
      t.as(['safety_reviewer']),
      t.as(['admin']),
    ]);
    t.app.get(DomainEvents).on('quote.retracted', async (payload, tx) => {
      received.push({
        payload,
        insideTx: await verificationOf(tx, payload.quoteIds),
        outsideTx: await verificationOf(t.db, payload.quoteIds),
      });
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    received.length = 0;
  });

  it('retracts a quote for good, raising quote.retracted inside the transaction', async () => {
    const quote = await createQuote(author);
    await editor
      .post(`/api/library/quotes/${quote.id}/vetting`, { decision: 'approve', comment: 'ok' })
      .expect(200);
    await author.post(`/api/library/quotes/${quote.id}/retract`, { reason: 'x' }).expect(403);
    const res = await editor
      .post(`/api/library/quotes/${quote.id}/retract`, {
        reason: 'The outlet withdrew the interview.',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      verification: 'retracted',
      usable: false,
      unusableReasons: ['retracted'],
    });
    expect(res.body.verificationHistory.at(-1)).toMatchObject({
      from: 'single_source',
      to: 'retracted',
      reason: 'The outlet withdrew the interview.',
      by: editor.email,
    });

    expect(received).toEqual([
      {
        payload: {
          quoteIds: [quote.id],
          reason: 'The outlet withdrew the interview.',
          actor: { id: editor.userId, label: editor.email },
          cause: 'quote_retracted',
        },
        insideTx: ['retracted'],
        // Not committed yet while the handlers run: they are part of the retraction.
        outsideTx: ['single_source'],
      },
    ]);

    const audit = await admin
      .get(`/api/audit-events?entityId=${quote.id}&action=quote.retracted`)
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actorLabel: editor.email,
        after: { verification: 'retracted', reason: 'The outlet withdrew the interview.' },
      }),
    ]);

    // Final: no un-retracting, re-retracting, editing or vetting.
    await safety
      .post(`/api/library/quotes/${quote.id}/verification`, {
        verification: 'corroborated',
        reason: 'x',
      })
      .expect(409);
    await safety.post(`/api/library/quotes/${quote.id}/retract`, { reason: 'again' }).expect(409);
    await author.patch(`/api/library/quotes/${quote.id}`, { text: 'new' }).expect(409);
    await safety
      .post(`/api/library/quotes/${quote.id}/vetting`, { decision: 'approve', comment: 'x' })
      .expect(409);
    expect(received).toHaveLength(1);
  });

  it('rolls the retraction back when a listener fails', async () => {
    const quote = await createQuote(author);
    const events = t.app.get(DomainEvents);
    let fail = true;
    events.on('quote.retracted', async () => {
      if (fail) throw new Error('listener failed');
    });
    await editor.post(`/api/library/quotes/${quote.id}/retract`, { reason: 'x' }).expect(500);
    fail = false;
    const after = await editor.get(`/api/library/quotes/${quote.id}`).expect(200);
    expect(after.body.verification).toBe('single_source');
    expect(after.body.verificationHistory).toHaveLength(1);
  });

  it('records verification changes with who, when and why', async () => {
    const quote = await createQuote(author, { verificationReason: 'One interview.' });
    await author
      .post(`/api/library/quotes/${quote.id}/verification`, {
        verification: 'corroborated',
        reason: 'x',
      })
      .expect(403);
    const res = await editor
      .post(`/api/library/quotes/${quote.id}/verification`, {
        verification: 'corroborated',
        reason: 'A second outlet ran the same interview.',
      })
      .expect(200);
    expect(res.body.verificationHistory).toEqual([
      expect.objectContaining({
        from: null,
        to: 'single_source',
        reason: 'One interview.',
        by: author.email,
      }),
      expect.objectContaining({
        from: 'single_source',
        to: 'corroborated',
        reason: 'A second outlet ran the same interview.',
        by: editor.email,
      }),
    ]);
    expect(Date.parse(res.body.verificationHistory[1].at)).not.toBeNaN();
    const audit = await admin
      .get(`/api/audit-events?entityId=${quote.id}&action=quote.verification_changed`)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    const retractVia = await editor
      .post(`/api/library/quotes/${quote.id}/verification`, {
        verification: 'retracted',
        reason: 'x',
      })
      .expect(400);
    expect(retractVia.body.errors).toContainEqual(
      expect.objectContaining({ field: 'verification', rule: 'isIn' }),
    );
  });

  it('withdraws consent: every live quote of the defector becomes unusable and quote.retracted is raised', async () => {
    const defector = await createDefector(author);
    const a = await createQuote(author, { defectorId: defector.id });
    const b = await createQuote(author, { defectorId: defector.id });
    const gone = await createQuote(author, { defectorId: defector.id });
    await editor
      .post(`/api/library/quotes/${gone.id}/retract`, { reason: 'Earlier retraction.' })
      .expect(200);
    received.length = 0;

    await editor
      .post(`/api/library/defectors/${defector.id}/consent`, { status: 'withdrawn', reason: 'x' })
      .expect(403);
    const res = await safety
      .post(`/api/library/defectors/${defector.id}/consent`, {
        status: 'withdrawn',
        reason: 'Asked us to stop by phone.',
      })
      .expect(200);
    expect(res.body.consentStatus).toBe('withdrawn');
    expect(res.body.consentHistory.at(-1)).toMatchObject({
      from: 'public_record',
      to: 'withdrawn',
      reason: 'Asked us to stop by phone.',
      by: safety.email,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.payload).toMatchObject({
      cause: 'consent_withdrawn',
      reason: 'Asked us to stop by phone.',
    });
    expect([...received[0]!.payload.quoteIds].sort()).toEqual([a.id, b.id].sort());

    const usability = await t.app.get(QuoteUsabilityService).usability([a.id, gone.id]);
    expect(usability).toEqual([
      { quoteId: a.id, usable: false, reasons: ['not_vetted', 'consent_withdrawn'] },
      {
        quoteId: gone.id,
        usable: false,
        reasons: ['not_vetted', 'retracted', 'consent_withdrawn'],
      },
    ]);
    // No new quotes for someone who withdrew.
    const refused = await author
      .post('/api/library/quotes', {
        text: '[SAMPLE] More words.',
        language: 'en',
        themes: ['dull_duties'],
        verification: 'unverified',
        identityRisk: 'low',
        sourceId: a.source.id,
        defectorId: defector.id,
      })
      .expect(409);
    expect(refused.body.detail).toMatch(/withdrawn consent/);
    const quotes = await author.get(`/api/library/quotes?defectorId=${defector.id}`).expect(200);
    expect(quotes.body.items).toHaveLength(3);
  });

  it('lets only a safety reviewer or admin restore consent, with a reason, without un-retracting', async () => {
    const defector = await createDefector(author);
    const live = await createQuote(author, { defectorId: defector.id });
    const retracted = await createQuote(author, { defectorId: defector.id });
    await editor
      .post(`/api/library/quotes/${live.id}/vetting`, { decision: 'approve', comment: 'ok' })
      .expect(200);
    await editor
      .post(`/api/library/quotes/${retracted.id}/retract`, { reason: 'Fabricated.' })
      .expect(200);
    await safety
      .post(`/api/library/defectors/${defector.id}/consent`, {
        status: 'withdrawn',
        reason: 'Withdrew.',
      })
      .expect(200);

    await editor
      .post(`/api/library/defectors/${defector.id}/consent`, { status: 'obtained', reason: 'x' })
      .expect(403);
    const missingReason = await admin
      .post(`/api/library/defectors/${defector.id}/consent`, { status: 'obtained' })
      .expect(400);
    expect(missingReason.body.errors).toContainEqual(expect.objectContaining({ field: 'reason' }));
    await admin
      .post(`/api/library/defectors/${defector.id}/consent`, {
        status: 'obtained',
        reason: 'Signed consent form, 2024-06-01.',
      })
      .expect(200);

    const usability = await t.app.get(QuoteUsabilityService).usability([live.id, retracted.id]);
    expect(usability.map((u) => u.usable)).toEqual([true, false]);
    expect(usability[1]!.reasons).toContain('retracted');
    const audit = await admin
      .get(`/api/audit-events?entityId=${defector.id}&action=defector.consent_changed`)
      .expect(200);
    expect(audit.body.items).toHaveLength(2);
  });

  it('lets an editor switch between public record and obtained consent', async () => {
    const defector = await createDefector(author);
    const res = await editor
      .post(`/api/library/defectors/${defector.id}/consent`, {
        status: 'obtained',
        reason: 'Interviewed with consent.',
      })
      .expect(200);
    expect(res.body.consentHistory.map((c: { to: string }) => c.to)).toEqual([
      'public_record',
      'obtained',
    ]);
    await editor
      .post(`/api/library/defectors/${defector.id}/consent`, {
        status: 'obtained',
        reason: 'again',
      })
      .expect(409);
  });

  it('answers usability for quotes that do not exist', async () => {
    const [missing] = await t.app
      .get(QuoteUsabilityService)
      .usability(['00000000-0000-4000-8000-000000000000']);
    expect(missing).toEqual({
      quoteId: '00000000-0000-4000-8000-000000000000',
      usable: false,
      reasons: ['not_found'],
    });
  });
});
