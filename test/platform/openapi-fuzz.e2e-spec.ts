import fc from 'fast-check';
import type { Server } from 'node:http';
import type request from 'supertest';
import { startFakeX, type FakeX } from '../fake-x/fake-x-server.js';
import { xEnv } from '../platforms/x-test-support.js';
import { insertQuote } from '../support/library-fixtures.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

/**
 * Property-based fuzzing of the whole API from its own OpenAPI document: every operation gets
 * requests built from its schemas, mostly plausible values with bad ones mixed in (wrong types,
 * nulls, NUL characters, huge numbers, odd dates, deep nesting, forged cursors, unknown ids). Any
 * 5xx fails the test, which prints each request that caused one. Deterministic by seed
 * (FUZZ_SEED) and bounded in time (FUZZ_SECONDS). Nothing is excluded: the X operations talk to
 * the fake X, and destructive ones run on this file's scratch database.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 40) * 1000;
const MAX_REQUESTS = 8000;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  body?: Schema;
}
interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, Schema> };
}

type Caller = 'admin' | 'author' | 'token' | 'anonymous';
interface FuzzRequest {
  caller: Caller;
  method: Operation['method'];
  template: string;
  url: string;
  body?: unknown;
  rawBody?: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method]!;
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      return {
        method,
        path,
        parameters: op.parameters ?? [],
        body: content?.['application/json']?.schema,
      };
    }),
  );
}

/** Ids of the seed data, by the path segment they appear under (`campaigns`, `posts`, ...). */
type Pools = Record<string, string[]>;

const ODD_DATES = [
  '2026-W10-2',
  '20261201T120000Z',
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '+275760-09-13T00:00:00Z',
  '2026-12-01T12:00:00+24:00',
  '2026-02-30T10:00:00Z',
  '2026-12-01T24:00:00Z',
  '2026-12-01',
  '2026-12-01T12:00:00',
  '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
];
const HUGE_NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e20, -1e20, 1e308, 0.5, -1, 0];
const deepNesting = (levels: number) => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
};
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const FORGED_CURSORS = [
  'garbage',
  cursorOf(['not a time', 'x']),
  cursorOf([new Date().toISOString(), 'not-a-uuid']),
  cursorOf(['id', '9'.repeat(30)]),
  cursorOf(['id', '-1']),
  cursorOf([1, 2]),
  cursorOf({ key: 'x' }),
];

/** Values that are wrong for almost any field. */
const chaos: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    'a\u0000b',
    '\u0000',
    true,
    [],
    {},
    'x'.repeat(5001),
    deepNesting(40),
    deepNesting(20),
    ...HUGE_NUMBERS,
    ...ODD_DATES,
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Free text: mostly readable, sometimes any code point (lone surrogates included). */
const text = (min = 0, max = 40) =>
  fc.oneof(
    { arbitrary: fc.string({ minLength: min, maxLength: max }), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }), weight: 1 },
  );

/**
 * Request arbitraries for the document. A `dirty` generator mixes wrong values into fields and
 * bodies; a clean one sends plausible values only, so requests also get past validation and
 * exercise the services behind it.
 */
function arbitraries(doc: OpenApi, pools: Pools, dirty: boolean) {
  const allIds = Object.entries(pools)
    .filter(([segment]) => segment !== 'themes')
    .flatMap(([, ids]) => ids);
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]!);
    if (schema.allOf?.length) return { ...resolve(schema.allOf[0]!), ...schema, allOf: undefined };
    return schema;
  };
  const instant = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString());
  const soon = fc
    .integer({ min: -3600, max: 30 * 86400 })
    .map((s) => new Date(Date.now() + s * 1000).toISOString());

  /** A plausible value for a field, by schema first and by name where the schema says little. */
  function plausible(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const s = resolve(schema);
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.oneOf) return fc.oneof(...s.oneOf.map((o) => plausible(o, name, depth)));
    switch (s.type) {
      case 'integer':
      case 'number':
        // Without bounds it is a revision or a count: small values are the interesting ones.
        return fc.oneof(
          fc.integer({ min: s.minimum ?? 1, max: Math.min(s.maximum ?? 3, 1e6) }),
          fc.constantFrom(s.minimum ?? 0, s.maximum ?? 400),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4
          ? fc.constant([])
          : fc.array(plausible(s.items ?? {}, name, depth + 1), { maxLength: 4 });
      case 'object':
      case undefined:
        if (s.properties) return objectOf(s, depth);
        return depth > 4
          ? fc.constant({})
          : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
              maxKeys: 4,
            });
      default:
        return plausibleString(s, name);
    }
  }

  function plausibleString(s: Schema, name: string): fc.Arbitrary<unknown> {
    if (s.format === 'uuid' || /Ids?$|^id$/.test(name))
      return fc.oneof(
        { arbitrary: fc.constantFrom(...(pools[name.replace(/Ids?$/, 's')] ?? allIds)), weight: 8 },
        { arbitrary: fc.constantFrom(...allIds), weight: 1 },
        { arbitrary: fc.uuid(), weight: 1 },
      );
    if (s.format === 'date-time' || /At$|^(from|to|at)$/.test(name))
      return fc.oneof(soon, instant, fc.constantFrom(...ODD_DATES));
    if (s.format === 'date' || /On$/.test(name)) return instant.map((i) => i.slice(0, 10));
    if (s.format === 'email' || name === 'email')
      return fc.oneof(fc.emailAddress(), fc.constantFrom(...(pools.emails ?? ['x@example.org'])));
    if (/url$/i.test(name)) return fc.webUrl();
    if (name === 'cursor') return fc.constantFrom(...FORGED_CURSORS);
    if (name === 'timezone') return fc.constantFrom('UTC', 'Europe/London', 'Pacific/Kiritimati');
    if (/language/i.test(name)) return fc.constantFrom('en', 'ar', 'pt-BR', 'English');
    if (/theme/i.test(name)) return fc.constantFrom(...pools.themes!, 'no_such_theme');
    if (name === 'time') return fc.constantFrom('09:30', '23:59', '24:00');
    if (name === 'handle') return fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/);
    if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
    return text(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 80));
  }

  /** A field: plausible, or (dirty) now and then chaos or null. */
  const field = (schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> =>
    dirty
      ? fc.oneof(
          { arbitrary: plausible(schema, name, depth), weight: 6 },
          { arbitrary: chaos, weight: 1 },
        )
      : plausible(schema, name, depth);

  function objectOf(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const props = Object.entries(s.properties ?? {});
    if (props.length === 0) return fc.constant({});
    const required = new Set(s.required ?? []);
    return fc
      .tuple(
        ...props.map(([name, schema]) =>
          fc.tuple(
            fc.constant(name),
            // Required fields are mostly present, optional ones half the time.
            fc
              .integer({ min: 0, max: 99 })
              .map((n) => n < (required.has(name) ? (dirty ? 90 : 100) : 45)),
            field(schema, name, depth + 1),
          ),
        ),
        dirty
          ? fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), chaos), { freq: 6 })
          : fc.constant(null),
      )
      .map((entries) => {
        const extra = entries.pop() as [string, unknown] | null;
        const object: Record<string, unknown> = {};
        for (const [name, present, value] of entries as [string, boolean, unknown][])
          if (present) object[name] = value;
        if (extra) object[extra[0]] = extra[1];
        return object;
      });
  }

  /** A path parameter: an id of the seed data it names, or a made-up one. */
  function pathValue(path: string, name: string): fc.Arbitrary<string> {
    const segments = path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    const pool = pools[before] ?? (name === 'key' ? pools.themes! : allIds);
    if (!dirty) return fc.constantFrom(...pool);
    return fc.oneof(
      { arbitrary: fc.constantFrom(...pool), weight: 3 },
      { arbitrary: fc.constantFrom(...allIds), weight: 1 },
      { arbitrary: fc.uuid(), weight: 1 },
      { arbitrary: fc.constantFrom('not-a-uuid', 'a\u0000b', '..', 'x'.repeat(300)), weight: 1 },
    );
  }

  /** A query value as it travels: a string, or several for an array. */
  function queryValue(p: Parameter): fc.Arbitrary<string[]> {
    const s = resolve(p.schema ?? {});
    const good = plausible(s.items ?? s, p.name, 0).map((v) => String(v));
    if (!dirty)
      return s.type === 'array'
        ? fc.array(good, { minLength: 1, maxLength: 3 })
        : good.map((v) => [v]);
    const one = fc.oneof(
      { arbitrary: good, weight: 3 },
      { arbitrary: fc.constantFrom(...FORGED_CURSORS, ...ODD_DATES), weight: 1 },
      {
        arbitrary: fc.constantFrom('', '\u0000', '99999999999999999999', '-1', '1e999', 'true'),
        weight: 1,
      },
      { arbitrary: text(0, 20), weight: 1 },
    );
    return s.type === 'array' ? fc.array(one, { minLength: 1, maxLength: 3 }) : one.map((v) => [v]);
  }

  function requestOf(op: Operation): fc.Arbitrary<FuzzRequest> {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const body: fc.Arbitrary<{ body?: unknown; rawBody?: string }> = !op.body
      ? fc.constant({})
      : !dirty
        ? objectOf(resolve(op.body), 0).map((b) => ({ body: b }))
        : fc.oneof(
            { arbitrary: objectOf(resolve(op.body), 0).map((b) => ({ body: b })), weight: 12 },
            {
              arbitrary: fc
                .constantFrom<unknown>({}, [], null, 'text', deepNesting(3000))
                .map((b) => ({ rawBody: JSON.stringify(b) })),
              weight: 1,
            },
            { arbitrary: fc.constant({ rawBody: '{"unterminated": ' }), weight: 1 },
          );
    return fc
      .record({
        caller: fc.constantFrom<Caller>(
          'admin',
          'admin',
          'admin',
          'author',
          'author',
          'token',
          'anonymous',
        ),
        path: fc.tuple(...pathParams.map((p) => pathValue(op.path, p.name))),
        query: fc.tuple(
          ...queryParams.map((p) =>
            (p.required ? queryValue(p) : fc.option(queryValue(p), { freq: 2 })).map((v) => [
              p.name,
              v,
            ]),
          ),
        ) as fc.Arbitrary<[string, string[] | null][]>,
        payload: body,
      })
      .map(({ caller, path, query, payload }) => {
        let url = op.path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, encodeURIComponent(path[i] as string));
        });
        const search = new URLSearchParams();
        for (const [name, values] of query) for (const v of values ?? []) search.append(name, v);
        const qs = search.toString();
        return {
          caller,
          method: op.method,
          template: `${op.method.toUpperCase()} ${op.path}`,
          url: qs ? `${url}?${qs}` : url,
          ...payload,
        };
      });
  }

  return { requestOf };
}

describe('OpenAPI fuzzing: no request gets a 5xx', () => {
  let t: TestApp;
  let fake: FakeX;
  const sessions: Record<'admin' | 'author', { email: string; cookies: string[]; csrf: string }> =
    {} as never;
  let token = '';
  const pools: Pools = {};

  const add = (segment: string, id: string) => (pools[segment] ??= []).push(id);

  async function signIn(who: 'admin' | 'author') {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: sessions[who].email, password: TEST_PASSWORD })
      .expect(200);
    sessions[who].cookies = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!);
    sessions[who].csrf = res.body.csrfToken;
  }

  function send(r: FuzzRequest): request.Test {
    let req = t.http()[r.method](r.url);
    if (r.caller === 'admin' || r.caller === 'author')
      req = req
        .set('Cookie', sessions[r.caller].cookies)
        .set('x-csrf-token', sessions[r.caller].csrf);
    if (r.caller === 'token') req = req.set('Authorization', `Bearer ${token}`);
    if (r.rawBody !== undefined) return req.set('Content-Type', 'application/json').send(r.rawBody);
    return r.body !== undefined ? req.send(r.body as object) : req;
  }

  beforeAll(async () => {
    fake = await startFakeX();
    t = await startTestApp(
      xEnv(fake, {
        PUBLIC_BASE_URL: 'http://countervoice.test:3000',
        // The fuzzer's own garbage sign-ins come from its one address; they must not throttle
        // its re-sign-ins (the throttle itself is tested in test/platform/auth.e2e-spec.ts).
        LOGIN_RATE_PER_MINUTE: '10000',
        LOGIN_BACKOFF_AFTER_ACCOUNT: '1000',
        LOGIN_BACKOFF_AFTER_ADDRESS: '100000',
        IDENTITY_CHECK_RATE_PER_MINUTE: '10000',
      }),
    );
    // One listening server for the whole run (supertest would otherwise listen per request).
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The fuzzing users hold every role between them; they are kept out of the id pools so the
    // fuzzer cannot disable them, change their password or revoke its own token.
    const admin = await t.user(['admin', 'editor', 'safety_reviewer', 'legal_reviewer']);
    const author = await t.user(['author']);
    sessions.admin = { email: admin.email, cookies: [], csrf: '' };
    sessions.author = { email: author.email, cookies: [], csrf: '' };
    await Promise.all([signIn('admin'), signIn('author')]);
    const as = (who: 'admin' | 'author', method: 'post' | 'put', path: string, body: object) =>
      send({ caller: who, method, template: '', url: path, body }).expect((res) => {
        if (res.status >= 300) throw new Error(`seed ${path}: ${res.status} ${res.text}`);
      });
    token = (await as('admin', 'post', '/api/auth/tokens', { name: 'fuzz' })).body.token;

    // A little of everything, so paths with real ids get past their 404.
    const other = await t.user(['analyst']);
    add('users', other.id);
    add('actors', other.id);
    pools.emails = [other.email];
    add('tokens', (await as('author', 'post', '/api/auth/tokens', { name: 'other' })).body.id);
    pools.themes = ['dull_duties'];
    const source = (
      await as('author', 'post', '/api/library/sources', {
        outlet: 'Fuzz outlet',
        title: 'Fuzz source',
        url: 'https://example.org/fuzz',
        language: 'en',
      })
    ).body;
    add('sources', source.id);
    const defector = (
      await as('author', 'post', '/api/library/defectors', {
        displayName: 'Fuzz defector',
        consentStatus: 'public_record',
      })
    ).body;
    add('defectors', defector.id);
    const detail = await as(
      'admin',
      'post',
      `/api/library/defectors/${defector.id}/identifying-details`,
      {
        kind: 'hometown',
        value: 'Fuzzville',
      },
    );
    add('identifying-details', detail.body.id);
    add('details', detail.body.id);
    const quote = await as('author', 'post', '/api/library/quotes', {
      text: 'We were promised heroism and given a broom.',
      language: 'en',
      themes: ['dull_duties'],
      verification: 'single_source',
      identityRisk: 'low',
      sourceId: source.id,
      defectorId: defector.id,
    });
    add('quotes', quote.body.id);
    const vetted = await insertQuote(t);
    add('quotes', vetted.quoteId);
    add('defectors', vetted.defectorId);
    const campaign = await as('admin', 'post', '/api/campaigns', {
      name: 'Fuzz campaign',
      goal: 'g',
      audience: 'a',
      language: 'en',
      timezone: 'UTC',
    });
    add('campaigns', campaign.body.id);
    for (const platform of ['sandbox', 'x']) {
      const channel = await as('admin', 'post', '/api/channels', {
        platform,
        handle: `fuzz_${platform}`,
        language: 'en',
        timezone: 'UTC',
        weeklySlots: [{ weekday: 1, time: '09:00' }],
      });
      add('channels', channel.body.id);
    }
    for (const segments of [['A draft'], ['Submitted, one', 'and two']]) {
      const post = await as('author', 'post', '/api/posts', {
        campaignId: campaign.body.id,
        channelId: pools.channels![0],
        segments,
        quoteIds: [vetted.quoteId],
      });
      add('posts', post.body.id);
    }
    await as('author', 'post', `/api/posts/${pools.posts![1]}/submit`, {});
    const pause = await as('admin', 'post', '/api/pauses', {
      kind: 'blackout',
      scope: 'channel',
      channelId: pools.channels![0],
      startsAt: new Date(Date.now() + 86400_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86400_000).toISOString(),
      reason: 'Fuzz blackout',
    });
    add('pauses', pause.body.id);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it(
    'every operation, thousands of generated requests, no 5xx',
    async () => {
      const doc = (await t.http().get('/api/openapi.json').expect(200)).body as OpenApi;
      const operations = operationsOf(doc);
      const clean = arbitraries(doc, pools, false);
      const dirty = arbitraries(doc, pools, true);
      const requestOf = (op: Operation) => fc.oneof(clean.requestOf(op), dirty.requestOf(op));
      const perOperation = Math.ceil(MAX_REQUESTS / operations.length);
      // Round-robin over the operations, so a time-bounded run still reaches every one of them.
      const samples = operations.map((op, i) =>
        fc.sample(requestOf(op), { seed: SEED + i, numRuns: perOperation }),
      );
      console.error(
        `openapi fuzz: seed ${SEED} (FUZZ_SEED), ${operations.length} operations, ` +
          `budget ${BUDGET_MS / 1000} s (FUZZ_SECONDS)`,
      );

      const failures: { request: FuzzRequest; status: number; body: string }[] = [];
      const statuses: Record<number, number> = {};
      const reached = new Set<string>();
      const started = Date.now();
      let sent = 0;
      outer: for (let round = 0; round < perOperation; round++) {
        for (const batch of samples) {
          if (Date.now() - started > BUDGET_MS) break outer;
          const r = batch[round]!;
          const res = await send(r);
          sent++;
          reached.add(r.template);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 500) failures.push({ request: r, status: res.status, body: res.text });
          // Signing out (or any 401 of a session) ends the fuzzer's session: sign in again.
          if (res.status === 401 && (r.caller === 'admin' || r.caller === 'author'))
            await signIn(r.caller);
        }
      }
      console.error(
        `openapi fuzz: ${sent} requests in ${Math.round((Date.now() - started) / 1000)} s, ` +
          `${reached.size}/${operations.length} operations, statuses ${JSON.stringify(statuses)}`,
      );
      const classes = new Map<string, (typeof failures)[number]>();
      for (const f of failures) {
        const key = `${f.request.template} -> ${f.status}`;
        if (!classes.has(key)) classes.set(key, f);
      }
      for (const [key, f] of classes)
        console.error(
          `5xx: ${key}\n  ${f.request.method.toUpperCase()} ${f.request.url} as ${f.request.caller}` +
            `\n  body: ${(f.request.rawBody ?? JSON.stringify(f.request.body))?.slice(0, 600)}` +
            `\n  answer: ${f.body}`,
        );
      expect(reached.size).toBe(operations.length);
      expect([...classes.keys()]).toEqual([]);
    },
    BUDGET_MS + 120_000,
  );
});
