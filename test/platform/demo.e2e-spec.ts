import { DemoSeed } from '../../src/demo/demo-seed.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/demo-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
  });
  afterAll(() => t.close());

  it('seeds one user per role, a campaign and a sandbox channel, ready to compose', async () => {
    for (const user of DEMO_USERS) {
      const client = await t.signIn(user.email, DEMO_PASSWORD);
      const me = await client.get('/api/auth/me').expect(200);
      expect(me.body.roles).toEqual(user.roles);
    }
    const author = await t.signIn('author@demo.countervoice.test', DEMO_PASSWORD);
    const campaigns = await author.get('/api/campaigns').expect(200);
    expect(campaigns.body.items.map((c: { name: string }) => c.name)).toContain(
      'Voices of return (demo)',
    );
    const channels = await author.get('/api/channels').expect(200);
    // One sandbox channel per demo language (the analytics history is spread over them).
    expect(channels.body).toEqual(
      ['voices_sandbox', 'voices_sandbox_ar', 'voices_sandbox_fr'].map((handle) =>
        expect.objectContaining({ platform: 'sandbox', handle, status: 'connected' }),
      ),
    );
  });

  it('is idempotent: seeding again creates nothing new', async () => {
    const count = async () =>
      (
        await t.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM channels) + (SELECT count(*) FROM quotes) + (SELECT count(*) FROM posts) + (SELECT count(*) FROM metric_snapshots) AS n`,
        )
      )[0]!.n;
    const before = await count();
    await Promise.all([
      t.app.get(DemoSeed).onApplicationBootstrap(),
      t.app.get(DemoSeed).onApplicationBootstrap(),
    ]);
    expect(await count()).toBe(before);
  });
});
