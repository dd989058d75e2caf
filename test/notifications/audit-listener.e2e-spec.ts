import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { AppConfig } from '../../src/config/app-config.js';
import { AuditListener } from '../../src/notifications/audit-listener.js';
import type { NotificationFanOut } from '../../src/notifications/notification-fan-out.js';
import type { RedisLock } from '../../src/queue/redis-lock.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * Audit events commit in streams (a publishing burst records a batch every few milliseconds) and
 * each commit NOTIFYs. The prompt sweep gathers the notices of a quarter of a second into one
 * sweep, the sweeps after it too, and still sweeps after the last notice, so every event is
 * fanned out promptly without a sweep per commit.
 */
describe('prompt notification sweeps under a stream of audit notices', () => {
  let url: string;
  let notifier: pg.Client;
  let listener: AuditListener;
  /** When each sweep started and ended (ms since the stream began). */
  const sweeps: { start: number; end: number }[] = [];
  let t0 = 0;

  beforeAll(async () => {
    url = await createTestDatabase();
    notifier = new pg.Client({ connectionString: url });
    await notifier.connect();
    const fanOut = {
      // A sweep that takes a while, as one fanning out a burst's events does.
      sweep: async () => {
        const start = Date.now() - t0;
        await sleep(80);
        sweeps.push({ start, end: Date.now() - t0 });
        return 0;
      },
    } as unknown as NotificationFanOut;
    const lock = {
      ifFree: async (_name: string, run: () => Promise<unknown>) => run(),
    } as unknown as RedisLock;
    listener = new AuditListener(
      { role: 'worker', database: { appUrl: url } } as unknown as AppConfig,
      fanOut,
      lock,
    );
    // Returns once LISTEN is issued.
    await listener.onApplicationBootstrap();
  });

  afterAll(async () => {
    await listener.onApplicationShutdown();
    await notifier.end();
  });

  it('sweeps about once per gathering window, and after the last notice', async () => {
    t0 = Date.now();
    let last = 0;
    while (Date.now() - t0 < 2_000) {
      // Taken before the notice goes: its answer can come back late on a busy machine, after a
      // sweep the notice itself started (CI once saw the last sweep 32 ms before the answer).
      last = Date.now() - t0;
      await notifier.query(`SELECT pg_notify('audit_events', '')`);
      await sleep(5);
    }
    // The last notice's gathering and sweep.
    await sleep(1_000);
    // Sweeping again at once after each sweep ran one every 80 ms here: about 25.
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
    expect(sweeps.length).toBeLessThanOrEqual(Math.ceil(last / 250) + 1);
    expect(sweeps.at(-1)!.start).toBeGreaterThan(last);
  });
});
