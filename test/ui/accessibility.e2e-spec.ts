import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-users.js';
import { publishingTeam, scheduledPost } from '../support/publishing-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import {
  ensureWebBuilt,
  launchChromium,
  personAt,
  screenshot,
  signInThroughUi,
  startUiApp,
} from './ui-app.js';

/**
 * Every screen of the app, as the demo team sees it, at a desktop and a phone viewport: axe finds
 * no critical or serious violation on our own pages, and at 390 px no page is wider than the
 * screen (no horizontal scrolling). The demo seed gives every screen real content.
 */
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Visit {
  path: string;
  /** The page's own heading, so the check runs on the loaded screen, not a spinner. */
  heading: RegExp;
}

describe('every screen is accessible and fits a phone', () => {
  const STEP = 240_000;
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  const visits: Record<'admin' | 'author' | 'safety' | 'analyst', Visit[]> = {
    admin: [],
    author: [],
    safety: [],
    analyst: [],
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    ({ t, baseUrl } = await startUiApp({ DEMO_MODE: 'true' }));
    const admin = await t.signIn('admin@demo.countervoice.test', DEMO_PASSWORD);
    const quote = (await admin.get('/api/library/quotes?limit=1').expect(200)).body.items[0];
    // The demo seeds no posts: a scheduled one gives the post page, lists and calendar content.
    const team = await publishingTeam(t);
    const campaignId = (await admin.get('/api/campaigns').expect(200)).body.items[0].id;
    const channelId = (await admin.get('/api/channels').expect(200)).body[0].id;
    const post = {
      id: await scheduledPost(
        t,
        team,
        { campaignId, channelId },
        ['Eight months of guarding an empty road.', 'Nobody back home knew.'],
        new Date(Date.now() + 3 * 86_400_000),
      ),
    };
    visits.admin = [
      { path: '/', heading: /^Today$/ },
      { path: '/library', heading: /^Quote library$/ },
      { path: '/library/new', heading: /quote/i },
      { path: '/library/import', heading: /import/i },
      { path: `/library/${quote.id}`, heading: /./ },
      { path: `/library/${quote.id}/edit`, heading: /quote/i },
      { path: '/compose', heading: /^Compose$/ },
      { path: '/posts', heading: /^Posts$/ },
      { path: `/posts/${post.id}`, heading: /^Post on/ },
      { path: '/review', heading: /review/i },
      { path: '/calendar', heading: /^Calendar$/ },
      { path: '/feed', heading: /feed/i },
      { path: '/settings/campaigns', heading: /^Settings$/ },
      { path: '/settings/channels', heading: /^Settings$/ },
      { path: '/settings/pauses', heading: /^Settings$/ },
      { path: '/settings/users', heading: /^Settings$/ },
      { path: '/settings/audit', heading: /^Settings$/ },
      { path: '/no-such-page', heading: /^Page not found$/ },
    ];
    visits.author = [
      { path: '/', heading: /^Today$/ },
      { path: '/compose', heading: /^Compose$/ },
      { path: `/posts/${post.id}`, heading: /^Post on/ },
    ];
    visits.safety = [
      { path: '/', heading: /^Today$/ },
      { path: '/review', heading: /review/i },
      { path: `/library/${quote.id}`, heading: /./ },
    ];
    visits.analyst = [
      { path: '/', heading: /^Today$/ },
      { path: '/posts', heading: /^Posts$/ },
    ];
    browser = await launchChromium();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, STEP);

  /** What axe reports as critical or serious, one line per node, readable in a failure. */
  const seriousViolations = async (page: Page): Promise<string[]> => {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  };

  const overflow = (page: Page) =>
    page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));

  for (const viewport of VIEWPORTS) {
    for (const role of ['admin', 'author', 'safety', 'analyst'] as const) {
      it(
        `${role} at ${viewport.width}×${viewport.height}`,
        async () => {
          const person = await personAt(browser, `${role}@demo.countervoice.test`, viewport);
          try {
            await signInThroughUi(person, baseUrl, DEMO_PASSWORD);
            const problems: string[] = [];
            for (const visit of visits[role]) {
              const { page } = person;
              await page.goto(`${baseUrl}${visit.path}`);
              await page.getByRole('heading', { level: 1, name: visit.heading }).first().waitFor();
              await page.waitForLoadState('networkidle');
              for (const v of await seriousViolations(page)) problems.push(`${visit.path}: ${v}`);
              if (viewport.name === 'phone') {
                const { document, viewport: width } = await overflow(page);
                if (document > width)
                  problems.push(`${visit.path}: ${document} px wide in a ${width} px viewport`);
              }
              if (role === 'admin')
                await screenshot(
                  page,
                  `a11y-${viewport.name}-${visit.path.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'today'}`,
                );
            }
            expect(problems).toEqual([]);
          } finally {
            await person.context.close();
          }
        },
        STEP,
      );
    }
  }
});
