import { createCampaign, createChannel } from '../support/publishing-fixtures.js';
import { insertQuote } from '../support/library-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { type CorpusCase, NEAR_MISS_CASES, POSITIVE_CASES } from './identity-corpus.js';

interface Finding {
  detailId: string;
  matchedText: string;
  segment: number;
  start: number;
  end: number;
  cleared: boolean;
}

// Some 200 cases, each a few requests (submit, review, clear): minutes on a busy 2-core machine.
const CORPUS_TIMEOUT_MS = 180_000;

/**
 * The identity corpus through the real app: each detail is recorded by a safety reviewer (with
 * its aliases) on a defector of its own, then every case's text is checked at the identity-check
 * endpoint and submitted as a segment of a post quoting that defector.
 */
describe('the identity corpus through the API', () => {
  let t: TestApp;
  let admin: SignedInClient;
  let author: SignedInClient;
  let editor: SignedInClient;
  let safety: SignedInClient;
  let campaignId: string;
  let channelId: string;
  /** One defector per distinct detail, with the cases that use it. */
  const groups = new Map<
    string,
    { cases: CorpusCase[]; defectorId: string; quoteId: string; detailId: string }
  >();

  beforeAll(async () => {
    t = await startTestApp({ IDENTITY_CHECK_RATE_PER_MINUTE: '10000' });
    [admin, author, editor, safety] = await Promise.all([
      t.as(['admin']),
      t.as(['author']),
      t.as(['editor']),
      t.as(['safety_reviewer']),
    ]);
    const team = { admin, author, editor };
    campaignId = await createCampaign(team);
    channelId = await createChannel(team);
    for (const c of [...POSITIVE_CASES, ...NEAR_MISS_CASES]) {
      const key = JSON.stringify(c.detail);
      const group = groups.get(key);
      if (group) {
        group.cases.push(c);
        continue;
      }
      const { quoteId, defectorId } = await insertQuote(t, { identityRisk: 'medium' });
      const detail = await safety
        .post(`/api/library/defectors/${defectorId}/identifying-details`, c.detail)
        .expect(201);
      groups.set(key, { cases: [c], defectorId, quoteId, detailId: detail.body.id });
    }
  });
  afterAll(() => t.close());

  it(
    'finds every positive case and no near miss at the identity-check endpoint',
    async () => {
      const wrong: string[] = [];
      for (const { cases, defectorId, detailId } of groups.values()) {
        for (const c of cases) {
          const res = await safety
            .post('/api/library/identity-check', { text: c.text, defectorIds: [defectorId] })
            .expect(200);
          const got = res.body.matches as {
            detailId: string;
            matchedText: string;
            start: number;
          }[];
          const expected = c.expected === null ? [] : [[detailId, c.expected]];
          if (
            JSON.stringify(got.map((m) => [m.detailId, m.matchedText])) !== JSON.stringify(expected)
          ) {
            wrong.push(`${c.rule}: ${JSON.stringify(c.text)} gave ${JSON.stringify(got)}`);
          }
          for (const m of got)
            expect(c.text.slice(m.start, m.start + m.matchedText.length)).toBe(m.matchedText);
        }
      }
      expect(wrong).toEqual([]);
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    'blocks approval of a submitted post for every positive case until a safety reviewer clears it, and never for a near miss',
    async () => {
      const wrong: string[] = [];
      for (const { cases, quoteId, detailId } of groups.values()) {
        const post = await author
          .post('/api/posts', {
            campaignId,
            channelId,
            segments: cases.map((c) => c.text),
            quoteIds: [quoteId],
          })
          .expect(201);
        const id = post.body.id as string;
        await author.post(`/api/posts/${id}/submit`).expect(200);
        const seen = await safety.get(`/api/posts/${id}`).expect(200);
        const findings = seen.body.review.identityFindings as Finding[];
        cases.forEach((c, segment) => {
          const here = findings.filter((f) => f.segment === segment);
          const got = here.map((f) => [f.detailId, f.matchedText, f.cleared]);
          const expected = c.expected === null ? [] : [[detailId, c.expected, false]];
          if (JSON.stringify(got) !== JSON.stringify(expected)) {
            wrong.push(`${c.rule}: ${JSON.stringify(c.text)} gave ${JSON.stringify(here)}`);
          }
        });

        const approve = () =>
          editor.post(`/api/posts/${id}/reviews`, {
            revision: 1,
            stage: 'editorial',
            decision: 'approve',
          });
        if (cases.every((c) => c.expected === null)) {
          await approve().expect(200);
          continue;
        }
        await approve().expect(409);
        await safety
          .post(`/api/posts/${id}/identity-clearances`, {
            revision: 1,
            detailId,
            note: '[SAMPLE] Named in the published interview.',
          })
          .expect(204);
        await approve().expect(200);
      }
      expect(wrong).toEqual([]);
    },
    CORPUS_TIMEOUT_MS,
  );
});
