import type { QuoteDetailDto } from '../../src/library/quotes.dto.js';
import type { Role } from '../../src/db/schema/index.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote } from './library-helpers.js';

const NOTES = '[SAMPLE] Lives with his cousin near the old bus station.';
const DETAIL = 'Qayyarah';

describe('private defector fields', () => {
  let t: TestApp;
  let safety: SignedInClient;
  let defector: { id: string };
  let quote: QuoteDetailDto;
  beforeAll(async () => {
    t = await startTestApp();
    safety = await t.as(['safety_reviewer']);
    const author = await t.as(['author']);
    defector = await createDefector(safety, { internalNotes: NOTES });
    await safety
      .post(`/api/library/defectors/${defector.id}/identifying-details`, {
        kind: 'hometown',
        value: DETAIL,
      })
      .expect(201);
    quote = await createQuote(author, { defectorId: defector.id });
  });
  afterAll(() => t.close());

  const everywhere = async (client: SignedInClient) =>
    JSON.stringify([
      (await client.get(`/api/library/defectors/${defector.id}`).expect(200)).body,
      (await client.get('/api/library/defectors').expect(200)).body,
      (await client.get(`/api/library/quotes/${quote.id}`).expect(200)).body,
      (await client.get('/api/library/quotes').expect(200)).body,
      (await client.get('/api/library/quotes/export.csv').expect(200)).text,
    ]);

  it.each<[Role[]]>([[['author']], [['editor']], [['legal_reviewer']], [['analyst']]])(
    'hides internal notes and identifying details from %j in every response and the export',
    async (roles) => {
      const client = await t.as(roles);
      const res = await client.get(`/api/library/defectors/${defector.id}`).expect(200);
      expect(res.body).not.toHaveProperty('internalNotes');
      expect(res.body).not.toHaveProperty('identifyingDetails');
      const all = await everywhere(client);
      expect(all).not.toContain(NOTES);
      expect(all).not.toContain(DETAIL);
      await client.get(`/api/library/defectors/${defector.id}/identifying-details`).expect(403);
    },
  );

  it.each<[Role[]]>([[['safety_reviewer']], [['admin']]])('shows them to %j', async (roles) => {
    const client = await t.as(roles);
    const res = await client.get(`/api/library/defectors/${defector.id}`).expect(200);
    expect(res.body.internalNotes).toBe(NOTES);
    expect(res.body.identifyingDetails).toEqual([
      expect.objectContaining({ kind: 'hometown', value: DETAIL }),
    ]);
    const list = await client
      .get(`/api/library/defectors/${defector.id}/identifying-details`)
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    // Even for them, the export carries no private field.
    const csv = (await client.get('/api/library/quotes/export.csv').expect(200)).text;
    expect(csv).not.toContain(NOTES);
    expect(csv).not.toContain(DETAIL);
  });

  it('lets only safety reviewers and admins write notes and manage details', async () => {
    const editor = await t.as(['editor']);
    const refused = await editor
      .patch(`/api/library/defectors/${defector.id}`, { internalNotes: 'x' })
      .expect(403);
    expect(refused.body.detail).toMatch(/internal notes/);
    await editor
      .post(`/api/library/defectors/${defector.id}/identifying-details`, {
        kind: 'unit',
        value: 'x',
      })
      .expect(403);
    await editor
      .patch(`/api/library/defectors/${defector.id}`, { nationality: 'Iraqi' })
      .expect(200);
    const stored = await safety.get(`/api/library/defectors/${defector.id}`).expect(200);
    expect(stored.body.internalNotes).toBe(NOTES);
  });

  it('keeps private values out of the audit log', async () => {
    const admin = await t.as(['admin']);
    const audit = await admin.get(`/api/audit-events?entityId=${defector.id}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['defector.created', 'defector.identifying_detail_added']),
    );
    expect(JSON.stringify(audit.body)).not.toContain(NOTES);
    expect(JSON.stringify(audit.body)).not.toContain(DETAIL);
  });

  it('removes an identifying detail', async () => {
    const other = await createDefector(safety);
    const detail = await safety
      .post(`/api/library/defectors/${other.id}/identifying-details`, {
        kind: 'family',
        value: 'Umm Example',
      })
      .expect(201);
    await safety
      .delete(`/api/library/defectors/${other.id}/identifying-details/${detail.body.id}`)
      .expect(204);
    const list = await safety
      .get(`/api/library/defectors/${other.id}/identifying-details`)
      .expect(200);
    expect(list.body.items).toEqual([]);
  });
});

describe('identity check endpoint', () => {
  let t: TestApp;
  let defectorId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const safety = await t.as(['safety_reviewer']);
    defectorId = (await createDefector(safety)).id;
    for (const [kind, value] of [
      ['real_name', 'Omar Example'],
      ['hometown', 'الموصل'],
      ['unit', 'Katiba Sample'],
    ]) {
      await safety
        .post(`/api/library/defectors/${defectorId}/identifying-details`, { kind, value })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  const text = 'Draft: OMAR  example grew up in المَوصل.';

  it.each<[Role[]]>([[['safety_reviewer']], [['admin']]])(
    'tells %j which details the text names, and reveals no other detail',
    async (roles) => {
      const client = await t.as(roles);
      const res = await client
        .post('/api/library/identity-check', { text, defectorIds: [defectorId] })
        .expect(200);
      expect(
        res.body.matches.map((m: { kind: string; matchedText: string }) => [m.kind, m.matchedText]),
      ).toEqual([
        ['real_name', 'OMAR  example'],
        ['hometown', 'المَوصل'],
      ]);
      for (const m of res.body.matches) expect(text.slice(m.start, m.end)).toBe(m.matchedText);
      expect(JSON.stringify(res.body)).not.toContain('Katiba');
    },
  );

  it.each<[Role[]]>([[['author']], [['editor']], [['legal_reviewer']]])(
    'tells %j only where the text names an identifying detail, not which one',
    async (roles) => {
      const client = await t.as(roles);
      const res = await client
        .post('/api/library/identity-check', { text, defectorIds: [defectorId] })
        .expect(200);
      expect(res.body.matches).toEqual([
        { matchedText: 'OMAR  example', start: 7, end: 20 },
        { matchedText: 'المَوصل', start: 32, end: 39 },
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/Katiba|real_name|hometown|detailId|kind/);
    },
  );

  it('is not for analysts, and refuses unknown defectors', async () => {
    const analyst = await t.as(['analyst']);
    await analyst
      .post('/api/library/identity-check', { text: 'x', defectorIds: [defectorId] })
      .expect(403);
    const author = await t.as(['author']);
    const res = await author
      .post('/api/library/identity-check', {
        text: 'x',
        defectorIds: ['00000000-0000-4000-8000-000000000000'],
      })
      .expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'defectorIds', rule: 'exists' }),
    ]);
  });
});
