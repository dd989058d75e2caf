import type { Role } from '../../src/db/schema/index.js';
import { createDefector } from '../library/library-helpers.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';

const VALUE = 'Hammam al-Alil';
const ALIAS = 'حمام العليل';
const NEW_VALUE = 'Hamam al Alil';
const OTHERS: Role[][] = [['author'], ['editor'], ['legal_reviewer'], ['analyst']];

/** The defector page's details section and the audit log screen, as their API serves them. */
describe('identifying details screen and audit log', () => {
  let t: TestApp;
  let safety: SignedInClient;
  let admin: SignedInClient;
  let defector: { id: string };
  let detailId: string;
  beforeAll(async () => {
    t = await startTestApp();
    safety = await t.as(['safety_reviewer']);
    admin = await t.as(['admin']);
    defector = await createDefector(safety);
    const added = await safety
      .post(`/api/library/defectors/${defector.id}/identifying-details`, {
        kind: 'hometown',
        value: VALUE,
        aliases: [ALIAS],
      })
      .expect(201);
    detailId = added.body.id;
  });
  afterAll(() => t.close());

  it.each(OTHERS)('refuses every details route to %s and shows no trace of them', async (role) => {
    const client = await t.as([role]);
    const base = `/api/library/defectors/${defector.id}/identifying-details`;
    await client.get(base).expect(403);
    await client.post(base, { kind: 'unit', value: 'x' }).expect(403);
    await client.patch(`${base}/${detailId}`, { value: 'x' }).expect(403);
    await client.delete(`${base}/${detailId}`).expect(403);
    const page = await client.get(`/api/library/defectors/${defector.id}`).expect(200);
    expect(page.body).not.toHaveProperty('identifyingDetails');
    expect(JSON.stringify(page.body)).not.toContain(VALUE);
    // The audit log is the admins' alone, so no other role reads a detail change there either.
    await client.get(`/api/audit-events?entityId=${defector.id}`).expect(403);
    await client.get('/api/audit-events/actions').expect(403);
  });

  it('lets a safety reviewer and an admin add, correct and remove details with their spellings', async () => {
    for (const client of [safety, admin]) {
      const base = `/api/library/defectors/${defector.id}/identifying-details`;
      const created = await client
        .post(base, { kind: 'family', value: 'Abu Example', aliases: ['أبو مثال'] })
        .expect(201);
      const edited = await client
        .patch(`${base}/${created.body.id}`, { value: 'Abu Exemple', aliases: [] })
        .expect(200);
      expect(edited.body).toMatchObject({ kind: 'family', value: 'Abu Exemple', aliases: [] });
      await client.delete(`${base}/${created.body.id}`).expect(204);
      const list = await client.get(base).expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: detailId, kind: 'hometown', aliases: [ALIAS] }),
      ]);
    }
  });

  it('records detail changes in the audit log, labelled, without the value or its spellings', async () => {
    const base = `/api/library/defectors/${defector.id}/identifying-details`;
    const extra = await safety.post(base, { kind: 'unit', value: 'Unit 77 Example' }).expect(201);
    await safety
      .patch(`${base}/${extra.body.id}`, { value: NEW_VALUE, aliases: ['Hamam Alil'] })
      .expect(200);
    await safety.delete(`${base}/${extra.body.id}`).expect(204);

    const audit = await admin.get(`/api/audit-events?entityId=${defector.id}`).expect(200);
    const labelled = audit.body.items.map((e: { action: string; actionLabel: string }) => [
      e.action,
      e.actionLabel,
    ]);
    expect(labelled).toEqual(
      expect.arrayContaining([
        ['defector.identifying_detail_added', 'Identifying detail added'],
        ['defector.identifying_detail_updated', 'Identifying detail changed'],
        ['defector.identifying_detail_removed', 'Identifying detail removed'],
      ]),
    );
    const text = JSON.stringify(audit.body);
    for (const secret of [VALUE, ALIAS, 'Unit 77 Example', NEW_VALUE, 'Hamam Alil', 'أبو مثال'])
      expect(text).not.toContain(secret);
  });

  it('offers the actions the trail holds, each once and labelled', async () => {
    const res = await admin.get('/api/audit-events/actions').expect(200);
    const items: { action: string; label: string }[] = res.body.items;
    const actions = items.map((i) => i.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions).toEqual(
      expect.arrayContaining(['defector.created', 'defector.identifying_detail_added']),
    );
    for (const item of items) expect(item.label).not.toMatch(/[._]/);
    const filtered = await admin
      .get('/api/audit-events?action=defector.identifying_detail_added')
      .expect(200);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    for (const e of filtered.body.items) expect(e.action).toBe('defector.identifying_detail_added');
  });
});
