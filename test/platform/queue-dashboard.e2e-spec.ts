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

  it('still turns away anonymous callers and signed-in non-admins', async () => {
    await t.http().put('/admin/queues/api/queues/publish/pause').expect(401);
    const editor = await t.as(['editor']);
    await editor.put('/admin/queues/api/queues/publish/pause').expect(403);
    await editor.get('/admin/queues').expect(403);
  });
});
