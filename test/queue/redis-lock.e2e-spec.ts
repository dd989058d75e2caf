import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { RedisLock } from '../../src/queue/redis-lock.js';
import { TEST_REDIS_URL } from '../support/test-env.js';

/** Two processes' locks: each its own connection, as in two workers. */
function twoLocks(): [RedisLock, RedisLock] {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `cvtest-${randomBytes(4).toString('hex')}`,
  });
  return [new RedisLock(config), new RedisLock(config)];
}

describe('RedisLock.ifFree', () => {
  const locks = twoLocks();
  afterAll(() => Promise.all(locks.map((l) => l.onApplicationShutdown())));

  it('skips the work while another process holds the lock, and runs it once the lock is free', async () => {
    const [a, b] = locks;
    // a's work starts only once a holds the lock, and runs until released: waiting for it to start
    // (not for a fixed time) is what makes b's try come while a holds the lock on a busy machine.
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const held = a.ifFree('sweep', () => {
      started();
      return new Promise<string>((resolve) => (release = () => resolve('a ran')));
    });
    await holding;
    let ranInB = false;
    await expect(b.ifFree('sweep', async () => (ranInB = true))).resolves.toBeUndefined();
    expect(ranInB).toBe(false);
    release();
    await expect(held).resolves.toBe('a ran');
    await expect(b.ifFree('sweep', async () => 'b ran')).resolves.toBe('b ran');
  });

  it('frees the lock when the work throws', async () => {
    const [a, b] = locks;
    await expect(
      a.ifFree('failing', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(b.ifFree('failing', async () => 'free again')).resolves.toBe('free again');
  });
});
