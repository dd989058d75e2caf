import request from 'supertest';
import { MetricsServer } from '../../src/observability/metrics-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const metricsPort = (t: TestApp) =>
  request(`http://127.0.0.1:${t.app.get(MetricsServer).address()!.port}`);

describe('/metrics', () => {
  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('is not served on the API port, to anyone', async () => {
      await t.http().get('/metrics').expect(404);
      await t.http().get('/metrics').set('Authorization', 'Bearer anything').expect(404);
    });

    it('is served to Prometheus on its own port, bound to loopback', async () => {
      expect(t.app.get(MetricsServer).address()!.address).toBe('127.0.0.1');
      const res = await metricsPort(t).get('/metrics').expect(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toContain('countervoice_posts_published_total');
      expect(res.text).toMatch(/countervoice_posts\{status="published"\} \d+/);
      await metricsPort(t).get('/api/auth/me').expect(404);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    const token = 'scrape-secret-1d7c';
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN: token });
    });
    afterAll(() => t.close());

    it('serves the API port only to the bearer of the token', async () => {
      await t.http().get('/metrics').expect(401);
      await t.http().get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
      const res = await t
        .http()
        .get('/metrics')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(res.text).toContain('countervoice_queue_depth');
    });

    it('requires the token on the metrics port too', async () => {
      await metricsPort(t).get('/metrics').expect(401);
      await metricsPort(t).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    });
  });
});
