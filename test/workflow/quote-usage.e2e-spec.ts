import { QuotesRepository } from '../../src/library/quotes.repository.js';
import { insertQuote } from '../support/library-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

/** Posts read the library through QuoteUsageService: a post's linked quotes once per transaction. */
describe('linked quotes', () => {
  let t: TestApp;
  let author: SignedInClient;
  let editor: SignedInClient;
  let campaignId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.as(['admin']);
    [author, editor] = await Promise.all([t.as(['author']), t.as(['editor'])]);
    campaignId = (
      await admin
        .post('/api/campaigns', {
          name: 'Once',
          goal: 'g',
          audience: 'a',
          language: 'en',
          timezone: 'Europe/London',
          minimumVerification: 'corroborated',
        })
        .expect(201)
    ).body.id;
    channelId = (
      await admin
        .post('/api/channels', {
          platform: 'sandbox',
          handle: 'once_demo',
          language: 'en',
          timezone: 'Europe/London',
          weeklySlots: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, time: '09:00' })),
          minSpacingMinutes: 0,
          dailyCap: 3,
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** Counts the library reads of quote facts while `act` runs. */
  const readsDuring = async (act: () => Promise<unknown>) => {
    const quotes = t.app.get(QuotesRepository);
    const original = quotes.usabilityFacts;
    let reads = 0;
    quotes.usabilityFacts = (ids, tx) => {
      reads += 1;
      return original.call(quotes, ids, tx);
    };
    try {
      await act();
    } finally {
      quotes.usabilityFacts = original;
    }
    return reads;
  };

  it('reads them once to submit, once to approve and once to schedule', async () => {
    const q = await insertQuote(t, { verification: 'corroborated' });
    const post = (
      await author
        .post('/api/posts', { campaignId, channelId, segments: ['Once.'], quoteIds: [q.quoteId] })
        .expect(201)
    ).body as { id: string };
    expect(await readsDuring(() => author.post(`/api/posts/${post.id}/submit`).expect(200))).toBe(
      1,
    );
    expect(
      await readsDuring(() =>
        editor
          .post(`/api/posts/${post.id}/reviews`, {
            revision: 1,
            stage: 'editorial',
            decision: 'approve',
          })
          .expect(200),
      ),
    ).toBe(1);
    expect(
      await readsDuring(() =>
        editor.post(`/api/posts/${post.id}/schedule`, { nextFreeSlot: true }).expect(200),
      ),
    ).toBe(1);
  });

  it('holds a quote below the campaign’s minimum verification to it, naming the reason', async () => {
    const weak = await insertQuote(t, { verification: 'single_source' });
    const res = await author
      .post('/api/posts', { campaignId, channelId, segments: ['Weak.'], quoteIds: [weak.quoteId] })
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'quoteIds[0]', rule: 'usable' }),
    ]);
    expect(res.body.errors[0].message).toContain('below_minimum_verification');
  });
});
