import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every date in the web follows the user's locale and time zone, kept on the user. */
describe('own display preferences', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('starts at en-GB in the browser’s zone, saves both, and refuses what it cannot format', async () => {
    const analyst = await t.as(['analyst']);
    expect((await analyst.get('/api/auth/me').expect(200)).body).toMatchObject({
      locale: 'en-GB',
      timeZone: null,
    });
    await analyst
      .put('/api/auth/preferences', { locale: 'fr-FR', timeZone: 'Asia/Baghdad' })
      .expect(204);
    expect((await analyst.get('/api/auth/me').expect(200)).body).toMatchObject({
      locale: 'fr-FR',
      timeZone: 'Asia/Baghdad',
    });

    const bad = await analyst
      .put('/api/auth/preferences', { locale: 'not a locale', timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['locale', 'isLocale'],
        ['timeZone', 'isIanaTimezone'],
      ]),
    );
    expect((await analyst.get('/api/auth/me').expect(200)).body.locale).toBe('fr-FR');

    await analyst.put('/api/auth/preferences', { locale: 'en-GB', timeZone: null }).expect(204);
    expect((await analyst.get('/api/auth/me').expect(200)).body.timeZone).toBeNull();
  });
});
