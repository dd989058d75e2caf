import { randomUUID } from 'node:crypto';
import { insertQuote } from '../support/library-fixtures.js';
import {
  createCampaign,
  createChannel,
  publishingTeam,
  type PublishingTeam,
} from '../support/publishing-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createSource } from '../library/library-helpers.js';

interface Answer {
  status: number;
  body: { errors?: { field: string; rule: string }[]; detail?: string };
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Each class of input that used to reach PostgreSQL and come back as a 500 is now refused as a
 * 4xx naming the field and the rule, and changes nothing.
 */
describe('bad input is a 4xx naming the field and rule, never a 500', () => {
  let t: TestApp;
  let team: PublishingTeam;
  let campaignId: string;
  let channelId: string;
  let postId: string;

  beforeAll(async () => {
    t = await startTestApp();
    team = await publishingTeam(t);
    campaignId = await createCampaign(team);
    channelId = await createChannel(team);
    const { quoteId } = await insertQuote(t);
    const post = await team.author
      .post('/api/posts', { campaignId, channelId, segments: ['Hello'], quoteIds: [quoteId] })
      .expect(201);
    postId = post.body.id;
  });
  afterAll(() => t.close());

  const auditRows = async () =>
    Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM audit_events'))[0]!.n);

  async function expectRefused(
    send: () => PromiseLike<Answer>,
    status: number,
    field: string,
    rule: string,
  ) {
    const before = await auditRows();
    const res = await send();
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status,
      errors: expect.arrayContaining([expect.objectContaining({ field, rule })]),
    });
    expect(await auditRows()).toBe(before);
    return res;
  }

  describe('NUL characters', () => {
    it('in a body string, however deep', async () => {
      await expectRefused(
        () =>
          team.admin.post('/api/channels', {
            platform: 'sandbox',
            handle: 'nul_body',
            language: 'en',
            timezone: 'UTC',
            weeklySlots: [{ weekday: 1, time: '09:00' }],
            credentials: { token: 'a\u0000b' },
          }),
        400,
        'credentials.token',
        'noNulCharacters',
      );
      await expectRefused(
        () =>
          team.author.post('/api/library/sources', {
            outlet: 'Outlet\u0000',
            title: 'T',
            url: 'https://example.org/nul',
            language: 'en',
          }),
        400,
        'outlet',
        'noNulCharacters',
      );
    });

    it('in a query parameter', async () => {
      await expectRefused(
        () => team.author.get('/api/library/sources?text=a%00b'),
        400,
        'text',
        'noNulCharacters',
      );
    });

    it('in a path parameter', async () => {
      await expectRefused(
        () => team.admin.patch('/api/library/themes/dull%00duties', { name: 'x' }),
        400,
        'key',
        'noNulCharacters',
      );
    });
  });

  describe('forged pagination cursors', () => {
    it.each([
      ['a time that is not one', '/api/users', cursorOf(['not a time', 'x'])],
      ['an id that is not a uuid', '/api/campaigns', cursorOf([new Date().toISOString(), 'x'])],
      ['a serial beyond bigint', '/api/audit-events', cursorOf(['id', '9'.repeat(30)])],
      ['a creation cursor on a serial list', '/api/audit-events', cursorOf(['2026-01-01', 'x'])],
      ['not base64url at all', '/api/users', 'not*a*cursor'],
    ])('%s', async (_name, path, cursor) => {
      await expectRefused(
        () => team.admin.get(`${path}?cursor=${encodeURIComponent(cursor)}`),
        400,
        'cursor',
        'validCursor',
      );
    });

    it('a cursor the API issued still pages', async () => {
      await createCampaign(team);
      const first = await team.admin.get('/api/campaigns?limit=1').expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const next = await team.admin
        .get(`/api/campaigns?limit=1&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('dates that validation let through but the database cannot store', () => {
    it.each([
      ['an ISO week date', '2026-W10-2'],
      ['the basic format', '20261201T120000Z'],
      ['year 0', '0000-01-01T00:00:00Z'],
      ['an offset of 24 hours', '2026-12-01T12:00:00+24:00'],
      ['no zone', '2026-12-01T12:00:00'],
      ['a plain date where a time is asked', '2026-12-01'],
    ])('%s', async (_name, value) => {
      await expectRefused(
        () =>
          team.admin.post('/api/campaigns', {
            name: 'Dated',
            goal: 'g',
            audience: 'a',
            language: 'en',
            timezone: 'UTC',
            startsAt: value,
          }),
        400,
        'startsAt',
        'isDateTime',
      );
    });

    it('year 0 or a week date as a calendar day', async () => {
      for (const publishedOn of ['0000-01-01', '2026-W10-2', '20261201'])
        await expectRefused(
          () =>
            team.author.post('/api/library/sources', {
              outlet: 'O',
              title: 'T',
              url: `https://example.org/dated/${publishedOn}`,
              language: 'en',
              publishedOn,
            }),
          400,
          'publishedOn',
          'isDate',
        );
    });

    it('in a query: an audit window from year 0', async () => {
      await expectRefused(
        () => team.admin.get('/api/audit-events?from=0000-01-01T00:00:00Z'),
        400,
        'from',
        'isDateTime',
      );
    });

    it('any offset a real zone has is accepted', async () => {
      await team.admin
        .post('/api/campaigns', {
          name: 'Kiritimati',
          goal: 'g',
          audience: 'a',
          language: 'en',
          timezone: 'Pacific/Kiritimati',
          startsAt: '2026-12-01T12:00:00+14:00',
          endsAt: '2026-12-31T12:00:00.123456-09:30',
        })
        .expect(201);
    });
  });

  describe('null and empty updates', () => {
    it('null for a field that is required on the record', async () => {
      await expectRefused(
        () => team.admin.patch(`/api/campaigns/${campaignId}`, { name: null }),
        400,
        'name',
        'notNull',
      );
      await expectRefused(
        () => team.admin.patch(`/api/channels/${channelId}`, { minSpacingMinutes: null }),
        400,
        'minSpacingMinutes',
        'notNull',
      );
    });

    it('null where the record allows it still clears the field', async () => {
      const source = await createSource(team.author, { author: 'Someone' });
      const res = await team.author
        .patch(`/api/library/sources/${source.id}`, { author: null })
        .expect(200);
      expect(res.body.author).toBeNull();
    });

    it('the OpenAPI document describes each update as its create with every field optional and no defaults', async () => {
      const { schemas } = (await t.http().get('/api/openapi.json').expect(200)).body.components;
      const fieldsOf = (name: string) => Object.keys(schemas[name].properties).sort();
      for (const [update, create, left, added] of [
        ['UpdateChannelDto', 'CreateChannelDto', ['platform'], ['status']],
        ['UpdateCampaignDto', 'CreateCampaignDto', [], ['status']],
        ['UpdateSourceDto', 'CreateSourceDto', [], []],
        ['UpdateQuoteDto', 'CreateQuoteDto', ['verification', 'verificationReason'], []],
        ['UpdateDefectorDto', 'CreateDefectorDto', ['consentReason', 'consentStatus'], []],
        ['UpdateThemeDto', 'CreateThemeDto', ['key'], []],
        [
          'UpdatePauseDto',
          'CreatePauseDto',
          ['campaignId', 'channelId', 'kind', 'scope', 'startsAt'],
          [],
        ],
      ] as const) {
        expect(schemas[update].required).toBeUndefined();
        expect(fieldsOf(update)).toEqual(
          [
            ...fieldsOf(create).filter((f) => !(left as readonly string[]).includes(f)),
            ...added,
          ].sort(),
        );
        for (const property of Object.values(schemas[update].properties))
          expect(property).not.toHaveProperty('default');
      }
    });

    it.each([
      ['campaign', () => `/api/campaigns/${campaignId}`],
      ['channel', () => `/api/channels/${channelId}`],
      ['theme', () => '/api/library/themes/dull_duties'],
    ])('an empty update of a %s', async (_name, path) => {
      await expectRefused(() => team.admin.patch(path(), {}), 400, 'body', 'notEmpty');
    });
  });

  describe('unique keys', () => {
    it('concurrent renames of sources onto one new url: one wins, the others get a 409', async () => {
      const sources = await Promise.all([1, 2, 3, 4].map(() => createSource(team.author)));
      const url = `https://example.org/contested/${Date.now()}`;
      const answers = await Promise.all(
        sources.map((s) => team.author.patch(`/api/library/sources/${s.id}`, { url })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    });

    it('concurrent imports naming one new defector id: a clash is a 409, not a 500', async () => {
      const defectorId = randomUUID();
      const header =
        'quote_text,quote_language,themes,verification,identity_risk,source_url,source_outlet,' +
        'source_title,source_language,defector_id,defector_display_name,defector_consent';
      const csvFor = (n: number) =>
        `${header}\nSaid ${n},en,dull_duties,unverified,low,https://example.org/import/${n},O,T,en,` +
        `${defectorId},New defector,public_record`;
      const answers = await Promise.all(
        [1, 2, 3, 4].map((n) => team.author.post('/api/library/quotes/import', { csv: csvFor(n) })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses).toContain(201);
      expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
      for (const clash of answers.filter((a) => a.status === 409))
        expect(clash.body.errors).toEqual([expect.objectContaining({ rule: 'unique' })]);
    });

    it('renaming a channel onto another channel’s handle is a 409 naming handle', async () => {
      const other = await t.query<{ handle: string }>('SELECT handle FROM channels WHERE id = $1', [
        await createChannel(team),
      ]);
      await expectRefused(
        () => team.admin.patch(`/api/channels/${channelId}`, { handle: other[0]!.handle }),
        409,
        'handle',
        'unique',
      );
    });
  });

  describe('integers beyond the column', () => {
    it('in a body', async () => {
      await expectRefused(
        () =>
          team.editor.post(`/api/posts/${postId}/reviews`, {
            revision: 2 ** 31,
            stage: 'editorial',
            decision: 'approve',
          }),
        400,
        'revision',
        'max',
      );
    });

    it('in a query', async () => {
      await expectRefused(
        () => team.author.get(`/api/posts/${postId}/diff?from=1&to=99999999999`),
        400,
        'to',
        'max',
      );
    });
  });

  it('JSON nested thousands of levels deep is a 400 before anything walks it', async () => {
    const deep = '{"outlet":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const res = await team.author
      .post('/api/library/sources')
      .set('Content-Type', 'application/json')
      .send(deep);
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 400,
      errors: [expect.objectContaining({ field: 'body', rule: 'maxDepth' })],
    });
  });

  it('a body over the size limit is still a 413', async () => {
    const res = await team.author
      .post('/api/library/sources')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ outlet: 'x'.repeat(11 * 1024 * 1024) }));
    expect(res.status).toBe(413);
  });
});
