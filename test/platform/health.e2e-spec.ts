import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health endpoints', () => {
  describe('in the all role', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('is live without signing in', async () => {
      await t.http().get('/health/live').expect(200, { status: 'ok' });
    });

    it('is ready when PostgreSQL, Redis and the workers are', async () => {
      const res = await t.http().get('/health/ready').expect(200);
      expect(res.body.info).toMatchObject({
        postgres: { status: 'up' },
        redis: { status: 'up' },
        workers: { status: 'up' },
      });
    });
  });

  describe('in the api role', () => {
    let api: TestApp;
    let worker: TestApp | undefined;
    beforeAll(async () => {
      api = await startTestApp({ APP_ROLE: 'api' });
    });
    afterAll(async () => {
      await worker?.close();
      await api.close();
    });

    it('is unready while no worker consumes the publish queue, and ready once one does', async () => {
      const alone = await api.http().get('/health/ready').expect(503);
      expect(alone.body.error.publishing.message).toMatch(/no worker is consuming/);
      expect(alone.body.info).not.toHaveProperty('workers');
      worker = await startTestApp({
        APP_ROLE: 'worker',
        DATABASE_URL: api.config.database.url,
        QUEUE_PREFIX: api.config.redis.prefix,
      });
      const res = await api.http().get('/health/ready').expect(200);
      expect(Object.keys(res.body.info).sort()).toEqual(['postgres', 'publishing', 'redis']);
    });
  });

  describe('in the worker role', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ APP_ROLE: 'worker' });
    });
    afterAll(() => t.close());

    it('serves health but no API', async () => {
      await t.http().get('/health/ready').expect(200);
      await t.http().post('/api/auth/login').send({ email: 'a@b.test', password: 'x' }).expect(404);
    });

    it('turns unready when its workers stop', async () => {
      const { JobWorkers } = await import('../../src/queue/job-workers.js');
      await t.app.get(JobWorkers).onApplicationShutdown();
      const res = await t.http().get('/health/ready').expect(503);
      expect(res.body.error.workers.status).toBe('down');
    });
  });
});
