import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { startTestApp, type TestApp, TEST_PASSWORD } from '../support/test-app.js';

describe('queue dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** An admin's session cookies and CSRF token, to send (or leave out) by hand. */
  async function adminSession() {
    const { email } = await t.user(['admin']);
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    const cookies = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!);
    return { cookies, csrf: res.body.csrfToken as string };
  }

  it('refuses changes made with the admin session cookie but without the CSRF header', async () => {
    const queue = t.app.get<Queue>(getQueueToken('publish'));
    const { cookies, csrf } = await adminSession();
    const pause = '/admin/queues/api/queues/publish/pause';

    const refused = await t.http().put(pause).set('Cookie', cookies).expect(403);
    expect(refused.body.title).toBe('CSRF token missing or wrong');
    await t.http().put(pause).set('Cookie', cookies).set('x-csrf-token', 'forged').expect(403);
    expect(await queue.isPaused()).toBe(false);

    const jobsBefore = await queue.count();
    await t
      .http()
      .post('/admin/queues/api/queues/publish/add')
      .set('Cookie', cookies)
      .send({ name: 'post.publish', data: { postId: 'forged' } })
      .expect(403);
    expect(await queue.count()).toBe(jobsBefore);

    // Reading needs no header; a change with it goes through.
    await t.http().get('/admin/queues/api/queues').set('Cookie', cookies).expect(200);
    await t.http().put(pause).set('Cookie', cookies).set('x-csrf-token', csrf).expect(200);
    expect(await queue.isPaused()).toBe(true);
    await t
      .http()
      .put('/admin/queues/api/queues/publish/resume')
      .set('Cookie', cookies)
      .set('x-csrf-token', csrf)
      .expect(200);
    expect(await queue.isPaused()).toBe(false);
  });

  it('lets the dashboard load its stylesheets and fonts, and nothing else from elsewhere', async () => {
    const { cookies } = await adminSession();
    const page = await t.http().get('/admin/queues').set('Cookie', cookies).expect(200);
    const csp = String(page.headers['content-security-policy']);
    // Every stylesheet the page links to is one its policy allows.
    const sheets = [...String(page.text).matchAll(/<link href="(https:[^"]+)" rel="stylesheet"/g)];
    for (const [, href] of sheets) expect(csp).toContain(new URL(href!).origin);
    expect(csp).toMatch(/font-src 'self' https:\/\/fonts\.gstatic\.com/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    // The app's own pages keep the strict policy.
    const app = await t.http().get('/health/live');
    expect(String(app.headers['content-security-policy'])).not.toContain('fonts.googleapis.com');
  });

  it('still turns away anonymous callers and signed-in non-admins', async () => {
    await t.http().put('/admin/queues/api/queues/publish/pause').expect(401);
    const editor = await t.as(['editor']);
    await editor.put('/admin/queues/api/queues/publish/pause').expect(403);
    await editor.get('/admin/queues').expect(403);
  });
});
