import { startTestApp, TestApp, TEST_PASSWORD } from '../support/test-app.js';

describe('sign-in, sessions and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
  });
  afterAll(() => t.close());

  it('signs in with the right password and sets an HttpOnly session cookie', async () => {
    const { email } = await t.user(['editor']);
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    expect(res.body).toMatchObject({ email, roles: ['editor'], via: 'session' });
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('cv_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
  });

  it('refuses a wrong password with a problem document and no cookie', async () => {
    const { email } = await t.user(['author']);
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: 'not the password' })
      .expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@x.test', password: 'whatever' })
      .expect(401);
    expect(res.body.detail).toBe('The email or password is wrong.');
  });

  it('locks the account after repeated failures, even for the right password, and audits it', async () => {
    const { id, email } = await t.user(['author']);
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(401);
    }
    const locked = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(423);
    expect(locked.body.lockedUntil).toBeDefined();
    const admin = await t.as(['admin']);
    const audit = await admin
      .get(`/api/audit-events?entityId=${id}&action=user.locked`)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
  });

  it('ends the session on logout: the old cookie no longer works', async () => {
    const client = await t.as(['analyst']);
    await client.get('/api/auth/me').expect(200);
    await client.post('/api/auth/logout').expect(204);
    await client.get('/api/auth/me').expect(401);
  });

  it('ends every session of a user at once when an admin disables them', async () => {
    const { email, id } = await t.user(['author']);
    const victim = await t.signIn(email);
    await victim.get('/api/auth/me').expect(200);
    const admin = await t.as(['admin']);
    await admin.post(`/api/users/${id}/disable`, { reason: 'left the team' }).expect(200);
    await victim.get('/api/auth/me').expect(401);
    await t.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(401);
  });

  it('refuses a cookie-authenticated change without the CSRF header', async () => {
    const { email } = await t.user(['author']);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    const cookies = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!);
    const res = await t
      .http()
      .post('/api/auth/tokens')
      .set('Cookie', cookies)
      .send({ name: 'x' })
      .expect(403);
    expect(res.body.title).toBe('CSRF token missing or wrong');
    await t
      .http()
      .post('/api/auth/tokens')
      .set('Cookie', cookies)
      .set('x-csrf-token', 'forged')
      .send({ name: 'x' })
      .expect(403);
  });

  it('authenticates automation with a bearer token shown once, stored hashed, and revocable', async () => {
    const client = await t.as(['editor']);
    const created = await client.post('/api/auth/tokens', { name: 'scheduler bot' }).expect(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^cv_/);
    const me = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body).toMatchObject({ email: client.email, via: 'token' });

    const listed = await client.get('/api/auth/tokens').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const [stored] = await t.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [created.body.id],
    );
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(token.slice(3));

    await client.delete(`/api/auth/tokens/${created.body.id}`).expect(204);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('does not need a CSRF header for bearer-token changes', async () => {
    const client = await t.as(['admin']);
    const { body } = await client.post('/api/auth/tokens', { name: 'admin bot' }).expect(201);
    await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${body.token}`)
      .send({
        email: 'bot-made@test.countervoice.test',
        displayName: 'Bot Made',
        password: 'a long enough pw',
        roles: ['author'],
      })
      .expect(201);
  });
});
