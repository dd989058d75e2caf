import { startTestApp, type TestApp } from '../support/test-app.js';

describe('API conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 400 problem+json listing each bad field and rule, and changes nothing', async () => {
    const admin = await t.as(['admin']);
    const res = await admin
      .post('/api/users', {
        email: 'not-an-email',
        displayName: '',
        password: 'short',
        roles: ['pope'],
        shoeSize: 44,
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
    const pairs = (res.body.errors as { field: string; rule: string }[]).map(
      (e) => `${e.field}:${e.rule}`,
    );
    expect(pairs).toEqual(
      expect.arrayContaining([
        'email:isEmail',
        'displayName:minLength',
        'password:minLength',
        'roles:isIn',
        'shoeSize:unknown_field',
      ]),
    );
    const users = await admin.get('/api/users?limit=200').expect(200);
    expect(users.body.items.map((u: { email: string }) => u.email)).not.toContain('not-an-email');
  });

  it('names a malformed path parameter', async () => {
    const admin = await t.as(['admin']);
    const res = await admin.post('/api/users/not-a-uuid/disable', {}).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'id', rule: 'isUuid', message: 'id must be a UUID' },
    ]);
  });

  it('answers 401 to anonymous callers and 403 to the wrong role, both as problem documents', async () => {
    const anonymous = await t.http().get('/api/users').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    const author = await t.as(['author']);
    const forbidden = await author.get('/api/users').expect(403);
    expect(forbidden.body).toMatchObject({ status: 403, requiredRoles: ['admin'] });
    await author
      .post('/api/users', {
        email: 'x@y.test',
        displayName: 'x',
        password: 'long enough pw',
        roles: [],
      })
      .expect(403);
  });

  it('answers 404 and 409 as problem documents', async () => {
    const admin = await t.as(['admin']);
    const missing = await admin
      .put('/api/users/00000000-0000-4000-8000-000000000000/roles', { roles: ['author'] })
      .expect(404);
    expect(missing.body).toMatchObject({ status: 404, title: 'Not Found' });
    const body = {
      email: 'twice@test.countervoice.test',
      displayName: 'Twice',
      password: 'long enough pw',
      roles: ['author'],
    };
    await admin.post('/api/users', body).expect(201);
    const conflict = await admin.post('/api/users', body).expect(409);
    expect(conflict.body.detail).toContain('already exists');
  });

  it('paginates with an opaque cursor and rejects a forged one', async () => {
    const admin = await t.as(['admin']);
    for (let i = 0; i < 5; i++) await t.user(['analyst']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await admin.get(`/api/users?limit=2${query}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const bad = await admin.get('/api/users?cursor=garbage').expect(400);
    expect(bad.body.errors[0].field).toBe('cursor');
  });

  it('serves a valid OpenAPI 3 document and Swagger UI', async () => {
    const doc = await t.http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit-events']),
    );
    expect(doc.body.components.schemas.CreateUserDto.required).toEqual(
      expect.arrayContaining(['email', 'displayName', 'password', 'roles']),
    );
    const ui = await t.http().get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
