import type { Redis } from 'ioredis';
import { PrincipalCache } from '../../src/auth/principal-cache.js';
import { waitFor } from '../support/publishing-fixtures.js';
import {
  startTestApp,
  TEST_PASSWORD,
  type SignedInClient,
  type TestApp,
} from '../support/test-app.js';

/**
 * Two app instances on one database and one Redis, as two api processes are in production:
 * whatever one of them changes about a credential, the other honours on its next request,
 * although each caches resolved principals.
 */
describe('authentication cache across processes', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: SignedInClient;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({
      DATABASE_URL: a.config.database.url,
      QUEUE_PREFIX: a.config.redis.prefix,
    });
    admin = await a.as(['admin']);
    await waitFor(
      async () => a.app.get(PrincipalCache).active && b.app.get(PrincipalCache).active,
      Boolean,
    );
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const meOnB = (token: string) =>
    b.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  /** A user with a token, resolved (and so cached) by B twice. */
  async function cachedOnB(roles: ['editor'] | ['analyst'] = ['editor']) {
    const user = await a.as(roles);
    const token = (await user.post('/api/auth/tokens', { name: 'bot' }).expect(201)).body as {
      id: string;
      token: string;
    };
    await meOnB(token.token).expect(200);
    await meOnB(token.token).expect(200);
    return { user, token };
  }

  it('a token revoked in one process is refused by the next request in the other', async () => {
    for (let i = 0; i < 5; i++) {
      const { user, token } = await cachedOnB();
      await user.delete(`/api/auth/tokens/${token.id}`).expect(204);
      await meOnB(token.token).expect(401);
    }
  });

  it('a session ended by logout in one process is refused by the other', async () => {
    const { email } = await a.user(['editor']);
    const onA = await a.signIn(email);
    const cookies = await sessionCookies(a, email);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(200);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(200);
    // Log the second session out through A; its cookie must stop working on B at once.
    await a
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookies)
      .set('x-csrf-token', csrfOf(cookies))
      .expect(204);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(401);
    await onA.get('/api/auth/me').expect(200);
  });

  it('disabling a user ends their sessions and tokens in the other process at once', async () => {
    const { user, token } = await cachedOnB();
    const cookies = await sessionCookies(a, user.email);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(200);
    await admin.post(`/api/users/${user.userId}/disable`, { reason: 'left' }).expect(200);
    await meOnB(token.token).expect(401);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(401);
  });

  it('a password set by an admin ends sessions and tokens in the other process at once', async () => {
    const { user, token } = await cachedOnB();
    const cookies = await sessionCookies(a, user.email);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(200);
    await admin
      .put(`/api/users/${user.userId}/password`, { password: `${TEST_PASSWORD} 2` })
      .expect(204);
    await meOnB(token.token).expect(401);
    await b.http().get('/api/auth/me').set('Cookie', cookies).expect(401);
  });

  it('new roles apply in the other process on the next request', async () => {
    const { user, token } = await cachedOnB(['analyst']);
    await admin.put(`/api/users/${user.userId}/roles`, { roles: ['editor'] }).expect(200);
    expect((await meOnB(token.token).expect(200)).body.roles).toEqual(['editor']);
  });

  it('while its subscription is down a process reads every credential afresh', async () => {
    const { user, token } = await cachedOnB();
    const subscriber = subscriberOf(b);
    subscriber.disconnect();
    await waitFor(async () => !b.app.get(PrincipalCache).active, Boolean);
    // The invalidation is published while B cannot hear it.
    await user.delete(`/api/auth/tokens/${token.id}`).expect(204);
    await meOnB(token.token).expect(401);
    await subscriber.connect();
    await waitFor(async () => b.app.get(PrincipalCache).active, Boolean);
    await meOnB(token.token).expect(401);
    const again = await cachedOnB();
    await again.user.delete(`/api/auth/tokens/${again.token.id}`).expect(204);
    await meOnB(again.token.token).expect(401);
  });

  it('a lost message is caught by the shared generation number', async () => {
    const { token } = await cachedOnB();
    // A change nobody announced (as if its message was lost on a half-open connection): the
    // token is revoked in the database and only the generation moves.
    await a.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [token.id]);
    await a.redis.incr(`${a.config.redis.prefix}:auth-generation`);
    await waitFor(async () => (await meOnB(token.token)).status === 401, Boolean);
  });
});

async function sessionCookies(app: TestApp, email: string): Promise<string[]> {
  const res = await app
    .http()
    .post('/api/auth/login')
    .send({ email, password: TEST_PASSWORD })
    .expect(200);
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
}

const csrfOf = (cookies: string[]) =>
  cookies.find((c) => c.startsWith('cv_csrf='))!.slice('cv_csrf='.length);

/** The cache's own subscriber connection, to cut it as a network fault would. */
const subscriberOf = (app: TestApp) =>
  (app.app.get(PrincipalCache) as unknown as { subscriber: Redis }).subscriber;
