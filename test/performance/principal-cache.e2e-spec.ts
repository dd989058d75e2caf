import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type CachedPrincipal, PrincipalCache } from '../../src/auth/principal-cache.js';
import type { Principal } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config/app-config.js';
import { waitFor } from '../support/publishing-fixtures.js';
import { TEST_REDIS_URL } from '../support/test-env.js';

const principal = (email: string): Principal => ({
  userId: randomBytes(8).toString('hex'),
  email,
  displayName: email,
  roles: ['editor'],
  locale: 'en',
  timeZone: null,
  via: 'token',
});

const loaded = (email: string) => async (): Promise<CachedPrincipal> => ({
  principal: principal(email),
  validUntil: new Date(Date.now() + 3_600_000),
});

/** The socket a cache's invalidation messages arrive on, to hold them back as a busy host may. */
const subscriptionSocket = (cache: PrincipalCache) =>
  (cache as unknown as { subscriber: Redis }).subscriber.stream;

/**
 * Two processes' caches on one Redis. A change must be honoured by the other process's next
 * request, so `invalidate()` may only resolve (and the writer's response leave) once the other
 * process has emptied its cache, not merely once Redis delivered the message: a process can read
 * the next request before the message that arrived first.
 */
describe('PrincipalCache invalidation', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `cvtest-${randomBytes(4).toString('hex')}`,
  });
  const a = new PrincipalCache(config);
  const b = new PrincipalCache(config);

  beforeAll(async () => {
    a.onModuleInit();
    b.onModuleInit();
    await waitFor(async () => a.active && b.active, Boolean);
  });
  afterAll(() => Promise.all([a.onApplicationShutdown(), b.onApplicationShutdown()]));

  it('resolves only after the other process has emptied its cache, however late the message reaches it', async () => {
    for (const delayMs of [0, 150, 400]) {
      const token = `token-${delayMs}`;
      expect((await b.resolve(token, loaded('old@test')))?.email).toBe('old@test');
      expect((await b.resolve(token, loaded('unused@test')))?.email).toBe('old@test');

      const socket = subscriptionSocket(b);
      socket.pause();
      setTimeout(() => socket.resume(), delayMs);
      const started = Date.now();
      await a.invalidate();
      expect(Date.now() - started).toBeGreaterThanOrEqual(delayMs - 5);
      // The next request in the other process reads the changed state.
      expect((await b.resolve(token, loaded('new@test')))?.email).toBe('new@test');
    }
  });

  it('does not hold the change forever when a process never confirms, and that process still forgets', async () => {
    expect((await b.resolve('stalled', loaded('old@test')))?.email).toBe('old@test');
    const socket = subscriptionSocket(b);
    socket.pause();
    const started = Date.now();
    await a.invalidate();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1_900);
    expect(waited).toBeLessThan(4_000);
    socket.resume();
    await waitFor(
      async () => (await b.resolve('stalled', loaded('new@test')))?.email,
      (email) => email === 'new@test',
    );
  });
});
