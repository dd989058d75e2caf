import { startTestApp, type TestApp, TEST_PASSWORD } from '../support/test-app.js';

describe('what the web UI reads instead of copying server rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ OVERDUE_ALERT_SECONDS: '120' });
  });
  afterAll(() => t.close());

  it('tells a signed-in editor what their roles let them do, on /me and at sign-in', async () => {
    const editor = await t.as(['editor']);
    const me = await editor.get('/api/auth/me').expect(200);
    expect(me.body.capabilities).toMatchObject({
      composePosts: true,
      reviewPosts: true,
      schedulePosts: true,
      managePauses: true,
      vetQuotes: true,
      clearIdentityMatches: false,
      seeIdentifyingDetails: false,
      withdrawConsent: false,
      administer: false,
    });
    expect(me.body.reviewStages).toEqual(['editorial']);

    const { email } = await t.user(['safety_reviewer']);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    expect(login.body.capabilities).toMatchObject({
      clearIdentityMatches: true,
      seeIdentifyingDetails: true,
      composePosts: false,
    });
    expect(login.body.reviewStages).toEqual(['safety']);
  });

  it('says no where the server refuses: an admin neither vets quotes nor reviews posts', async () => {
    const admin = await t.as(['admin']);
    const me = await admin.get('/api/auth/me').expect(200);
    expect(me.body.capabilities).toMatchObject({ administer: true, vetQuotes: false });
    expect(me.body.reviewStages).toEqual([]);
    await admin.get('/api/posts/review-queue').expect(403);
  });

  it('serves the verification order and the overdue limit the server applies', async () => {
    await t.http().get('/api/settings/rules').expect(401);
    const analyst = await t.as(['analyst']);
    const rules = await analyst.get('/api/settings/rules').expect(200);
    expect(rules.body).toEqual({
      verificationOrder: ['unverified', 'single_source', 'corroborated'],
      overdueAlertSeconds: 120,
    });
  });
});
