import { IdentityCheckService } from '../../src/library/identity-check.service.js';
import { QuoteUsabilityService } from '../../src/library/quote-usability.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('library module', () => {
  it('documents every library endpoint in OpenAPI', async () => {
    const t = await startTestApp();
    try {
      const doc = (await t.http().get('/api/openapi.json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const library = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/library'))
        .flatMap(([path, ops]) =>
          Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
        );
      expect(library.sort()).toEqual(
        [
          'GET /api/library/defectors',
          'POST /api/library/defectors',
          'GET /api/library/defectors/{id}',
          'GET /api/library/defectors/{id}/consent-impact',
          'PATCH /api/library/defectors/{id}',
          'POST /api/library/defectors/{id}/consent',
          'GET /api/library/defectors/{id}/identifying-details',
          'POST /api/library/defectors/{id}/identifying-details',
          'PATCH /api/library/defectors/{id}/identifying-details/{detailId}',
          'DELETE /api/library/defectors/{id}/identifying-details/{detailId}',
          'POST /api/library/identity-check',
          'GET /api/library/quotes',
          'POST /api/library/quotes',
          'GET /api/library/quotes/export.csv',
          'POST /api/library/quotes/import',
          'GET /api/library/quotes/{id}',
          'GET /api/library/quotes/{id}/retraction-impact',
          'PATCH /api/library/quotes/{id}',
          'POST /api/library/quotes/{id}/legal-review',
          'POST /api/library/quotes/{id}/retract',
          'POST /api/library/quotes/{id}/verification',
          'POST /api/library/quotes/{id}/vetting',
          'GET /api/library/sources',
          'POST /api/library/sources',
          'GET /api/library/sources/{id}',
          'PATCH /api/library/sources/{id}',
          'GET /api/library/themes',
          'POST /api/library/themes',
          'PATCH /api/library/themes/{key}',
        ].sort(),
      );
    } finally {
      await t.close();
    }
  });

  it('gives a worker process the usability and identity checks but no library endpoints', async () => {
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ APP_ROLE: 'worker' });
      expect(await t.app.get(QuoteUsabilityService).usability([])).toEqual([]);
      expect(await t.app.get(IdentityCheckService).check('text', [])).toEqual([]);
      await t.http().get('/api/library/themes').expect(404);
    } finally {
      await t?.close();
    }
  });
});
