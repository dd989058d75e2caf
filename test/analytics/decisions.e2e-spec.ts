import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { insertCampaign } from './reports-fixtures.js';

describe('decision log', () => {
  let t: TestApp;
  let editor: SignedInClient;
  let campaign: string;

  beforeAll(async () => {
    t = await startTestApp();
    editor = await t.as(['editor']);
    campaign = await insertCampaign(t);
  }, 120_000);
  afterAll(() => t.close());

  it('appends entries that editors and admins record and everyone on the evaluation side reads', async () => {
    const entry = {
      at: '2026-05-04T18:00:00Z',
      what: 'Paused the dull_duties theme',
      why: 'Lowest engagement per 1,000 impressions for four weeks',
    };
    const created = await editor
      .post(`/api/analytics/campaigns/${campaign}/decisions`, entry)
      .expect(201);
    expect(created.body).toMatchObject({
      ...entry,
      at: '2026-05-04T18:00:00.000Z',
      campaignId: campaign,
    });
    await (
      await t.as(['admin'])
    )
      .post(`/api/analytics/campaigns/${campaign}/decisions`, {
        ...entry,
        at: '2026-06-01T08:00:00Z',
      })
      .expect(201);
    const analyst = await t.as(['analyst']);
    await analyst.post(`/api/analytics/campaigns/${campaign}/decisions`, entry).expect(403);
    await (
      await t.as(['author'])
    )
      .post(`/api/analytics/campaigns/${campaign}/decisions`, entry)
      .expect(403);
    const list = await analyst
      .get(`/api/analytics/decisions?campaignId=${campaign}&to=2026-05-31T00:00:00Z`)
      .expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id })]);
    const [audit] = await t.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [
      created.body.id,
    ]);
    expect(audit).toEqual({ action: 'decision.recorded' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const created = await editor
      .post(`/api/analytics/campaigns/${campaign}/decisions`, {
        at: '2026-05-05T00:00:00Z',
        what: 'w',
        why: 'y',
      })
      .expect(201);
    await expect(
      t.query(`UPDATE decision_log SET why = 'rewritten' WHERE id = $1`, [created.body.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.query(`DELETE FROM decision_log WHERE id = $1`, [created.body.id]),
    ).rejects.toThrow(/append-only/);
    // The app's role may not truncate at all; the trigger stops any role that may.
    await expect(t.query(`TRUNCATE decision_log CASCADE`)).rejects.toThrow(
      /append-only|permission denied/,
    );
    const [row] = await t.query(`SELECT why FROM decision_log WHERE id = $1`, [created.body.id]);
    expect(row).toEqual({ why: 'y' });
  });

  it('answers bad entries with a 400 naming the field and unknown campaigns with a 404', async () => {
    for (const [body, field] of [
      [{ at: 'yesterday', what: 'w', why: 'y' }, 'at'],
      [{ at: '2026-05-05T00:00:00Z', what: '', why: 'y' }, 'what'],
      [{ at: '2026-05-05T00:00:00Z', what: 'w' }, 'why'],
    ] as const) {
      const res = await editor
        .post(`/api/analytics/campaigns/${campaign}/decisions`, body)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await editor
      .post('/api/analytics/campaigns/00000000-0000-4000-8000-000000000000/decisions', {
        at: '2026-05-05T00:00:00Z',
        what: 'w',
        why: 'y',
      })
      .expect(404);
  });
});
