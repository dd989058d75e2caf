import { startTestApp, TestApp, TEST_PASSWORD } from '../support/test-app.js';
import { PrincipalCache } from '../../src/auth/principal-cache.js';

let addressCounter = 0;
/** Each test signs in from an address of its own (the app trusts X-Forwarded-For from loopback). */
const newAddress = () => `198.51.100.${++addressCounter}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sign-in, sessions and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_BACKOFF_AFTER_ACCOUNT: '3',
      LOGIN_BACKOFF_AFTER_ADDRESS: '6',
      LOGIN_BACKOFF_MAX_SECONDS: '8',
      LOGIN_RATE_PER_MINUTE: '10000',
      API_TOKEN_MAX_DAYS: '30',
      API_TOKEN_MAX_ACTIVE: '3',
    });
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

  const attempt = (email: string, password: string, address: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });

  it('slows a stranger guessing an admin password without locking the admin out or ending their session', async () => {
    const { email } = await t.user(['admin']);
    const admin = await t.signIn(email);
    const stranger = newAddress();
    for (let i = 0; i < 3; i++) await attempt(email, 'guess ' + i, stranger).expect(401);
    const slowed = await attempt(email, 'guess 3', stranger).expect(429);
    expect(slowed.headers['retry-after']).toBe('1');
    expect(slowed.body).toMatchObject({ status: 429, retryAfterSeconds: 1 });

    // The admin's live session survives every failed attempt.
    await admin.get('/api/auth/me').expect(200);
    await admin.post('/api/auth/tokens', { name: 'still me' }).expect(201);

    // After the backoff, the real admin signs in from their own address.
    await sleep(1100);
    await attempt(email, TEST_PASSWORD, newAddress()).expect(200);
    await admin.get('/api/auth/me').expect(200);
    const [user] = await t.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.locked'",
    );
    expect(user!.n).toBe(0);
  });

  it('doubles the wait with each further failure, up to the configured maximum', async () => {
    const { email } = await t.user(['author']);
    const address = newAddress();
    // Stands in for waiting the announced time, so the test does not sleep 1 + 2 + 4 + 8 s.
    const waitOut = () =>
      t.query('UPDATE sign_in_throttles SET blocked_until = now() WHERE blocked_until > now()');
    for (let i = 0; i < 3; i++) await attempt(email, 'wrong', address).expect(401);
    const waits: string[] = [];
    for (let i = 0; i < 6; i++) {
      const refused = await attempt(email, 'wrong', address).expect(429);
      waits.push(refused.headers['retry-after'] as string);
      await waitOut();
      await attempt(email, 'wrong', address).expect(401);
    }
    expect(waits).toEqual(['1', '2', '4', '8', '8', '8']);
    // The right password, once the wait is over, signs in and clears the account's count.
    await waitOut();
    const home = newAddress();
    await attempt(email, TEST_PASSWORD, home).expect(200);
    await attempt(email, 'one typo', home).expect(401);
    await attempt(email, TEST_PASSWORD, home).expect(200);
  });

  it('throttles one address trying many accounts, whichever exist', async () => {
    const address = newAddress();
    const { email } = await t.user(['author']);
    for (let i = 0; i < 6; i++) {
      await attempt(`nobody${i}@spray.test`, 'wrong', address).expect(401);
    }
    const res = await attempt(email, TEST_PASSWORD, address).expect(429);
    expect(res.headers['retry-after']).toBe('1');
    // The account itself is not slowed for anyone else.
    await attempt(email, TEST_PASSWORD, newAddress()).expect(200);
  });

  it('answers unknown and known emails exactly alike: wrong password, throttled, and in time', async () => {
    const { email: known } = await t.user(['editor']);
    const unknown = 'no-such-user@test.countervoice.test';
    const strip = (res: { status: number; body: object; headers: Record<string, unknown> }) => ({
      status: res.status,
      body: res.body,
      retryAfter: res.headers['retry-after'],
      cookie: res.headers['set-cookie'],
      type: res.headers['content-type'],
    });
    const timings: Record<string, number[]> = { [known]: [], [unknown]: [] };
    const answers: Record<string, object[]> = { [known]: [], [unknown]: [] };
    for (let i = 0; i < 4; i++) {
      for (const email of [known, unknown]) {
        const started = performance.now();
        const res = await attempt(email, 'wrong', newAddress());
        timings[email]!.push(performance.now() - started);
        answers[email]!.push(strip(res));
      }
    }
    expect(answers[unknown]).toEqual(answers[known]);
    expect(answers[known]!.map((a) => (a as { status: number }).status)).toEqual([
      401, 401, 401, 429,
    ]);
    // Both paths run one argon2 verification: neither is several times faster than the other.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const failed = (email: string) => median(timings[email]!.slice(0, 3));
    const ratio = failed(unknown) / failed(known);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  describe('API tokens', () => {
    const bearer = (token: string) =>
      t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);

    it('are revoked when an admin resets the password, and stay revoked', async () => {
      const { id, email } = await t.user(['editor']);
      const owner = await t.signIn(email);
      const { body } = await owner.post('/api/auth/tokens', { name: 'bot' }).expect(201);
      await bearer(body.token).expect(200);
      const admin = await t.as(['admin']);
      await admin
        .put(`/api/users/${id}/password`, { password: 'a brand new passphrase' })
        .expect(204);
      await bearer(body.token).expect(401);
      const again = await t.signIn(email, 'a brand new passphrase');
      const listed = await again.get('/api/auth/tokens').expect(200);
      expect(listed.body[0].revokedAt).not.toBeNull();
      await bearer(body.token).expect(401);
    });

    it('are revoked when users change their own password, which needs the current one', async () => {
      const client = await t.as(['author']);
      const { body } = await client.post('/api/auth/tokens', { name: 'bot' }).expect(201);
      const wrong = await client
        .put('/api/auth/password', { currentPassword: 'not it', newPassword: 'my new passphrase' })
        .expect(400);
      expect(wrong.body.errors).toEqual([
        expect.objectContaining({ field: 'currentPassword', rule: 'current_password' }),
      ]);
      await bearer(body.token).expect(200);
      await client
        .put('/api/auth/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'my new passphrase',
        })
        .expect(204);
      await bearer(body.token).expect(401);
      await client.get('/api/auth/me').expect(401);
      await t.signIn(client.email, 'my new passphrase');
    });

    it('do not come back when a disabled user is enabled again', async () => {
      const { id, email } = await t.user(['analyst']);
      const owner = await t.signIn(email);
      const { body } = await owner.post('/api/auth/tokens', { name: 'report' }).expect(201);
      const admin = await t.as(['admin']);
      await admin.post(`/api/users/${id}/disable`, {}).expect(200);
      await bearer(body.token).expect(401);
      await admin.post(`/api/users/${id}/enable`, {}).expect(200);
      await bearer(body.token).expect(401);
      await t.signIn(email);
    });

    it('last at most the maximum lifetime; creation may choose less, never more', async () => {
      const client = await t.as(['editor']);
      const day = 86_400_000;
      const byDefault = await client.post('/api/auth/tokens', { name: 'default' }).expect(201);
      const inDays = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / day);
      expect(inDays(byDefault.body.expiresAt)).toBe(30);
      const shorter = await client
        .post('/api/auth/tokens', { name: 'short', expiresInDays: 7 })
        .expect(201);
      expect(inDays(shorter.body.expiresAt)).toBe(7);
      const longer = await client
        .post('/api/auth/tokens', { name: 'long', expiresInDays: 31 })
        .expect(400);
      expect(longer.body.errors).toEqual([
        expect.objectContaining({ field: 'expiresInDays', rule: 'max' }),
      ]);

      await bearer(shorter.body.token).expect(200);
      await t.query(
        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1",
        [shorter.body.id],
      );
      // Straight SQL bypasses the app, which announces its own changes to the principal cache.
      await t.app.get(PrincipalCache).invalidate();
      await bearer(shorter.body.token).expect(401);
      // A token older than the maximum lifetime is refused even if its own expiry lies ahead
      // (the maximum was lowered after it was made).
      await t.query("UPDATE api_tokens SET created_at = now() - interval '31 days' WHERE id = $1", [
        byDefault.body.id,
      ]);
      await bearer(byDefault.body.token).expect(401);
    });

    it('are limited in number per user, with a 409 naming the rule', async () => {
      const client = await t.as(['author']);
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push((await client.post('/api/auth/tokens', { name: `t${i}` }).expect(201)).body);
      }
      const refused = await client.post('/api/auth/tokens', { name: 'one too many' }).expect(409);
      expect(refused.body).toMatchObject({ rule: 'max_active_tokens', limit: 3 });
      expect(refused.body.detail).toMatch(/API_TOKEN_MAX_ACTIVE/);
      await client.delete(`/api/auth/tokens/${made[0].id}`).expect(204);
      await client.post('/api/auth/tokens', { name: 'replacement' }).expect(201);
    });
  });
});
