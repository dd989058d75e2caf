import { GROUP_BY } from '../../src/analytics/reports/report-model.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import {
  insertCampaign,
  insertChannel,
  m,
  publishedPost,
  themedQuote,
} from './reports-fixtures.js';

const DETAILS = [
  { kind: 'real_name', value: 'Abdulrahman Testawi' },
  { kind: 'hometown', value: 'Qaryat Testhill' },
  { kind: 'family', value: 'brother Testmahmoud' },
  { kind: 'unit', value: 'Testbrigade Seventy' },
  { kind: 'location', value: 'Camp Testnorth' },
  { kind: 'other', value: 'tattoo of a Testfalcon' },
];
const INTERNAL_NOTE = 'Internal: met him through Testcontact Bureau';
const PERIOD = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
const COMPARE =
  'aFrom=2026-01-01T00:00:00Z&aTo=2026-06-01T00:00:00Z&bFrom=2026-06-01T00:00:00Z&bTo=2027-01-01T00:00:00Z';

describe('analytics exports', () => {
  let t: TestApp;
  let analyst: SignedInClient;
  let campaign: string;
  let objectiveId: string;
  let reviewer: { id: string; email: string };
  const postIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.as(['analyst']);
    const author = await t.user(['author']);
    reviewer = await t.user(['safety_reviewer'], 'reviewer.testperson@example.org');
    campaign = await insertCampaign(t, {
      name: 'Exported campaign',
      startsAt: '2026-01-01T00:00:00Z',
    });
    const channel = await insertChannel(t, {
      timezone: 'Europe/Berlin',
      language: 'de',
      handle: 'cv_berlin',
    });
    const quote = await themedQuote(t, ['corruption_unislamic', 'dull_duties'], DETAILS);
    await t.query(`UPDATE defectors SET internal_notes = $1 WHERE id = $2`, [
      INTERNAL_NOTE,
      quote.defectorId,
    ]);
    for (let i = 0; i < 6; i++) {
      const postId = await publishedPost(t, author.id, {
        campaignId: campaign,
        channelId: channel,
        publishedAt: `2026-0${i + 1}-10T09:00:00Z`,
        quoteIds: [quote.quoteId],
        snapshots: { 24: i === 5 ? [m(300, 3), m(200, 2)] : [m(1000 + i, 10 + i, 1)] },
      });
      postIds.push(postId);
      // The safety reviewer cleared each post: their identity must not reach any report.
      await t.query(
        `INSERT INTO reviews (post_id, revision, hash, stage, reviewer_id, decision, comment)
         VALUES ($1, 1, 'h', 'safety', $2, 'approve', $3)`,
        [postId, reviewer.id, `Cleared: ${DETAILS[1]!.value} is not named`],
      );
    }
    const editor = await t.as(['editor']);
    objectiveId = (
      await editor
        .post(`/api/analytics/campaigns/${campaign}/objectives`, {
          metric: 'engagements',
          target: 40,
          windowFrom: '2026-01-01T00:00:00Z',
          windowTo: '2026-12-31T00:00:00Z',
          reason: 'Agreed with the funder',
        })
        .expect(201)
    ).body.id;
    await editor
      .patch(`/api/analytics/objectives/${objectiveId}`, {
        target: 60,
        reason: 'Raised after the first month',
      })
      .expect(200);
    await editor
      .post(`/api/analytics/campaigns/${campaign}/decisions`, {
        at: '2026-03-01T00:00:00Z',
        what: 'Posting moved to evenings',
        why: 'Evening posts drew more replies',
      })
      .expect(201);
  }, 120_000);
  afterAll(() => t.close());

  /** Every report and export, JSON and CSV, as an analyst reads them. */
  const everyReadPath = () => [
    ...GROUP_BY.flatMap((g) => [
      `/api/analytics/report?groupBy=${g}&minSample=1`,
      `/api/analytics/report.csv?groupBy=${g}&minSample=1`,
      `/api/analytics/compare?${COMPARE}&groupBy=${g}`,
      `/api/analytics/compare.csv?${COMPARE}&groupBy=${g}`,
    ]),
    `/api/analytics/timeseries?campaignId=${campaign}`,
    `/api/analytics/timeseries.csv?campaignId=${campaign}&interval=week`,
    `/api/analytics/top-posts?campaignId=${campaign}&limit=100`,
    `/api/analytics/top-posts.csv?order=bottom`,
    `/api/analytics/posts.csv?${PERIOD}&at=latest`,
    `/api/analytics/campaigns/${campaign}/objectives?includeRemoved=true`,
    `/api/analytics/campaigns/${campaign}/objectives.csv`,
    `/api/analytics/decisions?campaignId=${campaign}`,
    `/api/analytics/decisions.csv`,
    `/api/analytics/campaigns/${campaign}/funder-report?${PERIOD}`,
  ];

  it('lets analysts read every report and export', async () => {
    for (const path of everyReadPath()) {
      const res = await analyst.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });

  it('carries no identifying detail, internal note or reviewer identity in any report or export', async () => {
    const forbidden = [
      ...DETAILS.map((d) => d.value),
      INTERNAL_NOTE,
      reviewer.email,
      reviewer.email.split('@')[0]!,
      reviewer.id,
    ];
    for (const path of everyReadPath()) {
      const res = await analyst.get(path).expect(200);
      const body = res.text.toLowerCase();
      for (const value of forbidden) {
        expect({ path, leaks: body.includes(value.toLowerCase()) ? value : null }).toEqual({
          path,
          leaks: null,
        });
      }
    }
  });

  it('lets analysts change nothing: every write answers 403 and leaves the data as it was', async () => {
    const count = async () =>
      (
        await t.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM objectives) + (SELECT count(*) FROM objective_changes)
                + (SELECT count(*) FROM decision_log) AS n`,
        )
      )[0]!.n;
    const before = await count();
    const objective = {
      metric: 'replies',
      target: 1,
      windowFrom: '2026-01-01T00:00:00Z',
      windowTo: '2026-02-01T00:00:00Z',
      reason: 'r',
    };
    await analyst.post(`/api/analytics/campaigns/${campaign}/objectives`, objective).expect(403);
    await analyst
      .patch(`/api/analytics/objectives/${objectiveId}`, { target: 1, reason: 'r' })
      .expect(403);
    await analyst.delete(`/api/analytics/objectives/${objectiveId}?reason=r`).expect(403);
    await analyst
      .post(`/api/analytics/campaigns/${campaign}/decisions`, {
        at: '2026-03-01T00:00:00Z',
        what: 'w',
        why: 'y',
      })
      .expect(403);
    expect(await count()).toBe(before);
  });

  it('exports per-post metrics and reports as CSV files with one header row', async () => {
    const posts = await analyst.get(`/api/analytics/posts.csv?campaignId=${campaign}`).expect(200);
    expect(posts.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(posts.headers['content-disposition']).toBe('attachment; filename="analytics-posts.csv"');
    const lines = posts.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'post_id,published_at,campaign_id,campaign,channel_id,channel,language,format,themes,local_weekday,local_hour,' +
        'checkpoint_hours,impressions,likes,reposts,replies,quotes,bookmarks,engagements,engagements_per_1000_impressions,synthetic',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(postIds);
    // The thread: segments summed; 10:00 in Berlin (CEST) is hour 11 on a Wednesday.
    expect(lines[6]).toContain(
      ',cv_berlin,de,thread,corruption_unislamic dull_duties,3,11,24,500,5,0,0,0,0,5,10,false',
    );

    const report = await analyst
      .get(`/api/analytics/report.csv?groupBy=theme&campaignId=${campaign}`)
      .expect(200);
    const rows = report.text.trimEnd().split('\r\n');
    expect(rows[0]!.split(',').slice(0, 6)).toEqual([
      'group_by',
      'key',
      'label',
      'rank',
      'insufficient',
      'posts',
    ]);
    // 1000..1004 impressions and the thread's 500; 11..15 engagements each and its 5.
    expect(rows[1]).toMatch(/^theme,,All posts,,,6,6,5510,70,/);
    expect(rows).toHaveLength(4);
  });

  it('gives the funder report its objectives, narratives, decisions and method notes, without names', async () => {
    const body = (
      await analyst.get(`/api/analytics/campaigns/${campaign}/funder-report?${PERIOD}`).expect(200)
    ).body;
    expect(body.campaign).toMatchObject({ id: campaign, name: 'Exported campaign' });
    expect(
      body.objectives.objectives[0].changes.map((c: { changedBy: unknown }) => c.changedBy),
    ).toEqual([null, null]);
    expect(body.objectives.objectives[0].changes[1]).toMatchObject({
      afterStart: true,
      reason: 'Raised after the first month',
      before: { target: 40 },
      after: { target: 60 },
    });
    expect(body.narratives.groups.map((g: { key: string }) => g.key).sort()).toEqual([
      'corruption_unislamic',
      'dull_duties',
    ]);
    expect(body.decisions).toEqual([
      expect.objectContaining({ what: 'Posting moved to evenings' }),
    ]);
    expect(body.privacyStatement).toMatch(
      /no identifying details.*no internal notes and no reviewer identities/,
    );
    expect(body.methodNotes.join(' ')).toContain(
      'Engagements = likes + reposts + replies + quotes + bookmarks',
    );
    await analyst
      .get(
        `/api/analytics/campaigns/${campaign}/funder-report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      )
      .expect(400);
  });
});
