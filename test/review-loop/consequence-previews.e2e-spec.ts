import fc from 'fast-check';
import { POST_STATUSES } from '../../src/db/schema/index.js';
import { insertQuote } from '../support/library-fixtures.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

/** Statuses a post may have with segments on the platform (posts_live_segments_check). */
const MAY_HOLD_SEGMENTS = [
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unknown',
  'held',
  'withdrawn',
  'deleted',
];

const postState = fc
  .record({
    status: fc.constantFrom(...POST_STATUSES),
    live: fc.boolean(),
    needsRetraction: fc.boolean(),
  })
  .map((s) => ({ ...s, live: s.live && MAY_HOLD_SEGMENTS.includes(s.status) }));

type PostState = typeof postState extends fc.Arbitrary<infer T> ? T : never;

interface Impact {
  quotes: number;
  withdrawn: { status: string; count: number }[];
  flaggedForDeletion: number;
}

/**
 * A confirmation says what the action will do: the preview must count exactly what the action
 * then does, for any mix of posts built on the quote, and change nothing itself.
 */
describe('consequence previews', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let safety: SignedInClient;
  let place: { campaignId: string; channelId: string };

  beforeAll(async () => {
    t = await startTestApp();
    team = await publishingTeam(t);
    safety = await t.as(['safety_reviewer']);
    place = { campaignId: await createCampaign(team), channelId: await createChannel(team) };
  });
  afterAll(() => t.close());

  const snapshot = (ids: string[]) =>
    t.query<{ id: string; status: string; needs_retraction: boolean }>(
      `SELECT id, status, needs_retraction FROM posts WHERE id = ANY($1) ORDER BY id`,
      [ids],
    );

  /** Posts on a fresh quote, each forced into its generated state. */
  async function postsOnNewQuote(states: PostState[]) {
    const { quoteId, defectorId } = await insertQuote(t, { consentStatus: 'obtained' });
    const ids: string[] = [];
    for (const [i, state] of states.entries()) {
      const post = await team.author
        .post('/api/posts', {
          ...place,
          segments: [`Post ${i} on ${quoteId}`],
          quoteIds: [quoteId],
        })
        .expect(201);
      await t.query(
        `UPDATE posts SET status = $2, needs_retraction = $3, external_ids = $4 WHERE id = $1`,
        [
          post.body.id,
          state.status,
          state.needsRetraction,
          state.live ? [`x-${i}-${quoteId}`] : [],
        ],
      );
      ids.push(post.body.id);
    }
    return { quoteId, defectorId, ids };
  }

  /** What the action did, counted the way the preview counts it. */
  function observed(
    before: Awaited<ReturnType<typeof snapshot>>,
    after: Awaited<ReturnType<typeof snapshot>>,
  ): Omit<Impact, 'quotes'> {
    const withdrawn = new Map<string, number>();
    let flaggedForDeletion = 0;
    before.forEach((was, i) => {
      const now = after[i]!;
      if (was.status !== 'withdrawn' && now.status === 'withdrawn') {
        withdrawn.set(was.status, (withdrawn.get(was.status) ?? 0) + 1);
      }
      if (!was.needs_retraction && now.needs_retraction) flaggedForDeletion += 1;
    });
    return {
      withdrawn: POST_STATUSES.filter((s) => withdrawn.has(s)).map((status) => ({
        status,
        count: withdrawn.get(status)!,
      })),
      flaggedForDeletion,
    };
  }

  const mixes = fc.array(postState, { minLength: 0, maxLength: 5 });

  it('counts what retracting a quote withdraws and flags, exactly', async () => {
    await fc.assert(
      fc.asyncProperty(mixes, async (states) => {
        const { quoteId, ids } = await postsOnNewQuote(states);
        const before = await snapshot(ids);
        const preview = await team.editor
          .get(`/api/library/quotes/${quoteId}/retraction-impact`)
          .expect(200);
        expect(await snapshot(ids)).toEqual(before);
        await team.editor
          .post(`/api/library/quotes/${quoteId}/retract`, { reason: 'The outlet withdrew it.' })
          .expect(200);
        expect(preview.body).toEqual({ quotes: 1, ...observed(before, await snapshot(ids)) });
      }),
      { numRuns: 12 },
    );
  });

  it('counts what withdrawing consent withdraws and flags, exactly', async () => {
    await fc.assert(
      fc.asyncProperty(mixes, async (states) => {
        const { defectorId, ids } = await postsOnNewQuote(states);
        const before = await snapshot(ids);
        const preview = await safety
          .get(`/api/library/defectors/${defectorId}/consent-impact`)
          .expect(200);
        expect(await snapshot(ids)).toEqual(before);
        await safety
          .post(`/api/library/defectors/${defectorId}/consent`, {
            status: 'withdrawn',
            reason: 'He asked us to stop.',
          })
          .expect(200);
        expect(preview.body).toEqual({ quotes: 1, ...observed(before, await snapshot(ids)) });
      }),
      { numRuns: 12 },
    );
  });

  it('shows the previews only to those who may take the action', async () => {
    const { quoteId, defectorId } = await insertQuote(t);
    await team.author.get(`/api/library/quotes/${quoteId}/retraction-impact`).expect(403);
    await team.editor.get(`/api/library/defectors/${defectorId}/consent-impact`).expect(403);
    await team.author.get(`/api/library/defectors/${defectorId}/consent-impact`).expect(403);
    await team.editor
      .get('/api/library/quotes/00000000-0000-4000-8000-000000000000/retraction-impact')
      .expect(404);
  });
});
