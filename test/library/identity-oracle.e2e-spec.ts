import type { Role } from '../../src/db/schema/index.js';
import { startTestApp, type SignedInClient, type TestApp } from '../support/test-app.js';
import { createDefector, createQuote } from './library-helpers.js';

const LIMIT = 5;
const NAME = 'Omar Sampleson';
const TOWN = 'الموصل';

/**
 * An author or editor must not be able to use the identity check to test guesses against a
 * defector: they learn where their text names an identifying detail, not which one or its kind,
 * and only a few times a minute. Safety reviewers and admins see everything.
 */
describe('the identity check is not an oracle', () => {
  let t: TestApp;
  let safety: SignedInClient;
  let defectorId: string;
  let nameId: string;

  beforeAll(async () => {
    t = await startTestApp({ IDENTITY_CHECK_RATE_PER_MINUTE: String(LIMIT) });
    safety = await t.as(['safety_reviewer']);
    defectorId = (await createDefector(safety)).id;
    nameId = (
      await safety
        .post(`/api/library/defectors/${defectorId}/identifying-details`, {
          kind: 'real_name',
          value: NAME,
          aliases: ['عمر سامبلسون'],
        })
        .expect(201)
    ).body.id;
    await safety
      .post(`/api/library/defectors/${defectorId}/identifying-details`, {
        kind: 'hometown',
        value: TOWN,
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const check = (client: SignedInClient, text: string) =>
    client.post('/api/library/identity-check', { text, defectorIds: [defectorId] });

  it.each<[Role[]]>([[['author']], [['editor']]])(
    'tells %j where a guess hits, never which detail or its kind, and stops them after the limit',
    async (roles) => {
      const prober = await t.as(roles);
      const guesses = ['Omar Sampleson', 'Mosul', 'Ahmed Other', 'Raqqa', 'عمر سامبلسون'];
      const answers = [];
      for (const guess of guesses) {
        const res = await check(prober, `Is it ${guess}?`).expect(200);
        expect(res.headers['cache-control']).toBe('no-store');
        answers.push(res.body.matches);
      }
      expect(answers).toEqual([
        [{ matchedText: 'Omar Sampleson', start: 6, end: 20 }],
        [{ matchedText: 'Mosul', start: 6, end: 11 }],
        [],
        [],
        [{ matchedText: 'عمر سامبلسون', start: 6, end: 18 }],
      ]);
      const body = JSON.stringify(answers);
      expect(body).not.toMatch(/kind|detailId|defectorId|real_name|hometown/);
      expect(body).not.toContain(TOWN);

      const refused = await check(prober, 'Is it Tal Afar?').expect(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(refused.body.detail).toContain(`${LIMIT} identity checks a minute`);
      expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.body.retryAfterSeconds).toBeLessThanOrEqual(60);
      await check(prober, 'Is it Homs?').expect(429);

      // Bulk use is audited once per run of refusals, without the text that was checked.
      const admin = await t.as(['admin']);
      const audit = await admin
        .get(`/api/audit-events?entityId=${prober.userId}&action=identity_check.rate_limited`)
        .expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          action: 'identity_check.rate_limited',
          after: { limitPerMinute: LIMIT, defectorCount: 1 },
        }),
      ]);
      expect(JSON.stringify(audit.body)).not.toMatch(/Tal Afar|Homs|Sampleson/);
    },
  );

  it('counts each user on their own: one prober being stopped does not stop a colleague', async () => {
    const first = await t.as(['author']);
    for (let i = 0; i < LIMIT; i++) await check(first, 'nothing here').expect(200);
    await check(first, 'nothing here').expect(429);
    await check(await t.as(['author']), 'nothing here').expect(200);
  });

  it('tells safety reviewers and admins which detail matched and its kind', async () => {
    for (const roles of [['safety_reviewer'], ['admin']] as Role[][]) {
      const client = await t.as(roles);
      const res = await check(client, `${NAME} left لموصل`).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.matches).toEqual([
        {
          defectorId,
          detailId: nameId,
          kind: 'real_name',
          matchedText: NAME,
          start: 0,
          end: NAME.length,
        },
      ]);
    }
  });

  it('sends no-store with every response that may carry identifying details', async () => {
    const admin = await t.as(['admin']);
    const paths = [
      `/api/library/defectors/${defectorId}`,
      `/api/library/defectors/${defectorId}/identifying-details`,
      '/api/library/defectors',
    ];
    // Quotes show which of their words a safety reviewer accepted as identifying details.
    const quote = await createQuote(admin, { defectorId });
    paths.push(`/api/library/quotes/${quote.id}`, '/api/library/quotes');
    for (const path of paths) {
      const res = await admin.get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const added = await admin
      .post(`/api/library/defectors/${defectorId}/identifying-details`, {
        kind: 'family',
        value: 'Umm Sample',
      })
      .expect(201);
    expect(added.headers['cache-control']).toBe('no-store');
    const changed = await admin
      .patch(`/api/library/defectors/${defectorId}/identifying-details/${added.body.id}`, {
        aliases: ['أم سامبل'],
      })
      .expect(200);
    expect(changed.headers['cache-control']).toBe('no-store');
  });
});

describe('aliases of identifying details', () => {
  let t: TestApp;
  let safety: SignedInClient;
  let defectorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    safety = await t.as(['safety_reviewer']);
    defectorId = (await createDefector(safety)).id;
  });
  afterAll(() => t.close());

  const detailsPath = () => `/api/library/defectors/${defectorId}/identifying-details`;

  it('are recorded, read back, replaced and checked like the value, by safety reviewers', async () => {
    const created = await safety
      .post(detailsPath(), {
        kind: 'hometown',
        value: 'Sampleville',
        aliases: [' Samplovka ', 'سامبلفيل'],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      value: 'Sampleville',
      aliases: ['Samplovka', 'سامبلفيل'],
    });
    const id = created.body.id as string;

    const checked = async (text: string) =>
      (
        await safety
          .post('/api/library/identity-check', { text, defectorIds: [defectorId] })
          .expect(200)
      ).body.matches.map((m: { matchedText: string }) => m.matchedText);
    expect(await checked('from Samplovka, وبسامبلفيل')).toEqual(['Samplovka', 'سامبلفيل']);

    const replaced = await safety
      .patch(`${detailsPath()}/${id}`, { aliases: ['Sampleburg'] })
      .expect(200);
    expect(replaced.body).toMatchObject({
      kind: 'hometown',
      value: 'Sampleville',
      aliases: ['Sampleburg'],
    });
    expect(await checked('from Samplovka or Sampleburg')).toEqual(['Sampleburg']);

    const list = await safety.get(detailsPath()).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, aliases: ['Sampleburg'] })]);
    const defector = await safety.get(`/api/library/defectors/${defectorId}`).expect(200);
    expect(defector.body.identifyingDetails).toEqual([
      expect.objectContaining({ id, aliases: ['Sampleburg'] }),
    ]);

    // The audit log says that spellings changed, never which.
    const admin = await t.as(['admin']);
    const audit = await admin.get(`/api/audit-events?entityId=${defectorId}`).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'defector.identifying_detail_added',
        'defector.identifying_detail_updated',
      ]),
    );
    expect(JSON.stringify(audit.body)).not.toMatch(/Sample(ville|burg)|Samplovka|سامبلفيل/);
  });

  it.each([
    [{ aliases: 'Mosul' }, 'isArray'],
    [{ aliases: ['ok', '   '] }, 'matches'],
    [{ aliases: [''] }, 'minLength'],
    [{ aliases: ['x'.repeat(301)] }, 'maxLength'],
    [{ aliases: ['a', 'a'] }, 'arrayUnique'],
    [{ aliases: Array.from({ length: 21 }, (_, i) => `alias ${i}`) }, 'arrayMaxSize'],
    [{ aliases: [7] }, 'isString'],
  ])('refuses aliases %j naming the field and rule %s, and stores nothing', async (body, rule) => {
    const res = await safety
      .post(detailsPath(), { kind: 'other', value: 'Refused sample', ...body })
      .expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'aliases', rule })]),
    );
    const list = await safety.get(detailsPath()).expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Refused sample');
  });

  it('refuses an empty change, null for a required field, and an unknown detail', async () => {
    const created = await safety
      .post(detailsPath(), { kind: 'unit', value: 'Katiba Sample' })
      .expect(201);
    expect(created.body.aliases).toEqual([]);
    const path = `${detailsPath()}/${created.body.id}`;
    const empty = await safety.patch(path, {}).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    const nulled = await safety.patch(path, { aliases: null }).expect(400);
    expect(nulled.body.errors.map((e: { field: string }) => e.field)).toContain('aliases');
    expect(nulled.body.errors.every((e: { field: string }) => e.field === 'aliases')).toBe(true);
    await safety
      .patch(`${detailsPath()}/00000000-0000-4000-8000-000000000000`, { aliases: [] })
      .expect(404);
  });

  it.each<[Role[]]>([[['author']], [['editor']], [['legal_reviewer']], [['analyst']]])(
    'are not for %j to read or change',
    async (roles) => {
      const created = await safety
        .post(detailsPath(), { kind: 'family', value: 'Sample Cousin', aliases: ['Cousin Sample'] })
        .expect(201);
      const client = await t.as(roles);
      await client.get(detailsPath()).expect(403);
      await client.patch(`${detailsPath()}/${created.body.id}`, { aliases: ['guess'] }).expect(403);
      await client.post(detailsPath(), { kind: 'family', value: 'x', aliases: ['y'] }).expect(403);
      const seen = await client.get(`/api/library/defectors/${defectorId}`).expect(200);
      expect(JSON.stringify(seen.body)).not.toContain('Cousin Sample');
    },
  );
});
