import { insertQuote } from '../support/library-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

/** Identity clearances follow four-eyes, and post findings are no oracle (issue 10 §4). */
describe('identity clearances and findings', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let campaignId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
    campaignId = (
      await admin
        .post('/api/campaigns', {
          name: 'Clearances',
          goal: 'g',
          audience: 'a',
          language: 'en',
          timezone: 'Europe/London',
        })
        .expect(201)
    ).body.id;
    channelId = (
      await admin
        .post('/api/channels', {
          platform: 'sandbox',
          handle: 'clearances_demo',
          language: 'en',
          timezone: 'Europe/London',
          weeklySlots: [{ weekday: 1, time: '09:00' }],
          minSpacingMinutes: 0,
          dailyCap: 3,
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** A submitted post whose only segment names the quoted defector's hometown. */
  const submittedPost = async (by: SignedInClient) => {
    const q = await insertQuote(t, {
      identityRisk: 'medium',
      identifyingDetails: [{ kind: 'hometown', value: 'Tal Afar' }],
    });
    const post = (
      await by
        .post('/api/posts', {
          campaignId,
          channelId,
          segments: ['He grew up in tal afar and left in 2014.'],
          quoteIds: [q.quoteId],
        })
        .expect(201)
    ).body as { id: string };
    await by.post(`/api/posts/${post.id}/submit`).expect(200);
    return { postId: post.id, detailId: q.detailIds[0]! };
  };

  const clear = (by: SignedInClient, postId: string, detailId: string, revision = 1) =>
    by.post(`/api/posts/${postId}/identity-clearances`, { revision, detailId, note: 'published' });

  it('refuses a clearance by the post’s author even when they are a safety reviewer', async () => {
    const authorAndSafety = await t.as(['author', 'safety_reviewer']);
    const { postId, detailId } = await submittedPost(authorAndSafety);
    const refused = await clear(authorAndSafety, postId, detailId).expect(403);
    expect(refused.body.detail).toMatch(/You wrote this post; another safety reviewer must clear/);
    const after = await admin.get(`/api/posts/${postId}`).expect(200);
    expect(after.body.review.identityFindings).toEqual([
      expect.objectContaining({ detailId, cleared: false }),
    ]);
    await clear(await t.as(['safety_reviewer']), postId, detailId).expect(204);
  });

  it('refuses a clearance by the last reviser even when they are a safety reviewer', async () => {
    const { postId, detailId } = await submittedPost(await t.as(['author']));
    const reviser = await t.as(['editor', 'safety_reviewer']);
    await reviser
      .put(`/api/posts/${postId}`, {
        baseRevision: 1,
        segments: ['He grew up in Tal Afar, and left in 2014.'],
        quoteIds: (await reviser.get(`/api/posts/${postId}`)).body.revision.quoteIds,
      })
      .expect(200);
    await reviser.post(`/api/posts/${postId}/submit`).expect(200);
    const refused = await clear(reviser, postId, detailId, 2).expect(403);
    expect(refused.body.detail).toMatch(/You last revised this post/);
    await clear(await t.as(['safety_reviewer']), postId, detailId, 2).expect(204);
  });

  it('tells only safety reviewers and admins which detail matched', async () => {
    const author = await t.as(['author']);
    const { postId, detailId } = await submittedPost(author);
    const where = { segment: 0, start: 14, end: 22, cleared: false };
    for (const roles of [['author'], ['editor'], ['legal_reviewer'], ['analyst']] as const) {
      const shown = await (await t.as([...roles])).get(`/api/posts/${postId}`).expect(200);
      expect(shown.body.review.identityFindings).toEqual([where]);
      expect(JSON.stringify(shown.body)).not.toContain(detailId);
    }
    for (const roles of [['safety_reviewer'], ['admin']] as const) {
      const shown = await (await t.as([...roles])).get(`/api/posts/${postId}`).expect(200);
      expect(shown.body.review.identityFindings).toEqual([
        { ...where, detailId, kind: 'hometown', matchedText: 'tal afar' },
      ]);
    }
    // The refusal of an approval blocked by the finding is no oracle either.
    const blocked = await (
      await t.as(['editor'])
    )
      .post(`/api/posts/${postId}/reviews`, {
        revision: 1,
        stage: 'editorial',
        decision: 'approve',
      })
      .expect(409);
    expect(blocked.body.identityMatches).toEqual([{ segment: 0, start: 14, end: 22 }]);
    expect(JSON.stringify(blocked.body)).not.toContain(detailId);
  });
});
